import Foundation
import SOSecureCFamily
import SOSecureCore

/// A `CodeFormula` with its patterns compiled for one dialect and its regexes built.
indirect enum CompiledFormula: Sendable {
    case pattern(CompiledPattern)
    case either([CompiledFormula])
    case all([CompiledFormula])
    case not(CompiledFormula)
    case inside(CompiledFormula)
    case notInside(CompiledFormula)
    case metavariableRegex(String, MetavariableRegex)

    init(_ formula: CodeFormula, dialect: Dialect) throws {
        switch formula {
        case let .pattern(snippet): self = .pattern(try CodePatternCompiler.compile(snippet.text, dialect: dialect))
        case let .either(items): self = .either(try items.map { try CompiledFormula($0, dialect: dialect) })
        case let .all(items): self = .all(try items.map { try CompiledFormula($0, dialect: dialect) })
        case let .not(inner): self = .not(try CompiledFormula(inner, dialect: dialect))
        case let .inside(inner): self = .inside(try CompiledFormula(inner, dialect: dialect))
        case let .notInside(inner): self = .notInside(try CompiledFormula(inner, dialect: dialect))
        case let .metavariableRegex(name, regex):
            do {
                self = .metavariableRegex(name, try MetavariableRegex(regex))
            } catch {
                throw CodePatternError(message: "invalid regular expression '\(regex)'")
            }
        }
    }

    var isFilter: Bool {
        switch self {
        case .not, .inside, .notInside, .metavariableRegex: return true
        case .pattern, .either, .all: return false
        }
    }
}

/// Evaluates formulas over one document, remembering each pattern's matches (sources, sinks and
/// filters often repeat a pattern).
struct FormulaEvaluator {
    let document: CodeDocument
    private let matcher: TokenPatternMatcher
    private var cache: [String: [PatternMatch]] = [:]

    init(document: CodeDocument) {
        self.document = document
        matcher = TokenPatternMatcher(dialect: document.dialect)
    }

    mutating func matches(_ formula: CompiledFormula) -> [PatternMatch] {
        switch formula {
        case let .pattern(pattern):
            if let cached = cache[pattern.source] { return cached }
            let found = matcher.matches(pattern, in: document)
            cache[pattern.source] = found
            return found
        case let .either(items):
            var seen: Set<TextRange> = []
            var result: [PatternMatch] = []
            for item in items {
                for match in matches(item) where seen.insert(match.range).inserted { result.append(match) }
            }
            return result
        case let .all(items):
            let positives = items.filter { !$0.isFilter }
            guard let first = positives.first else { return [] }
            var result = matches(first)
            for other in positives.dropFirst() {
                let theirs = matches(other)
                result = result.compactMap { mine in
                    theirs.first { $0.range == mine.range && $0.agrees(with: mine) }.map { mine.merging($0) }
                }
            }
            // Inside filters first: they may bind metavariables that later filters test.
            let filters = items.filter(\.isFilter).sorted { rank($0) < rank($1) }
            for filter in filters {
                result = apply(filter, to: result)
                if result.isEmpty { break }
            }
            return result
        case .not, .inside, .notInside, .metavariableRegex:
            // A filter alone matches nothing; the loader only accepts filters beside a positive item.
            return []
        }
    }

    private func rank(_ filter: CompiledFormula) -> Int {
        switch filter {
        case .inside: return 0
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
        case let .metavariableRegex(name, regex):
            return candidates.filter { candidate in
                guard let binding = candidate.bindings[name] else { return false }
                return regex.matches(document.text(binding.range))
            }
        case .pattern, .either, .all:
            return candidates
        }
    }
}

