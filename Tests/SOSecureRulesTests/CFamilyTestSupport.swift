import Foundation
import SOSecureCore
import Testing
@testable import SOSecureRules

/// Builds C-family rules from a `match:` section written in a test, through the real loader.
enum CFamilyTestSupport {
    static func rule(_ language: Language, id: String = "demo-rule", match: String) throws -> Rule {
        let indented = match.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        let yaml = """
        id: \(id)
        language: \(language.rawValue)
        cwe: [78]
        severity: high
        confidence: high
        summary: demo
        rationale: demo
        match:
        \(indented)
        examples:
          vulnerable: ["x  // expect"]
          safe: ["y"]
        """
        return try RuleLoader.load(yaml: yaml, file: "\(id).yaml")
    }

    /// The findings of a rule in `code`, as the flagged source text.
    static func flagged(_ language: Language, match: String, _ code: String) throws -> [String] {
        let rule = try rule(language, match: match)
        let file = SourceFile(path: "demo", text: code)
        return CFamilyAnalyzer(rules: [rule]).analyze(file, language: language).map { file.text(in: $0.range) }
    }

    static func findings(_ language: Language, match: String, _ code: String) throws -> [Finding] {
        let rule = try rule(language, match: match)
        return CFamilyAnalyzer(rules: [rule]).analyze(SourceFile(path: "demo", text: code), language: language)
    }
}
