import Foundation
import SOSecureCore
import Testing
@testable import SOSecureRules

/// Every C-family rule's examples are tests, run on every language the rule applies to (JavaScript
/// rules on TypeScript too, C rules on C++): vulnerable ones are flagged exactly on their `// expect`
/// lines, safe ones are silent, and the variants a line-regex scanner gets wrong behave.
@Suite("C-family rule examples")
struct CFamilyRuleExamplesTests {
    static let rules: [Rule] = ((try? RuleLoader.builtIn()) ?? []).filter { $0.language.usesCodePatterns }
    static var ids: [String] { rules.map(\.id) }
    static let marker = "// expect"

    static func rule(_ id: String) throws -> Rule { try #require(rules.first { $0.id == id }) }

    static func findings(_ rule: Rule, _ source: String, language: Language) -> [Finding] {
        CFamilyAnalyzer(rules: [rule]).analyze(SourceFile(path: "example", text: source), language: language)
    }

    /// Findings left after suppression comments, through the same path a scan takes.
    static func unsuppressed(_ rule: Rule, _ source: String, language: Language) -> [Finding] {
        let file = SourceFile(path: "example", text: source)
        guard let analysis = CFamilyAnalyzer(rules: [rule]).analysis(file, language: language) else { return [] }
        var suppressions = CFamilySuppressions(document: analysis.document, honorNosec: false)
        return analysis.findings.filter { !suppressions.suppresses(ruleID: $0.ruleID, range: $0.range) }
    }

    static func expectedLines(_ source: String) -> Set<Int> {
        Set(source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.contains(marker) }.map { $0.offset + 1 })
    }

    static func lines(_ findings: [Finding]) -> Set<Int> { Set(findings.map(\.start.line)) }

    static func languages(_ rule: Rule) -> [Language] { rule.language.ruleTargets.sorted { $0.rawValue < $1.rawValue } }

    @Test("the built-in rules include C-family rules for every language, at least five each")
    func everyLanguageHasRules() {
        for language in Language.allCases where language != .python {
            let count = Self.rules.filter { $0.language.ruleTargets.contains(language) }.count
            #expect(count >= 5, "\(language.rawValue) has \(count) rules")
        }
    }

