import Foundation
import SOSecureCore
import SOSecureRemediation
import SOSecureRules
import Testing

/// Every rule with a fix has a fixture pair `<rule-id>.py` / `<rule-id>.fixed.py`: the fixer, allowed to
/// apply unsafe fixes, must turn the first into the second, remove the rule's findings and add none.
@Suite struct DeterministicFixerFixtureTests {
    @Test func catalogHasRulesWithFixes() {
        #expect(RemediationFixtures.ruleIDsWithFixes.count >= 25)
    }

    @Test(arguments: RemediationFixtures.ruleIDsWithFixes)
    func fixturePairMatches(ruleID: String) throws {
        let rule = try #require(RemediationFixtures.rules.first { $0.id == ruleID })
        let vulnerable = try RemediationFixtures.text("\(ruleID).py")
        let expected = try RemediationFixtures.text("\(ruleID).fixed.py")
        let path = "\(ruleID).py"
        let judge = RemediationFixtures.judge
        let before = judge.judge(vulnerable, path: path)
        #expect(before.parses)
        #expect(before.findings.contains { $0.ruleID == ruleID }, "the fixture does not trigger \(ruleID)")

        let report = DeterministicFixer(judge: judge, allowUnsafe: true).fix(vulnerable, path: path)
        #expect(report.converged)
        #expect(report.text == expected, "fixed text differs:\n\(report.text)")
        let after = judge.judge(report.text, path: path)
        #expect(after.parses)
        let comparison = FindingComparison(before: before.findings, after: after.findings)
        #expect(comparison.introduced.isEmpty, "new findings: \(comparison.introduced.map(\.ruleID))")
        if rule.fix?.applicability == .displayOnly {
            #expect(report.applied.isEmpty)
            #expect(report.skipped.contains { $0.ruleID == ruleID && $0.reason.contains("display-only") })
        } else {
            #expect(!after.findings.contains { $0.ruleID == ruleID }, "\(ruleID) still reported after its fix")
            #expect(report.applied.contains { $0.ruleID == ruleID })
            #expect(report.dropped.isEmpty, "dropped: \(report.dropped)")
        }
    }

    @Test(arguments: RemediationFixtures.ruleIDsWithFixes)
    func unsafeFixesWaitForPermission(ruleID: String) throws {
        let rule = try #require(RemediationFixtures.rules.first { $0.id == ruleID })
        guard rule.fix?.applicability == .unsafe else { return }
        let vulnerable = try RemediationFixtures.text("\(ruleID).py")
        let report = DeterministicFixer(judge: RemediationFixtures.judge, allowUnsafe: false).fix(vulnerable, path: "\(ruleID).py")
        #expect(!report.applied.contains { $0.ruleID == ruleID })
        #expect(report.skipped.contains { $0.ruleID == ruleID && $0.reason.contains("--unsafe-fixes") })
    }

    @Test func everyFixtureBelongsToARuleWithAFix() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: RemediationFixtures.directory.path)
        let ruleIDs = Set(RemediationFixtures.ruleIDsWithFixes)
        for name in names where name.hasSuffix(".py") {
            let id = name.replacingOccurrences(of: ".fixed.py", with: "").replacingOccurrences(of: ".py", with: "")
            #expect(ruleIDs.contains(id), "\(name) has no rule with a fix")
        }
    }
}
