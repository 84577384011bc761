import Foundation
import Testing
import SOSecureCore
import SOSecureRemediation
import SOSecureRules
@testable import SOSecureSelfPlay
import SOSecureTestSupport

/// Self-play on C-family tasks: risk points from the C-family rules' call patterns, units cut at braces and
/// semicolons, branches judged by the JavaScript rules, prompts in the task's language.
@Suite struct SelfPlayCFamilyTests {
    /// An Express route: `app.get` (any `*.get` is an SQL or SSRF sink), `fs.readFile` and `res.send` are watched calls.
    static let route = """
    const express = require("express");
    const fs = require("fs");
    const app = express();

    app.get("/config", (req, res) => {
      fs.readFile("config.json", "utf8", (err, text) => {
        res.send(text);
      });
    });

    """

    /// One risk point: `MessageDigest.getInstance` on line 6, asked for SHA-256 (safe, yet the call the
    /// weak-digest rule watches).
    static let reference = """
    import java.security.MessageDigest;
    import java.util.HexFormat;

    public class Checksums {
        public static String checksum(byte[] data) throws Exception {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(data));
        }
    }

    interface Named { String name(); }

    """

    static let task = CodingTask(id: "checksum", language: .java, prompt: "Write Checksums.checksum(byte[]) returning a hex digest.",
                                 reference: reference, cwes: [328], line: 1)

    // Continuations from line 6; like models, the secure one runs on past the class.
    static let secure = """
            MessageDigest md = MessageDigest.getInstance("SHA-512");
            return HexFormat.of().formatHex(md.digest(data));
        }
    }

    class Demo {
    }

    """
    static let vulnerable = """
            MessageDigest md = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md.digest(data));
        }
    }

    """
    static let broken = """
            MessageDigest md = MessageDigest.getInstance("SHA-256";

    """

    @Test func riskPointsAreTheCallsTheCFamilyPatternsName() throws {
        let finder = CodeRiskPointFinder(rules: try RuleLoader.builtIn())
        #expect(finder.sensitiveNames(for: .javascript).contains("*.readFile"))
        #expect(finder.sensitiveNames(for: .go).contains("md5.Sum"))
        #expect(finder.sensitiveNames(for: .javascript).contains("eval"))
        #expect(finder.riskPoints(in: Self.route, language: .javascript)
            == [RiskPoint(line: 5, callee: "app.get"), RiskPoint(line: 6, callee: "fs.readFile"), RiskPoint(line: 7, callee: "res.send")])
        #expect(finder.riskPoints(in: Self.reference, language: .java) == [RiskPoint(line: 6, callee: "MessageDigest.getInstance")])
        // TypeScript is read with the JavaScript rules; a call in a comment or a string is no call.
        let typed = "// fs.readFile(x)\nconst note = \"eval(x)\";\nconst value = eval(\n  input);\n"
        #expect(finder.riskPoints(in: typed, language: .typescript) == [RiskPoint(line: 3, callee: "eval")])
        let go = "package main\n\nfunc sum(data []byte) {\n\tresult := md5.Sum(\n\t\tdata)\n\t_ = result\n}\n"
        #expect(finder.riskPoints(in: go, language: .go) == [RiskPoint(line: 4, callee: "md5.Sum")])
    }

    @Test func patternCallNamesSkipMetavariablesSyntaxAndStrings() {
        #expect(CodeCallName(pattern: "$FS.readFile($SINK, ...)", language: .javascript)?.description == "*.readFile")
        #expect(CodeCallName(pattern: "new Function(..., $BODY)", language: .javascript)?.description == "Function")
        #expect(CodeCallName(pattern: "hmac.New(md5.New, ...)", language: .go)?.description == "hmac.New")
        #expect(CodeCallName(pattern: "$OBJ->query(\"SELECT\" . $X)", language: .php)?.description == "*.query")
        #expect(CodeCallName(pattern: "$NAME = $VALUE", language: .javascript) == nil)
        #expect(CodeCallName(pattern: "$F($X)", language: .javascript) == nil)
        #expect(CodeCallName(pattern: "if ($X) { exec($Y); }", language: .c)?.description == "exec")
        #expect(CodeCallName(pattern: "\"eval(x)\" + run($Y)", language: .javascript)?.description == "run")
        let any = CodeCallName(pattern: "$FS.readFile($SINK)", language: .javascript)
        #expect(any?.matches(["fs", "readFile"]) == true && any?.matches(["readFile"]) == false)
    }

    @Test func javaTaskBranchesAtItsRiskPointAndYieldsAPair() async throws {
        let server = try ScriptedOpenAIServer()
        let answers = Answers([Self.secure, Self.vulnerable, Self.broken])
        server.responder = { request in
            if request.path.hasSuffix("/completions") && !request.path.hasSuffix("/chat/completions") {
                return .error(status: 404, message: "404 page not found")
            }
            return .completion("Here is the rest:\n```java\n\(answers.next())```\n")
        }
        defer { server.stop() }
        let runner = SelfPlayFixtures.runner(server, configuration: SelfPlayConfiguration(branches: 3, depth: 1),
                                             judge: try SelfPlayFixtures.judge())
        let result = try await runner.run([Self.task])

        let tree = try #require(result.trees.first)
        #expect(tree.status == .expanded, "\(tree.reason ?? "")")
        #expect(tree.riskPoints == [RiskPoint(line: 6, callee: "MessageDigest.getInstance")])
        let root = try #require(tree.root)
        #expect(root.children.map(\.label) == [.secure, .vulnerable, .unparsable])
        // The secure answer ran past the class: it is cut where the next top-level declaration starts, and the
        // parent's own code after the class is put back.
        let secure = root.children[0]
        #expect(!secure.continuation.contains("Demo"))
        #expect(secure.code.hasSuffix("}\n\ninterface Named { String name(); }\n"), "\(secure.code)")
        #expect(root.children[2].problem?.contains("at line") == true, "\(root.children[2].problem ?? "")")

        let pair = try #require(result.pairs.first)
        #expect(result.pairs.count == 1)
        #expect(pair.line == 6 && pair.rule == "java-weak-message-digest" && pair.cwe == "CWE-328")
        #expect(pair.prompt.hasPrefix("// Write Checksums.checksum(byte[])"), "\(pair.prompt)")

        // The continuation was asked for in Java.
        let chat = server.requests.filter { $0.path.hasSuffix("/chat/completions") }
        let system = chat.first?.messages.first { $0.role == "system" }?.content ?? ""
        #expect(system.hasPrefix("You continue Java programs. Reply with one fenced java code block"), "\(system)")
    }

    /// Hands out the scripted continuations in turn.
    final class Answers: @unchecked Sendable {
        private let lock = NSLock()
        private var index = 0
        private let answers: [String]

        init(_ answers: [String]) { self.answers = answers }

        func next() -> String {
            lock.withLock {
                defer { index += 1 }
                return answers[index % answers.count]
            }
        }
    }
}