    @Test("vulnerable examples are flagged exactly on their // expect lines", arguments: ids)
    func vulnerable(id: String) throws {
        let rule = try Self.rule(id)
        for language in Self.languages(rule) {
            for (index, example) in rule.examples.vulnerable.enumerated() {
                let flagged = Self.lines(Self.findings(rule, example, language: language))
                #expect(flagged == Self.expectedLines(example),
                        "\(rule.origin) [\(language.rawValue)]: vulnerable[\(index)] flagged lines \(flagged.sorted()), expected \(Self.expectedLines(example).sorted())\n\(example)")
            }
        }
    }

    @Test("safe examples are silent", arguments: ids)
    func safe(id: String) throws {
        let rule = try Self.rule(id)
        for language in Self.languages(rule) {
            for (index, example) in rule.examples.safe.enumerated() {
                let flagged = Self.findings(rule, example, language: language)
                #expect(flagged.isEmpty, "\(rule.origin) [\(language.rawValue)]: safe[\(index)] flagged \(flagged.map { "\($0.start.line): \($0.message)" })\n\(example)")
            }
        }
    }

    /// Every line behind `//`, except PHP's opening tag (before it everything is inline HTML anyway).
    static func commentedOut(_ example: String) -> String {
        example.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("<?php") || $0.isEmpty ? String($0) : "// " + $0 }.joined(separator: "\n")
    }

    @Test("a vulnerable example commented out, line by line or in one block comment, is silent", arguments: ids)
    func insideComment(id: String) throws {
        let rule = try Self.rule(id)
        for (index, example) in rule.examples.vulnerable.enumerated() {
            let block = rule.language == .php
                ? example.replacingOccurrences(of: "<?php\n", with: "<?php\n/*\n").replacingOccurrences(of: "*/", with: "* /") + "\n*/\n"
                : "/*\n" + example.replacingOccurrences(of: "*/", with: "* /") + "\n*/\n"
            for variant in [Self.commentedOut(example), block] {
                let flagged = Self.findings(rule, variant, language: rule.language)
                #expect(flagged.isEmpty, "\(rule.origin): vulnerable[\(index)] commented out is flagged at \(Self.lines(flagged).sorted())\n\(variant)")
            }
        }
    }

    /// The example as the value of a string literal of the rule's language.
    static func insideString(_ example: String, language: Language) -> String {
        let body = example.replacingOccurrences(of: "<?php\n", with: "")
        switch language {
        case .php:
            let escaped = body.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            return "<?php\n$example = '\(escaped)';\n"
        default:
            var escaped = body.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            if language == .javascript || language == .typescript { escaped = escaped.replacingOccurrences(of: "`", with: "\\`") }
            switch language {
            case .go: return "package main\n\nvar example = \"\(escaped)\"\n"
            case .java: return "class Example {\n    static final String EXAMPLE = \"\(escaped)\";\n}\n"
            case .c, .cpp: return "static const char *example = \"\(escaped)\";\n"
            case .swift: return "let example = \"\(escaped)\"\n"
            default: return "const example = \"\(escaped)\";\n"
            }
        }
    }

    @Test("a vulnerable example inside a string literal is silent", arguments: ids)
    func insideStringLiteral(id: String) throws {
        let rule = try Self.rule(id)
        for (index, example) in rule.examples.vulnerable.enumerated() {
            let wrapped = Self.insideString(example, language: rule.language)
            let flagged = Self.findings(rule, wrapped, language: rule.language)
            #expect(flagged.isEmpty, "\(rule.origin): vulnerable[\(index)] inside a string is flagged\n\(wrapped)")
        }
    }

    @Test("a suppression comment on the flagged line silences it (// and /* */ forms, # in PHP)", arguments: ids)
    func suppressed(id: String) throws {
        let rule = try Self.rule(id)
        var forms = ["// sosecure: ignore[\(rule.id)] reviewed", "/* sosecure: ignore[\(rule.id.uppercased())] */"]
        if rule.language == .php { forms.append("# sosecure: ignore[\(rule.id)]") }
        for (index, example) in rule.examples.vulnerable.enumerated() {
            for form in forms {
                let source = example.replacingOccurrences(of: Self.marker, with: form)
                let remaining = Self.unsuppressed(rule, source, language: rule.language)
                #expect(remaining.isEmpty, "\(rule.origin): vulnerable[\(index)] still flagged at \(Self.lines(remaining).sorted()) with `\(form)`")
            }
            // Another rule's id silences nothing.
            let other = example.replacingOccurrences(of: Self.marker, with: "// sosecure: ignore[some-other-rule]")
            #expect(Self.lines(Self.unsuppressed(rule, other, language: rule.language)) == Self.expectedLines(example),
                    "\(rule.origin): vulnerable[\(index)] is silenced by another rule's suppression")
        }
    }

    @Test("a multi-byte line prepended moves every finding one line down, same column", arguments: ids)
    func multiByteLine(id: String) throws {
        let rule = try Self.rule(id)
        let prefix = rule.language == .php ? "<!-- Überprüfung – 检查 🚀 ünïcødé -->\n" : "// Überprüfung – 检查 🚀 ünïcødé\n"
        for (index, example) in rule.examples.vulnerable.enumerated() {
            let original = Self.findings(rule, example, language: rule.language).map { "\($0.start.line + 1):\($0.start.column)" }
            let shifted = Self.findings(rule, prefix + example, language: rule.language).map { "\($0.start.line):\($0.start.column)" }
            #expect(!original.isEmpty)
            #expect(shifted == original, "\(rule.origin): vulnerable[\(index)] positions after a multi-byte line: \(shifted), expected \(original)")
        }
    }

    @Test("the flagged line keeps its finding when code with multi-byte text precedes it on the same line", arguments: ids)
    func multiByteColumn(id: String) throws {
        let rule = try Self.rule(id)
        for (index, example) in rule.examples.vulnerable.enumerated() {
            // A comment in front of the first flagged line shifts it by the comment's bytes, not characters.
            let lines = example.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let target = lines.firstIndex(where: { $0.contains(Self.marker) }) else { continue }
            let comment = "/* ü🚀 */ "
            var edited = lines
            let indentation = edited[target].prefix { $0 == " " }
            edited[target] = indentation + comment + edited[target].dropFirst(indentation.count)
            let before = Self.findings(rule, example, language: rule.language).filter { $0.start.line == target + 1 }.map(\.start.column)
            let after = Self.findings(rule, edited.joined(separator: "\n"), language: rule.language).filter { $0.start.line == target + 1 }.map(\.start.column)
            #expect(after == before.map { $0 + comment.utf8.count }, "\(rule.origin): vulnerable[\(index)] columns \(after), expected \(before) shifted by \(comment.utf8.count)")
        }
    }
}
