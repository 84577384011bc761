import Foundation
import SOSecureCore
import SOSecureRemediation
import SOSecureRules

/// Shared rules and fixture access for the remediation tests.
enum RemediationFixtures {
    /// Loaded once: the built-in catalog is the judge every test uses.
    static let rules: [Rule] = (try? RuleLoader.builtIn()) ?? []

    static var judge: RevisionJudge { RevisionJudge(rules: rules) }

    static var rationales: [String: String] {
        Dictionary(uniqueKeysWithValues: rules.map { ($0.id, $0.rationale) })
    }

    /// Fixtures are read beside this file until the test target declares them as resources.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/python")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static var ruleIDsWithFixes: [String] {
        rules.filter { $0.fix != nil && $0.language == .python }.map(\.id).sorted()
    }
}
