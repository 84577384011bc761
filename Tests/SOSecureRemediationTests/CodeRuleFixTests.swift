import Foundation
import SOSecureCore
import SOSecureRemediation
import SOSecureRules
import Testing

/// C-family rules fix by replacing what they flag with a template (`fix: replace:`). On every vulnerable
/// example, the fixer (allowed unsafe fixes) must apply it, leave code that lexes, remove the rule's
/// findings and add none.
@Suite struct CodeRuleFixTests {
    static var rulesWithFixes: [Rule] {
        RemediationFixtures.rules.filter { $0.fix != nil && $0.language.usesCodePatterns }
    }

    @Test func someCodeRulesHaveFixes() {
        #expect(Self.rulesWithFixes.map(\.id).sorted() == ["go-tls-insecure-skip-verify", "go-tls-min-version-too-low",
                                                          "php-display-errors-enabled", "swift-webview-file-access-from-file-urls"])
    }

    @Test(arguments: rulesWithFixes.map(\.id))
    func fixRemovesTheFindingOnEveryVulnerableExample(ruleID: String) throws {
        let rule = try #require(Self.rulesWithFixes.first { $0.id == ruleID })
        let judge = RemediationFixtures.judge
        for (index, example) in rule.examples.vulnerable.enumerated() {
            let before = judge.judge(example, path: "example", language: rule.language)
            #expect(before.findings.contains { $0.ruleID == ruleID }, "\(ruleID) vulnerable[\(index)] is not flagged")
            #expect(before.findings.filter { $0.ruleID == ruleID }.allSatisfy { $0.fix != nil }, "\(ruleID) vulnerable[\(index)]: a finding without its fix")

            let report = DeterministicFixer(judge: judge, allowUnsafe: true).fix(example, path: "example", language: rule.language)
            #expect(report.applied.contains { $0.ruleID == ruleID }, "\(ruleID) vulnerable[\(index)]: not applied; dropped \(report.dropped)")
            #expect(report.dropped.isEmpty, "\(ruleID) vulnerable[\(index)]: dropped \(report.dropped)")
            let after = judge.judge(report.text, path: "example", language: rule.language)
            #expect(after.parses)
            #expect(!after.findings.contains { $0.ruleID == ruleID }, "\(ruleID) vulnerable[\(index)] still flagged:\n\(report.text)")
            #expect(FindingComparison(before: before.findings, after: after.findings).introduced.isEmpty)
        }
    }

    @Test func templateKeepsTheRestOfTheLineAndWaitsForPermission() throws {
        let source = """
        cfg := &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS10}
        client.Transport.(*http.Transport).TLSClientConfig.InsecureSkipVerify = true

        """
        let judge = RemediationFixtures.judge
        let fixed = DeterministicFixer(judge: judge, allowUnsafe: true).fix(source, path: "client.go")
        #expect(fixed.text == """
        cfg := &tls.Config{InsecureSkipVerify: false, MinVersion: tls.VersionTLS12}
        client.Transport.(*http.Transport).TLSClientConfig.InsecureSkipVerify = false

        """)
        #expect(Set(fixed.applied.map(\.ruleID)) == ["go-tls-insecure-skip-verify", "go-tls-min-version-too-low"])
        // Both fixes change behaviour, so without permission nothing is applied.
        let cautious = DeterministicFixer(judge: judge, allowUnsafe: false).fix(source, path: "client.go")
        #expect(cautious.text == source && cautious.applied.isEmpty)
        #expect(cautious.skipped.contains { $0.ruleID == "go-tls-insecure-skip-verify" && $0.reason.contains("--unsafe-fixes") })
    }

    @Test func loaderChecksTheTemplate() throws {
        let rule = { (fix: String, match: String) in
            """
            id: demo-fix
            language: go
            cwe: [295]
            severity: high
            confidence: high
            summary: s
            rationale: r
            match:
            \(match)
            fix:
            \(fix)
            examples:
              vulnerable: ["x := f(true) // expect", "f(true) // expect"]
              safe: ["f(false)", "g(true)"]
            """
        }
        let search = "  pattern: \"f($ON)\""
        _ = try RuleLoader.load(yaml: rule("  title: t\n  applicability: safe\n  replace: \"f(!$ON)\"", search), file: "demo-fix.yaml")
        #expect(throws: RuleLoadError.self) {
            try RuleLoader.load(yaml: rule("  title: t\n  applicability: safe\n  replace: \"f($OFF)\"", search), file: "demo-fix.yaml")
        }
        #expect(throws: RuleLoadError.self) {
            try RuleLoader.load(yaml: rule("  title: t\n  applicability: safe\n  rename-callee: g", search), file: "demo-fix.yaml")
        }
        let taint = "  taint:\n    sources: [\"os.Args\"]\n    sinks: [\"exec.Command($SINK)\"]"
        #expect(throws: RuleLoadError.self) {
            try RuleLoader.load(yaml: rule("  title: t\n  applicability: safe\n  replace: \"x\"", taint), file: "demo-fix.yaml")
        }
    }
}
