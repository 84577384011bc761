import Foundation
import SOSecureCore
import SOSecureRemediation
import SOSecureRules
import Testing

/// The judge on C-family code with the built-in rules: the same findings `scan` reports, the same
/// suppression comments and configuration filters, and the lexer's diagnostics as the parse check.
@Suite struct CFamilyJudgeTests {
    static let evalHandler = """
    const express = require("express");
    const app = express();

    app.get("/calc", (req, res) => {
      const result = eval(req.query.expression);
      res.send(String(result));
    });

    """

    static let parsedHandler = evalHandler.replacingOccurrences(of: "eval(req.query.expression)", with: "JSON.parse(req.query.expression)")

    /// One flaw per language, each found by that language's rules.
    static let samples: [(path: String, code: String, rule: String)] = [
        ("app.js", evalHandler, "js-eval-of-dynamic-code"),
        ("sum.go", "package main\n\nimport \"crypto/md5\"\n\nfunc checksum(data []byte) []byte {\n\tsum := md5.Sum(data)\n\treturn sum[:]\n}\n",
         "go-weak-hash"),
        ("A.java", """
        import java.security.MessageDigest;

        public class A {
            byte[] digest(byte[] data) throws Exception {
                MessageDigest md = MessageDigest.getInstance("MD5");
                return md.digest(data);
            }
        }

        """, "java-weak-message-digest"),
        ("read.c", "#include <stdio.h>\n\nint main(void) {\n    char name[64];\n    gets(name);\n    return 0;\n}\n", "c-gets-call"),
    ]

    @Test(arguments: samples.map(\.path))
    func judgesEachLanguageAsScanDoes(path: String) throws {
        let sample = try #require(Self.samples.first { $0.path == path })
        let judgement = RemediationFixtures.judge.judge(sample.code, path: sample.path)
        #expect(judgement.language == Language(path: path))
        #expect(judgement.parses)
        #expect(judgement.findings.map(\.ruleID) == [sample.rule])
        let scanned = ScanRunner(rules: RemediationFixtures.rules, config: ScanConfig(), threads: 1)
            .scanSource(SourceFile(path: sample.path, text: sample.code))
        #expect(judgement.findings == scanned.findings)
    }

    @Test func aNamedLanguageWinsOverThePath() {
        let judgement = RemediationFixtures.judge.judge(Self.evalHandler, path: "snippet", language: .javascript)
        #expect(judgement.language == .javascript)
        #expect(judgement.findings.map(\.ruleID) == ["js-eval-of-dynamic-code"])
    }

    @Test func suppressionCommentsAndConfigurationFilterAsInScan() {
        let judge = RemediationFixtures.judge
        let commented = Self.evalHandler.replacingOccurrences(
            of: "eval(req.query.expression);", with: "eval(req.query.expression);  // sosecure: ignore[js-eval-of-dynamic-code] sandboxed")
        #expect(judge.judge(commented, path: "app.js").findings.isEmpty)
        // The same words inside a string literal are no comment and silence nothing.
        let quoted = Self.evalHandler.replacingOccurrences(
            of: "eval(req.query.expression);", with: "eval(req.query.expression + \"// sosecure: ignore[js-eval-of-dynamic-code]\");")
        #expect(judge.judge(quoted, path: "app.js").findings.map(\.ruleID) == ["js-eval-of-dynamic-code"])
        let ignoring = RevisionJudge(rules: RemediationFixtures.rules,
                                     config: ScanConfig(ignore: [.rule("js-eval-of-dynamic-code")]))
        #expect(ignoring.judge(Self.evalHandler, path: "app.js").findings.isEmpty)
        let criticalOnly = RevisionJudge(rules: RemediationFixtures.rules, config: ScanConfig(minimumSeverity: .critical))
        #expect(criticalOnly.judge(Self.evalHandler, path: "app.js").findings.isEmpty)
    }

    @Test func lexerDiagnosticsAreSyntaxErrorsWithTheirLine() throws {
        let judge = RemediationFixtures.judge
        let unterminated = Self.parsedHandler.replacingOccurrences(of: "String(result));", with: "String(result), \"done);")
        let judgement = judge.judge(unterminated, path: "app.js")
        #expect(!judgement.parses)
        let error = try #require(judgement.syntaxErrors.first)
        #expect(judgement.describe(error).hasSuffix("at line 6"), "\(judgement.describe(error))")
        let unbalanced = judge.judge(Self.parsedHandler.replacingOccurrences(of: "});", with: "};"), path: "app.js")
        #expect(!unbalanced.parses)
    }

    @Test func verifierAcceptsASafeRevisionAndRefusesBrokenBracketsOrNewFindings() {
        let judge = RemediationFixtures.judge
        let verifier = RevisionVerifier(judge: judge)
        let input = judge.judge(Self.evalHandler, path: "app.js")

        let safe = verifier.verify(Self.parsedHandler, against: input, path: "app.js")
        #expect(safe.accepted, "\(safe.reasons)")
        #expect(safe.judgement.language == .javascript)

        let broken = verifier.verify(Self.parsedHandler.replacingOccurrences(of: "});", with: "};"), against: input, path: "app.js")
        #expect(!broken.accepted)
        #expect(broken.reasons.contains { $0.hasPrefix("the revision does not parse: ") && $0.contains(" at line ") }, "\(broken.reasons)")

        let worse = Self.parsedHandler.replacingOccurrences(of: "res.send(String(result));",
                                                            with: "res.send(String(result));\n  const token = Math.random().toString(36);")
        let added = verifier.verify(worse, against: input, path: "app.js")
        #expect(!added.accepted)
        #expect(added.introduced.map(\.ruleID) == ["js-math-random-for-secret"], "\(added.reasons)")
    }

    @Test func aMinifiedFileIsNotAnalyzedAndSaysSo() throws {
        let line = "var a=" + String(repeating: "1+", count: ScanRunner.minifiedLineBytes / 2) + "1;eval(x);\n"
        let judgement = RemediationFixtures.judge.judge(line, path: "bundle.min.js")
        #expect(judgement.findings.isEmpty)
        let error = try #require(judgement.syntaxErrors.first)
        #expect(error.message.hasPrefix("looks minified"))
    }

    @Test func theRevisionPromptNamesTheLanguageAndItsFence() {
        let builder = RevisionPromptBuilder()
        let finding = PromptFinding(ruleID: "go-weak-hash", cwes: [328], line: 6, message: "MD5", rationale: "")
        let prompt = builder.build(code: "package main\n", language: .go, findings: [finding], discussions: [])
        let system = prompt.messages[0].content
        #expect(system.contains("a Go program"))
        #expect(system.contains("```go"))
        #expect(prompt.messages[1].content.hasPrefix("Revise this Go program:"))
        let feedback = builder.feedback(reasons: ["x"], remaining: [], introduced: [], language: .cpp)
        #expect(feedback.hasSuffix("Answer with one ```cpp block containing the complete C++ program."))
    }
}
