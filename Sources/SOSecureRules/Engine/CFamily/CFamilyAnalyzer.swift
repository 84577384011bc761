import Foundation
import SOSecureCFamily
import SOSecureCore

/// A C-family rule's match compiled for one dialect.
enum CompiledCodeMatch: Sendable {
    case search(CompiledFormula, focus: String?)
    case taint(sources: [CompiledFormula], sinks: [CompiledFormula], sanitizers: [CompiledFormula])

    /// The formulas of the match: the search formula, or every source, sink and sanitizer.
    var formulas: [CompiledFormula] {
        switch self {
        case let .search(formula, _): return [formula]
        case let .taint(sources, sinks, sanitizers): return sources + sinks + sanitizers
        }
    }

    init(_ match: CodeMatch, dialect: Dialect) throws {
        switch match.mode {
        case let .search(formula):
            self = .search(try CompiledFormula(formula, dialect: dialect), focus: match.focus)
        case let .taint(taint):
            self = .taint(sources: try taint.sources.map { try CompiledFormula($0, dialect: dialect) },
                          sinks: try taint.sinks.map { try CompiledFormula($0, dialect: dialect) },
                          sanitizers: try taint.sanitizers.map { try CompiledFormula($0, dialect: dialect) })
        }
    }
}

/// What one C-family file produced: findings plus what suppression needs.
struct CFamilyAnalysis: Sendable {
    let findings: [Finding]
    let document: CodeDocument
}

/// Runs the C-family rules (JavaScript, TypeScript, Java, Go, C, C++, PHP, Swift) over token trees.
/// Each rule's patterns are compiled once per dialect it applies to; thread-safe, one instance per scan.
public struct CFamilyAnalyzer: Sendable {
    public let rules: [Rule]
    private let targetLanguages: Set<Language>
    /// Compiled rules per dialect, filled on first use from any scan thread.
    private let cache = LockedDictionary<Dialect, CompiledDialectRules>()

    public init(rules: [Rule]) {
        self.rules = rules.filter { $0.language.usesCodePatterns }
        targetLanguages = Set(self.rules.flatMap(\.language.ruleTargets))
    }

    /// Whether any rule applies to files of `language`.
    public func hasRules(for language: Language) -> Bool { targetLanguages.contains(language) }

    /// The rules for one dialect, compiled on first use: a scan of Python files never pays for them.
    private func compiled(_ dialect: Dialect) -> CompiledDialectRules {
        // Compiled under the lock, so two threads never compile one dialect twice.
        cache.withLock { byDialect in
            if let known = byDialect[dialect] { return known }
            var matches: [(rule: Int, match: CompiledCodeMatch)] = []
            for (index, rule) in rules.enumerated() {
                guard case let .code(match) = rule.match,
                      rule.language.ruleTargets.contains(where: { Dialect(language: $0) == dialect }) else { continue }
                // The loader compiled every pattern already; a rule built in code that does not compile is skipped.
                guard let ready = try? CompiledCodeMatch(match, dialect: dialect) else { continue }
                matches.append((index, ready))
            }
            let formulas = matches.flatMap(\.match.formulas)
            let requirements = formulas.flatMap(\.regexFilters).compactMap(\.requiredWords)
            let vocabulary = PatternVocabulary(patterns: formulas.flatMap(\.patterns), dialect: dialect)
            let result = matches.map { rule, match in
                CompiledCodeRule(rule: rule, match: match, requirement: NameRequirement(match).numbered(in: vocabulary))
            }
            let compiled = CompiledDialectRules(rules: result, requiredWords: RequiredWordIndex(requirements), vocabulary: vocabulary)
            byDialect[dialect] = compiled
            return compiled
        }
    }

    /// Every finding of the rules for `language` in `file`, sorted by position then rule.
    public func analyze(_ file: SourceFile, language: Language) -> [Finding] {
        analysis(file, language: language)?.findings ?? []
    }

