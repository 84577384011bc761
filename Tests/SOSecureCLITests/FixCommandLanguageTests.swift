import Foundation
import SOSecureTestSupport
import Testing

/// `sosecure fix` on languages other than Python: the binary, a scripted OpenAI-compatible server on
/// 127.0.0.1, and the C-family judge deciding which revision is kept.
@Suite struct FixCommandLanguageTests {
    static let evalHandler = """
    const express = require("express");
    const app = express();

    app.get("/calc", (req, res) => {
      const result = eval(req.query.expression);
      res.send(String(result));
    });

    """

    static let safeHandler = evalHandler.replacingOccurrences(of: "eval(req.query.expression)", with: "JSON.parse(req.query.expression)")
    /// Safe, but the arrow function's `}` lost its `)`: the lexer reports an unclosed bracket.
    static let brokenHandler = safeHandler.replacingOccurrences(of: "});", with: "};")
    /// Safe from eval, but makes a token with Math.random.
    static let tokenHandler = safeHandler.replacingOccurrences(
        of: "res.send(String(result));", with: "const token = Math.random().toString(36);\n  res.send(String(result) + token);")

    static func answer(_ code: String) -> ScriptedOpenAIServer.Response {
        .completion("Here is the revision:\n\n```javascript\n\(code)```\n", model: "scripted-coder")
    }

    @Test func aJavaScriptFileIsRevisedOnlyByTheRevisionThatParsesAndAddsNoFinding() throws {
        let workspace = try FixCommandTests.Workspace()
        defer { workspace.remove() }
        try workspace.write("app.js", Self.evalHandler)
        let model = try ScriptedOpenAIServer(script: [Self.answer(Self.brokenHandler), Self.answer(Self.tokenHandler),
                                                      Self.answer(Self.safeHandler)])
        defer { model.stop() }
        let output = try workspace.fix(["--model", "scripted-coder", "--base-url", model.baseURL, "--max-rounds", "3",
                                        "--format", "json", "--write", "app.js"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let result = try #require((try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(result["status"] as? String == "fixed", "\(result)")
        #expect((result["findings_before"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } == ["js-eval-of-dynamic-code"])
        #expect(result["revised_code"] as? String == Self.safeHandler)
        let attempts = try #require(result["attempts"] as? [[String: Any]])
        #expect(attempts.map { $0["accepted"] as? Bool } == [false, false, true], "\(attempts)")
        let firstReasons = attempts.first?["reasons"] as? [String] ?? []
        #expect(firstReasons.contains { $0.hasPrefix("the revision does not parse: ") && $0.contains("at line") }, "\(firstReasons)")
        #expect((attempts[1]["introduced"] as? [String])?.contains { $0.hasPrefix("js-math-random-for-secret@") } == true, "\(attempts[1])")
        #expect(try workspace.read("app.js") == Self.safeHandler)

        // The model was asked for JavaScript, in a javascript fence, and told why its answers were refused.
        let requests = model.requests
        #expect(requests.count == 3)
        let system = requests.first?.messages.first { $0.role == "system" }?.content ?? ""
        #expect(system.contains("JavaScript program") && system.contains("```javascript"), "\(system)")
        let feedback = requests.last?.messages.last?.content ?? ""
        #expect(feedback.contains("js-math-random-for-secret"), "\(feedback)")
    }

    @Test func withoutAModelAJavaScriptFindingStaysAndIsReported() throws {
        let workspace = try FixCommandTests.Workspace()
        defer { workspace.remove() }
        try workspace.write("app.js", Self.evalHandler)
        let output = try workspace.fix(["--no-llm", "app.js"])
        #expect(output.status == 1, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("app.js: unchanged (1 finding → 1)"), "\(output.stdout)")
        #expect(output.stdout.contains("js-eval-of-dynamic-code"))
        #expect(!output.stderr.contains("not scanned"), "\(output.stderr)")
    }

    @Test func standardInputTakesItsLanguageFromTheOption() throws {
        let workspace = try FixCommandTests.Workspace()
        defer { workspace.remove() }
        let output = try workspace.fix(["--no-llm", "--format", "json", "--language", "js", "-"], stdin: Self.evalHandler)
        #expect(output.status == 1, "stderr: \(output.stderr)")
        let result = try #require((try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])?.first)
        #expect((result["findings_before"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } == ["js-eval-of-dynamic-code"])

        let unknown = try workspace.fix(["--no-llm", "--language", "cobol", "-"], stdin: "x")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("language 'cobol' is not supported; fix supports python, javascript"), "\(unknown.stderr)")
    }

    @Test func goJavaAndCFilesInAFolderAreJudgedByTheirOwnRules() throws {
        let workspace = try FixCommandTests.Workspace()
        defer { workspace.remove() }
        try workspace.write("sum.go", "package main\n\nimport \"crypto/md5\"\n\nfunc checksum(data []byte) []byte {\n\tsum := md5.Sum(data)\n\treturn sum[:]\n}\n")
        try workspace.write("read.c", "#include <stdio.h>\n\nint main(void) {\n    char name[64];\n    gets(name);\n    return 0;\n}\n")
        try workspace.write("A.java", "import java.security.MessageDigest;\n\npublic class A {\n    byte[] d(byte[] x) throws Exception {\n"
            + "        return MessageDigest.getInstance(\"MD5\").digest(x);\n    }\n}\n")
        let output = try workspace.fix(["--no-llm", "--format", "json", "."])
        #expect(output.status == 1, "stderr: \(output.stderr)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        var rules: [String: [String]] = [:]
        for result in results {
            rules[result["path"] as? String ?? "?"] = (result["findings_before"] as? [[String: Any]])?.compactMap { $0["rule"] as? String }
        }
        #expect(rules["A.java"] == ["java-weak-message-digest"], "\(rules)")
        #expect(rules["read.c"] == ["c-gets-call"], "\(rules)")
        #expect(rules["sum.go"] == ["go-weak-hash"], "\(rules)")
    }
}
