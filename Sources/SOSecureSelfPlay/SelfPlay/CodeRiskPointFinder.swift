import SOSecureCFamily
import SOSecureCore
import SOSecureRules

/// Finds the risk points of C-family code (JavaScript, TypeScript, Java, Go, C, C++, PHP, Swift): statements
/// calling an API a rule's pattern calls, whether the call is flagged or not. The names come from the rules'
/// positive patterns and taint sinks (`md5.Sum(...)`, `$CHILD.exec(...)`), and calls are read from the
/// lexer's tokens, so a name in a string or comment is no call.
public struct CodeRiskPointFinder: Sendable {
    /// The call names of the rules for each language they apply to.
    let namesByLanguage: [Language: [CodeCallName]]

    public init(rules: [Rule]) {
        var names: [Language: [CodeCallName]] = [:]
        for rule in rules where rule.language.usesCodePatterns {
            guard case let .code(match) = rule.match else { continue }
            let found = Self.callNames(match, language: rule.language)
            for language in rule.language.ruleTargets {
                for name in found where !(names[language]?.contains(name) ?? false) { names[language, default: []].append(name) }
            }
        }
        namesByLanguage = names
    }

    /// The names a code match watches: the first call of each positive pattern, and of each taint sink.
    static func callNames(_ match: CodeMatch, language: Language) -> [CodeCallName] {
        switch match.mode {
        case let .search(formula): return positiveSnippets(formula).compactMap { CodeCallName(pattern: $0.text, language: language) }
        case let .taint(taint): return taint.sinks.flatMap(positiveSnippets).compactMap { CodeCallName(pattern: $0.text, language: language) }
        }
    }

    /// Patterns that say what matches; `pattern-not`, `pattern-inside` and the like only filter.
    private static func positiveSnippets(_ formula: CodeFormula) -> [CodeSnippet] {
        switch formula {
        case let .pattern(snippet): return [snippet]
        case let .either(items), let .all(items): return items.flatMap(positiveSnippets)
        case .not, .inside, .notInside, .metavariableRegex: return []
        }
    }

    /// The names watched in `language`, as `a.b` or `*.b`.
    public func sensitiveNames(for language: Language) -> [String] {
        (namesByLanguage[language] ?? []).map(\.description)
    }

    /// One risk point per line, in line order: the first line of each statement holding a watched call.
    public func riskPoints(in text: String, language: Language, path: String = "<selfplay>") -> [RiskPoint] {
        guard let dialect = Dialect(language: language), let names = namesByLanguage[language], !names.isEmpty else { return [] }
        let file = SourceFile(path: path, text: text)
        let syntax = CFamilySyntax.parse(file, dialect: dialect)
        let tokens = syntax.tokens.filter { $0.kind != .comment }
        var byLine: [Int: RiskPoint] = [:]
        var statementStart = 0
        var chain: [String] = []
        var chainStart = 0
        var expectingPart = true
        for (index, token) in tokens.enumerated() {
            switch token.kind {
            case .identifier, .keyword, .variable:
                if !expectingPart { chain = [] }
                if chain.isEmpty { chainStart = index }
                chain.append(syntax.text(token))
                expectingPart = false
            case .punctuation where [".", "?.", "->", "::"].contains(syntax.text(token)) && !chain.isEmpty && !expectingPart:
                expectingPart = true
            case .openBracket where token.bracket == .paren && !chain.isEmpty && !expectingPart:
                let called = chain.first == "new" ? Array(chain.dropFirst()) : chain
                if names.contains(where: { $0.matches(called) }) {
                    let line = file.location(of: tokens[min(statementStart, chainStart)].range.start).line
                    if byLine[line] == nil { byLine[line] = RiskPoint(line: line, callee: called.joined(separator: ".")) }
                }
                chain = []
                expectingPart = true
            default:
                chain = []
                expectingPart = true
            }
            // A statement ends at `;` and at braces: the next token starts one.
            if token.kind == .punctuation && syntax.text(token) == ";" || token.bracket == .brace {
                statementStart = index + 1
            }
        }
        return byLine.values.sorted { $0.line < $1.line }
    }
}