    func analysis(_ file: SourceFile, language: Language) -> CFamilyAnalysis? {
        // Offsets in the flat tree are 32-bit; the scanner's size limit keeps files far below that.
        guard let dialect = Dialect(language: language), file.bytes.count < Int(Int32.max) else { return nil }
        let ready = compiled(dialect)
        let document = CodeDocument(file: file, dialect: dialect, vocabulary: ready.vocabulary)
        var evaluator = FormulaEvaluator(document: document, requiredWords: ready.requiredWords)
        var findings: [Finding] = []
        for compiled in ready.rules where compiled.requirement.isMet(by: document) {
            // The rule is read only when it finds something: copying a `Rule` per rule per file showed
            // in profiles.
            let index = compiled.rule
            var seen: Set<TextRange> = []
            switch compiled.match {
            case let .search(formula, focus):
                for found in Self.outermost(evaluator.matches(formula)) {
                    let range = focus.flatMap { found.bindings[$0]?.range } ?? found.range
                    guard seen.insert(range).inserted else { continue }
                    let rule = rules[index]
                    let fix = rule.fix.flatMap { Self.fix($0, ruleID: rule.id, range: range, bindings: found.bindings, document: document) }
                    findings.append(finding(rule, range: range, path: [], fix: fix, document: document))
                }
            case let .taint(sourceFormulas, sinkFormulas, sanitizerFormulas):
                // Sinks first: they name specific calls most files lack, while sources are often broad.
                let sinks = sinkFormulas.flatMap { evaluator.matches($0) }.map { sink in
                    (focus: sink.bindings[CodeTaint.sinkMetavariable]?.range ?? sink.range, match: sink.range)
                }
                guard !sinks.isEmpty else { continue }
                let sources = sourceFormulas.flatMap { evaluator.matches($0) }
                guard !sources.isEmpty else { continue }
                let sanitizers = sanitizerFormulas.flatMap { evaluator.matches($0) }.map(\.range)
                var analysis = CodeTaintAnalysis(document: document, sources: sources, sinks: sinks, sanitizers: sanitizers)
                for tainted in analysis.run() where seen.insert(tainted.range).inserted {
                    findings.append(finding(rules[index], range: tainted.range, path: tainted.path, document: document))
                }
            }
        }
        findings.sort { ($0.range.start, $0.range.end, $0.ruleID) < ($1.range.start, $1.range.end, $1.ruleID) }
        return CFamilyAnalysis(findings: findings, document: document)
    }

    /// One finding per flaw: a pattern that starts with a metavariable (`$T = Math.random()`) also matches
    /// from inside its own match (`const token = …` and `token = …`), and alternatives of one rule can
    /// match nested code. A match inside another match of the same rule is dropped.
    static func outermost(_ matches: [PatternMatch]) -> [PatternMatch] {
        let sorted = matches.sorted { ($0.range.start, -$0.range.end) < ($1.range.start, -$1.range.end) }
        var kept: [PatternMatch] = []
        var reach = -1
        for match in sorted {
            // Sorted by start, longest first: a match is nested when an earlier one reaches past its end.
            if match.range.end <= reach { continue }
            kept.append(match)
            reach = max(reach, match.range.end)
        }
        return kept
    }

    private func finding(_ rule: Rule, range: TextRange, path: [TaintHop], fix: Fix? = nil, document: CodeDocument) -> Finding {
        let file = document.file
        let flow = path.map { DataflowStep(role: $0.role, range: $0.range, location: file.location(of: $0.range.start), message: $0.message) }
        return Finding(ruleID: rule.id, message: rule.message, cwes: rule.cwes, severity: rule.severity, confidence: rule.confidence,
                       path: file.path, range: range, start: file.location(of: range.start), end: file.location(of: range.end),
                       dataflow: flow, fix: fix, flaggedCode: file.text(in: range))
    }

    /// A `replace` fix for one match: the flagged range becomes the template with the match's
    /// metavariables filled in (none when the template names one this match did not bind).
    static func fix(_ spec: FixSpec, ruleID: String, range: TextRange, bindings: [String: MetavariableBinding],
                    document: CodeDocument) -> Fix? {
        guard case let .replaceMatch(template) = spec.operation,
              let replacement = CodePatternText.filled(template, { name in bindings[name].map { document.text($0.range) } }) else { return nil }
        return try? Fix(title: spec.title, edits: [Edit(range: range, replacement: replacement)], applicability: spec.applicability,
                        origin: .rule(id: ruleID))
    }
}

/// One rule compiled for one dialect, with the names a file needs for it to find anything. A class:
/// every file walks the list, and a reference is one retain where the struct's fields were several.
private final class CompiledCodeRule: Sendable {
    /// The rule's index in `CFamilyAnalyzer.rules`.
    let rule: Int
    let match: CompiledCodeMatch
    let requirement: NumberedNameRequirement

    init(rule: Int, match: CompiledCodeMatch, requirement: NumberedNameRequirement) {
        self.rule = rule
        self.match = match
        self.requirement = requirement
    }
}

/// One dialect's compiled rules and the words their regex filters need.
private struct CompiledDialectRules: Sendable {
    let rules: [CompiledCodeRule]
    let requiredWords: RequiredWordIndex
    let vocabulary: PatternVocabulary
}
