import Foundation
import SOSecureCFamily
import SOSecureCore

/// A `CodeFormula` with its patterns compiled for one dialect and its regexes built.
indirect enum CompiledFormula: Sendable {
    case pattern(CompiledPattern)
    case either([CompiledFormula])
    case all(CompiledConjunction)
    case not(CompiledFormula)
    case inside(CompiledFormula)
    case notInside(CompiledFormula)
    case metavariableRegex(String, MetavariableRegex)

    init(_ formula: CodeFormula, dialect: Dialect) throws {
        switch formula {
        case let .pattern(snippet): self = .pattern(try CodePatternCompiler.compile(snippet.text, dialect: dialect))
        case let .either(items): self = .either(try items.map { try CompiledFormula($0, dialect: dialect) })
        case let .all(items): self = .all(CompiledConjunction(try items.map { try CompiledFormula($0, dialect: dialect) }))
        case let .not(inner): self = .not(try CompiledFormula(inner, dialect: dialect))
        case let .inside(inner): self = .inside(try CompiledFormula(inner, dialect: dialect))
        case let .notInside(inner): self = .notInside(try CompiledFormula(inner, dialect: dialect))
        case let .metavariableRegex(name, regex):
            self = .metavariableRegex(name, try MetavariableRegex(regex))
        }
    }

    /// Every pattern in the formula, nested ones included.
    var patterns: [CompiledPattern] {
        switch self {
        case let .pattern(pattern): return [pattern]
        case let .either(items): return items.flatMap(\.patterns)
        case let .all(conjunction): return conjunction.items.flatMap(\.patterns)
        case let .not(inner), let .inside(inner), let .notInside(inner): return inner.patterns
        case .metavariableRegex: return []
        }
    }

    /// Every `metavariable-regex` filter in the formula, nested ones included.
    var regexFilters: [MetavariableRegex] {
        switch self {
        case .pattern: return []
        case let .either(items): return items.flatMap(\.regexFilters)
        case let .all(conjunction): return conjunction.items.flatMap(\.regexFilters)
        case let .not(inner), let .inside(inner), let .notInside(inner): return inner.regexFilters
        case let .metavariableRegex(_, regex): return [regex]
        }
    }

    /// As `CodeFormula.isFilter`: a `pattern-either` of `pattern-inside` items is a filter.
    var isFilter: Bool {
        switch self {
        case .not, .inside, .notInside, .metavariableRegex: return true
        case let .either(items): return !items.isEmpty && items.allSatisfy(\.isFilter)
        case .pattern, .all: return false
        }
    }
}

/// The items of a `patterns:` list, sorted once when compiled: every file evaluates them per rule, and
/// most files stop at the first positive item.
final class CompiledConjunction: Sendable {
    /// In the order written.
    let items: [CompiledFormula]
    /// The items that find code; the first one's matches are narrowed by the others.
    let positives: [CompiledFormula]
    /// `not`, `inside`, `not-inside` and `metavariable-regex` items.
    let filters: [CompiledFormula]
    /// The words each regex filter needs in the file (filters without such words are left out).
    let requiredWords: [RegexRequiredWords]
    /// Words the named metavariables' bindings must start with, from anchored regex filters.
    let leading: [String: RegexRequiredWords]
    /// Whether to ask the file for the regex filters' words before matching: only when the first
    /// positive item names nothing the document index can look up (a `$HASH(...)` would try every call
    /// of the file). A first item with names finds few candidates, and the regexes judge those directly.
    let testsWordsFirst: Bool

    init(_ items: [CompiledFormula]) {
        self.items = items
        positives = items.filter { !$0.isFilter }
        filters = items.filter(\.isFilter)
        var required: [RegexRequiredWords] = []
        var leading: [String: RegexRequiredWords] = [:]
        for case let .metavariableRegex(name, regex) in items {
            guard let words = regex.requiredWords else { continue }
            required.append(words)
            if words.leading != nil { leading[name] = words }
        }
        requiredWords = required
        self.leading = leading
        // A first item that needs names of the document index runs only where they are.
        testsWordsFirst = !required.isEmpty && (positives.first.map { NameRequirement($0).clauses.isEmpty } ?? true)
    }
}

/// Evaluates formulas over one document, remembering each pattern's matches (sources, sinks and
/// filters often repeat a pattern).
struct FormulaEvaluator {
    let document: CodeDocument
    private let matcher: TokenPatternMatcher
    private var cache: [PatternCacheKey: [PatternMatch]] = [:]
    private var plainResults: [[PatternMatch]?] = Array(repeating: nil, count: PatternNumbering.highest + 1)
    private let requiredWords: RequiredWordIndex
    /// Which of the index's words the file holds, read on the first question.
    private var presentWords: [Bool]?

    init(document: CodeDocument, requiredWords: RequiredWordIndex = RequiredWordIndex([])) {
        self.document = document
        self.requiredWords = requiredWords
        matcher = TokenPatternMatcher(dialect: document.dialect)
    }

