import Foundation
import SOSecureCore
import Testing
@testable import SOSecureRules

/// The built-in rule files load, and each one carries what the rule format requires.
@Suite("Rule catalog")
struct RuleCatalogTests {
    static let rules: [Rule] = (try? RuleLoader.builtIn()) ?? []

    @Test("every built-in rule file loads")
    func allLoad() throws {
        let rules = try RuleLoader.builtIn()
        #expect(!rules.isEmpty)
        let ids = rules.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate rule ids: \(Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
    }

    @Test("built-in rules sit in their language's folder, so a scan can load one language's rules alone")
    func loadingByLanguage() throws {
        let rules = try RuleLoader.builtIn()
        for rule in rules {
            let folder = URL(fileURLWithPath: rule.origin).deletingLastPathComponent().lastPathComponent
            #expect(folder == rule.language.rawValue, "\(rule.origin): a \(rule.language.rawValue) rule must live in Rules/\(rule.language.rawValue)")
        }
        #expect(try RuleLoader.builtInRuleIDs() == Set(rules.map(\.id)))
        for language in Language.allCases {
            let loaded = try RuleLoader.builtIn(for: [language]).map(\.id).sorted()
            let expected = rules.filter { $0.language.ruleTargets.contains(language) }.map(\.id).sorted()
            #expect(loaded == expected, "\(language)")
            #expect(!loaded.isEmpty, "\(language)")
        }
        // C++ files also get the C rules; TypeScript files the JavaScript ones.
        let cpp = try RuleLoader.builtIn(for: [.cpp])
        #expect(cpp.contains { $0.language == .c } && cpp.contains { $0.language == .cpp })
        #expect(try RuleLoader.builtIn(for: []).isEmpty)
    }

    @Test("each rule has two vulnerable and two safe examples, a rationale and known CWEs", arguments: rules.map(\.id))
    func ruleIsComplete(id: String) throws {
        let rule = try #require(Self.rules.first { $0.id == id })
        #expect(rule.examples.vulnerable.count >= 2, "\(rule.origin): needs at least two vulnerable examples")
        #expect(rule.examples.safe.count >= 2, "\(rule.origin): needs at least two safe examples")
        #expect(rule.rationale.count >= 80, "\(rule.origin): the rationale should explain the risk in a few sentences")
        for cwe in rule.cwes {
            #expect(CWE.known(cwe.id) != nil, "\(rule.origin): CWE-\(cwe.id) is not in the CWE catalog (Sources/SOSecureCore/CWE.swift)")
        }
    }

    @Test("loader errors name the file, the line and the field")
    func loaderErrors() {
        let missingSeverity = """
        id: demo-rule
        cwe: [78]
        confidence: high
        summary: s
        rationale: r
        match:
          call:
            names: [os.system]
        examples:
          vulnerable: ["os.system(x)  # expect"]
          safe: ["print(1)"]
        """
        #expect(throws: RuleLoadError(file: "demo-rule.yaml", line: 1, field: "severity", message: "missing required field")) {
            try RuleLoader.load(yaml: missingSeverity, file: "demo-rule.yaml")
        }
        let badTest = missingSeverity.replacingOccurrences(of: "cwe: [78]", with: "cwe: [78]\nseverity: high")
            .replacingOccurrences(of: "    names: [os.system]", with: "    names: [os.system]\n    where:\n      - argument: 0\n        equal: 1")
        do {
            _ = try RuleLoader.load(yaml: badTest, file: "demo-rule.yaml")
            Issue.record("a misspelled test must be rejected")
        } catch let error as RuleLoadError {
            #expect(error.line == 12)
            #expect(error.field == "match.call.where[0].equal")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
