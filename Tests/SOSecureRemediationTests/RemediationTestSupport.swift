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

    /// The fixture pairs, copied into the test bundle (`resources: [.copy("Fixtures")]`).
    static let directory: URL = {
        guard let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("the SOSecureRemediationTests bundle has no Fixtures folder")
        }
        return fixtures.appendingPathComponent("python")
    }()

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static var ruleIDsWithFixes: [String] {
        rules.filter { $0.fix != nil && $0.language == .python }.map(\.id).sorted()
    }
}
