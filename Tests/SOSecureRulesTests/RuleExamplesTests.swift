import Foundation
import SOSecureCore
import SOSecurePython
import Testing
@testable import SOSecureRules

/// Every rule's embedded examples are tests: vulnerable ones are flagged exactly on their `# expect` lines,
/// safe ones are silent, and the variants a line-regex scanner gets wrong behave.
@Suite("Rule examples")
struct RuleExamplesTests {
    /// Python rules; the C-family rules have their own suite (`CFamilyRuleExamplesTests`).
    static let rules: [Rule] = ((try? RuleLoader.builtIn()) ?? []).filter { $0.language == .python }
    static var ids: [String] { rules.map(\.id) }

    static func rule(_ id: String) throws -> Rule { try #require(rules.first { $0.id == id }) }

    /// Findings of `rule` in `source`, as 1-based (line, column) pairs; syntax errors are reported as issues.
    static func positions(_ rule: Rule, _ source: String, label: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [(line: Int, column: Int)] {
        let parse = PythonParser.parse(source, path: "\(rule.id).py")
        if let error = parse.errors.first {
            Issue.record("\(rule.origin): \(label) does not parse: \(error)", sourceLocation: sourceLocation)
        }
        return PythonAnalyzer(rules: [rule]).analyze(parse, path: "\(rule.id).py").map { ($0.start.line, $0.start.column) }
    }

    static func expectedLines(_ source: String) -> [Int] {
        source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.contains(RuleExamples.expectMarker) }.map { $0.offset + 1 }
    }

    @Test("the built-in rules load, so the parameterized tests below have cases")
    func rulesLoaded() throws {
        #expect(try !RuleLoader.builtIn().isEmpty)
    }

    @Test("vulnerable examples are flagged exactly on their # expect lines", arguments: ids)
    func vulnerable(id: String) throws {
        let rule = try Self.rule(id)
        for (index, example) in rule.examples.vulnerable.enumerated() {
            let lines = Set(Self.positions(rule, example, label: "vulnerable[\(index)]").map(\.line))
            #expect(lines == Set(Self.expectedLines(example)), "\(rule.origin): vulnerable[\(index)] flagged lines \(lines.sorted()), expected \(Self.expectedLines(example))\n\(example)")
        }
    }

    @Test("safe examples are silent", arguments: ids)
    func safe(id: String) throws {
        let rule = try Self.rule(id)
        for (index, example) in rule.examples.safe.enumerated() {
            let lines = Self.positions(rule, example, label: "safe[\(index)]").map(\.line)
            #expect(lines.isEmpty, "\(rule.origin): safe[\(index)] flagged at lines \(lines)\n\(example)")
        }
    }

    @Test("a vulnerable example commented out is silent", arguments: ids)
    func insideComment(id: String) throws {
        let rule = try Self.rule(id)
        for (index, example) in rule.examples.vulnerable.enumerated() {
            let commented = example.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }.joined(separator: "\n")
            #expect(Self.positions(rule, commented, label: "commented vulnerable[\(index)]").isEmpty, "\(rule.origin): vulnerable[\(index)] commented out is flagged")
        }
    }

    @Test("a vulnerable example inside a string literal is silent", arguments: ids)
    func insideString(id: String) throws {
        let rule = try Self.rule(id)
        for (index, example) in rule.examples.vulnerable.enumerated() {
            let quote = example.contains("'''") ? "\"\"\"" : "'''"
            let escaped = example.replacingOccurrences(of: "\\", with: "\\\\")
            let wrapped = "EXAMPLE = \(quote)\n\(escaped)\n\(quote)\n"
            #expect(Self.positions(rule, wrapped, label: "string-wrapped vulnerable[\(index)]").isEmpty, "\(rule.origin): vulnerable[\(index)] inside a string is flagged")
        }
    }

    @Test("a multi-byte line prepended moves every finding one line down, same column", arguments: ids)
    func multiByteLine(id: String) throws {
        let rule = try Self.rule(id)
        for (index, example) in rule.examples.vulnerable.enumerated() {
            let original = Self.positions(rule, example, label: "vulnerable[\(index)]").map { "\($0.line + 1):\($0.column)" }
            let shifted = Self.positions(rule, "# Überprüfung – 检查 🚀 ünïcødé\n" + example, label: "shifted vulnerable[\(index)]")
                .map { "\($0.line):\($0.column)" }
            #expect(shifted == original, "\(rule.origin): vulnerable[\(index)] positions after a multi-byte line: \(shifted), expected \(original)")
        }
    }

    @Test("an aliased import is still found", arguments: ids)
    func aliasedImport(id: String) throws {
        let rule = try Self.rule(id)
        for (index, example) in rule.examples.vulnerable.enumerated() {
            guard let aliased = Self.aliasingFirstImport(example) else { continue }
            let lines = Set(Self.positions(rule, aliased, label: "aliased vulnerable[\(index)]").map(\.line))
            #expect(lines == Set(Self.expectedLines(example)), "\(rule.origin): vulnerable[\(index)] with an aliased import flagged \(lines.sorted())\n\(aliased)")
        }
    }

    @Test("a suppression comment on the flagged line silences it", arguments: ids)
    func suppressed(id: String) throws {
        let rule = try Self.rule(id)
        for (index, example) in rule.examples.vulnerable.enumerated() {
            let source = example.replacingOccurrences(of: RuleExamples.expectMarker, with: "# sosecure: ignore[\(rule.id)] reviewed")
            let parse = PythonParser.parse(source, path: "\(rule.id).py")
            var suppressions = SuppressionIndex(parse: parse, honorNosec: false)
            let remaining = PythonAnalyzer(rules: [rule]).analyze(parse, path: "\(rule.id).py")
                .filter { !suppressions.suppresses(ruleID: $0.ruleID, range: $0.range) }
            #expect(remaining.isEmpty, "\(rule.origin): vulnerable[\(index)] still flagged at \(remaining.map(\.start.line)) with a suppression")
        }
    }

    /// `import mod` (the first plain one) becomes `import mod as mod_alias`, and `mod.` uses follow.
    static func aliasingFirstImport(_ source: String) -> String? {
        var lines = source.components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.hasPrefix("import ") && !$0.contains(" as ") && !$0.contains(",") }) else {
            return nil
        }
        let module = String(lines[index].dropFirst("import ".count)).trimmingCharacters(in: .whitespaces)
        guard !module.isEmpty, module.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
        let alias = module.replacingOccurrences(of: ".", with: "_") + "_alias"
        lines[index] = "import \(module) as \(alias)"
        let pattern = "(?<![\\w.])" + NSRegularExpression.escapedPattern(for: module) + "\\."
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        // Other import statements name the real module and stay as written.
        for lineIndex in lines.indices where lineIndex != index && !lines[lineIndex].trimmingCharacters(in: .whitespaces).hasPrefix("from ")
            && !lines[lineIndex].trimmingCharacters(in: .whitespaces).hasPrefix("import ") {
            let line = lines[lineIndex]
            lines[lineIndex] = regex.stringByReplacingMatches(in: line, range: NSRange(line.startIndex..., in: line),
                                                              withTemplate: NSRegularExpression.escapedTemplate(for: alias) + ".")
        }
        return lines.joined(separator: "\n")
    }
}