    /// False when a `metavariable-regex` beside the patterns needs words the file does not contain:
    /// no binding can pass it, so the patterns need not run (a `$HASH(...)` pattern would otherwise
    /// try every call of the file).
    private mutating func mayPass(_ conjunction: CompiledConjunction) -> Bool {
        for required in conjunction.requiredWords where !requiredWords.mayHold(required, in: document.file.bytes, &presentWords) {
            return false
        }
        return true
    }

    /// `leading`: words the named metavariables' bindings must start with, from regex filters beside
    /// the formula; a pattern that starts with such a metavariable tries only the tokens that do.
    mutating func matches(_ formula: CompiledFormula, leading: [String: RegexRequiredWords] = [:]) -> [PatternMatch] {
        switch formula {
        case let .pattern(pattern):
            var start: RegexRequiredWords?
            if case let .metavariable(name) = pattern.nodes.first { start = leading[name] }
            // Most patterns run once per document without leading words: their results sit in an
            // array by pattern number, cheaper than a dictionary entry per pattern per file.
            if start == nil, pattern.id < plainResults.count {
                if let cached = plainResults[pattern.id] { return cached }
                let found = matcher.matches(pattern, in: document, startingWith: nil)
                plainResults[pattern.id] = found
                return found
            }
            let key = PatternCacheKey(pattern: pattern.id, leading: start?.leadingKey)
            if let cached = cache[key] { return cached }
            let found = matcher.matches(pattern, in: document, startingWith: start)
            cache[key] = found
            return found
        case let .either(items):
            var result: [PatternMatch] = []
            // Most alternatives find nothing: the set of ranges is made only once two have found some.
            var seen: Set<TextRange> = []
            for item in items {
                let found = matches(item, leading: leading)
                if found.isEmpty { continue }
                if result.isEmpty {
                    result = found
                    continue
                }
                if seen.isEmpty { seen = Set(result.map(\.range)) }
                for match in found where seen.insert(match.range).inserted { result.append(match) }
            }
            return result
        case let .all(conjunction):
            guard let first = conjunction.positives.first, !conjunction.testsWordsFirst || mayPass(conjunction) else { return [] }
            var result = matches(first, leading: conjunction.leading)
            for other in conjunction.positives.dropFirst() {
                if result.isEmpty { return [] }
                let theirs = matches(other, leading: conjunction.leading)
                result = result.compactMap { mine in
                    theirs.first { $0.range == mine.range && $0.agrees(with: mine) }.map { mine.merging($0) }
                }
            }
            if result.isEmpty { return [] }
            // A regex on a metavariable every candidate already binds is cheap and often decisive, so it
            // goes first; then inside filters, which may bind metavariables that later filters test.
            let filters = conjunction.filters
            let early = filters.indices.filter { index in
                guard case let .metavariableRegex(name, _) = filters[index] else { return false }
                return result.allSatisfy { $0.bindings[name] != nil }
            }
            let late = filters.indices.filter { !early.contains($0) }.sorted { rank(filters[$0]) < rank(filters[$1]) }
            for index in early + late {
                if result.isEmpty { break }
                result = apply(filters[index], to: result)
            }
            return result
        case .not, .inside, .notInside, .metavariableRegex:
            // A filter alone matches nothing; the loader only accepts filters beside a positive item.
            return []
        }
    }

    private func rank(_ filter: CompiledFormula) -> Int {
        switch filter {
        case .inside, .either: return 0
        case .not, .notInside: return 1
        default: return 2
        }
    }

    private mutating func apply(_ filter: CompiledFormula, to candidates: [PatternMatch]) -> [PatternMatch] {
        switch filter {
        case let .not(inner):
            let excluded = Set(matches(inner).map(\.range))
            return candidates.filter { !excluded.contains($0.range) }
        case let .inside(inner):
            let outer = matches(inner)
            return candidates.compactMap { candidate in
                outer.first { $0.range.contains(candidate.range) && $0.agrees(with: candidate) }.map { candidate.merging($0) }
            }
        case let .notInside(inner):
            let outer = matches(inner)
            return candidates.filter { candidate in !outer.contains { $0.range.contains(candidate.range) && $0.agrees(with: candidate) } }
        case let .either(alternatives):
            // Inside one of the alternatives: the first that keeps a candidate lends it its bindings.
            return candidates.compactMap { candidate in
                for alternative in alternatives {
                    if let kept = apply(alternative, to: [candidate]).first { return kept }
                }
                return nil
            }
        case let .metavariableRegex(name, regex):
            return candidates.filter { candidate in
                guard let binding = candidate.bindings[name] else { return false }
                let bytes = document.file.bytes
                return regex.matches(bytes[max(0, binding.range.start)..<min(binding.range.end, bytes.count)])
            }
        case .pattern, .all:
            return candidates
        }
    }
}

/// One pattern's matches in one document, under the leading words it was run with (if any).
private struct PatternCacheKey: Hashable {
    let pattern: Int
    let leading: String?
}
