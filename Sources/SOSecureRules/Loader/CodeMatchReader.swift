import Foundation
import SOSecureCore

/// Reads the `match:` section of a C-family rule (`language: javascript`, `go`, `c`…) into a
/// `Matcher.code`. Every pattern is compiled with the language's lexer here, so a pattern that does not
/// lex or has unbalanced brackets fails loading with the file, line and field.
enum CodeMatchReader {
    static let formulaKeys = ["pattern", "pattern-either", "patterns"]
    static let filterKeys = ["pattern-not", "pattern-inside", "pattern-not-inside", "metavariable-regex"]

    static func matcher(_ reader: YAMLReader, language: Language) throws -> Matcher {
        try reader.checkKeys(formulaKeys + ["taint", "focus"])
        let present = reader.keys.filter { formulaKeys.contains($0) || $0 == "taint" }
        guard present.count == 1, let key = present.first else {
            throw reader.error("give exactly one of: \((formulaKeys + ["taint"]).joined(separator: ", "))")
        }
        let focusReader = try reader.optional("focus")
        let focus = try focusReader.map { try metavariable($0) }
        let match: CodeMatch
        if key == "taint" {
            if let focusReader { throw focusReader.error("taint rules focus on the `$SINK` metavariable of each sink instead") }
            match = CodeMatch(mode: .taint(try taint(try reader.required("taint"), language: language)))
        } else {
            let formula = try formula(reader, key: key, language: language)
            if let focus, let focusReader, !binds(formula, focus) {
                throw focusReader.error("no positive pattern binds \(focus)")
            }
            match = CodeMatch(mode: .search(formula), focus: focus)
        }
        return .code(match)
    }

    /// A formula given as a mapping with one formula key, or as plain pattern text.
    static func formula(_ reader: YAMLReader, language: Language) throws -> CodeFormula {
        if reader.node.scalar != nil { return .pattern(try snippet(reader, language: language)) }
        let present = reader.keys.filter { formulaKeys.contains($0) }
        try reader.checkKeys(formulaKeys)
        guard present.count == 1, let key = present.first else {
            throw reader.error("give exactly one of: \(formulaKeys.joined(separator: ", "))")
        }
        return try formula(reader, key: key, language: language)
    }

    private static func formula(_ reader: YAMLReader, key: String, language: Language) throws -> CodeFormula {
        let body = try reader.required(key)
        switch key {
        case "pattern":
            return .pattern(try snippet(body, language: language))
        case "pattern-either":
            let alternatives = try body.sequence().map { try formula($0, language: language) }
            if alternatives.isEmpty { throw body.error("list at least one alternative") }
            return .either(alternatives)
        default:
            let items = try body.sequence().map { try item($0, language: language) }
            guard items.contains(where: { !$0.isFilter }) else {
                throw body.error("list at least one positive item (pattern, pattern-either or patterns) besides the filters")
            }
            for (index, entry) in items.enumerated() {
                guard case let .metavariableRegex(name, _) = entry else { continue }
                if !items.contains(where: { !$0.isFilter && binds($0, name) }) && !items.contains(where: { bindsInside($0, name) }) {
                    throw body.error("no pattern of this list binds \(name)", field: "\(body.path)[\(index)].metavariable-regex")
                }
            }
            return .all(items)
        }
    }

    /// Whether a `pattern-inside` filter (or an either of them, in every alternative) binds `metavariable`.
    private static func bindsInside(_ filter: CodeFormula, _ metavariable: String) -> Bool {
        switch filter {
        case let .inside(inner): return binds(inner, metavariable)
        case let .either(items) where filter.isFilter: return items.allSatisfy { bindsInside($0, metavariable) }
        default: return false
        }
    }

    /// One entry of a `patterns:` list: a positive formula or a filter.
    private static func item(_ reader: YAMLReader, language: Language) throws -> CodeFormula {
        try reader.checkKeys(formulaKeys + filterKeys)
        guard reader.keys.count == 1, let key = reader.keys.first else {
            throw reader.error("give exactly one of: \((formulaKeys + filterKeys).joined(separator: ", "))")
        }
        let body = try reader.required(key)
        switch key {
        case "pattern-either" where (try body.sequence()).contains(where: { $0.keys.contains("pattern-inside") }):
            // Inside one of several formulas: every alternative is a `pattern-inside`.
            var alternatives: [CodeFormula] = []
            for alternative in try body.sequence() {
                guard alternative.keys == ["pattern-inside"] else {
                    throw alternative.error("a pattern-either with pattern-inside holds only pattern-inside alternatives")
                }
                alternatives.append(.inside(try formula(try alternative.required("pattern-inside"), language: language)))
            }
            return .either(alternatives)
        case "pattern-not": return .not(try formula(body, language: language))
        case "pattern-inside": return .inside(try formula(body, language: language))
        case "pattern-not-inside": return .notInside(try formula(body, language: language))
        case "metavariable-regex":
            try body.checkKeys(["metavariable", "regex"])
            return .metavariableRegex(metavariable: try metavariable(body.required("metavariable")),
                                      regex: try MatcherReader.checkedRegex(body.required("regex")))
        default: return try formula(reader, key: key, language: language)
        }
    }

    static func taint(_ reader: YAMLReader, language: Language) throws -> CodeTaint {
        try reader.checkKeys(["sources", "sinks", "sanitizers"])
        func list(_ name: String, required: Bool) throws -> [CodeFormula] {
            guard let listReader = required ? try reader.required(name) : try reader.optional(name) else { return [] }
            let items = try listReader.sequence().map { try formula($0, language: language) }
            if required, items.isEmpty { throw listReader.error("list at least one pattern") }
            return items
        }
        return CodeTaint(sources: try list("sources", required: true), sinks: try list("sinks", required: true),
                         sanitizers: try list("sanitizers", required: false))
    }

    static func metavariable(_ reader: YAMLReader) throws -> String {
        let name = try reader.nonEmptyString()
        guard CodePatternText.isMetavariable(name) else {
            throw reader.error("expected a metavariable: `$` and capital letters, digits or `_` (like $CMD)")
        }
        return name
    }

    private static func snippet(_ reader: YAMLReader, language: Language) throws -> CodeSnippet {
        let snippet = CodeSnippet(text: try reader.nonEmptyString(), line: reader.line, field: reader.path)
        for dialectLanguage in language.ruleTargets.sorted(by: { $0.rawValue < $1.rawValue }) {
            do {
                _ = try CodePatternCompiler.compile(snippet, language: dialectLanguage)
            } catch let error as CodePatternError {
                throw reader.error(error.message)
            }
        }
        return snippet
    }

    /// Whether a positive part of `formula` mentions `metavariable`.
    static func binds(_ formula: CodeFormula, _ metavariable: String) -> Bool {
        switch formula {
        case let .pattern(snippet): return CodePatternText.metavariables(in: snippet.text).contains(metavariable)
        case let .either(items): return items.contains { binds($0, metavariable) }
        case let .all(items): return items.contains { !$0.isFilter && binds($0, metavariable) }
        case .not, .inside, .notInside, .metavariableRegex: return false
        }
    }
}
