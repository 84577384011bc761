import Foundation
import SOSecureCFamily
import SOSecureCore
import Testing
@testable import SOSecureRules

/// A rule whose name requirement a file does not meet is skipped there, so the requirement must hold
/// wherever the rule's formulas find anything.
@Suite("Name requirements")
struct NameRequirementTests {
    static let rules: [Rule] = ((try? RuleLoader.builtIn()) ?? []).filter { $0.language.usesCodePatterns }

    /// Whether the rule's formulas, evaluated without the requirement, could report anything in the document.
    static func formulasFind(_ match: CompiledCodeMatch, _ document: CodeDocument) -> Bool {
        var evaluator = FormulaEvaluator(document: document)
        switch match {
        case let .search(formula, _):
            return !evaluator.matches(formula).isEmpty
        case let .taint(sources, sinks, _):
            return sinks.contains { !evaluator.matches($0).isEmpty } && sources.contains { !evaluator.matches($0).isEmpty }
        }
    }

    @Test("wherever a rule's formulas find code in its examples, its requirement is met; where it is not met they find nothing")
    func soundOnEveryExample() throws {
        #expect(Self.rules.count >= 100)
        var unmet = 0
        for rule in Self.rules {
            guard case let .code(code) = rule.match else { continue }
            // Every rule's examples, plus the other rules' examples of the same language: mostly files
            // where the rule has nothing to find, which is where the requirement does its work.
            let texts = Self.rules.filter { $0.language == rule.language }.flatMap { $0.examples.vulnerable + $0.examples.safe }
            for language in rule.language.ruleTargets {
                guard let dialect = Dialect(language: language) else { continue }
                let match = try CompiledCodeMatch(code, dialect: dialect)
                let vocabulary = PatternVocabulary(patterns: match.formulas.flatMap(\.patterns), dialect: dialect)
                let requirement = NameRequirement(match)
                let numbered = requirement.numbered(in: vocabulary)
                #expect(numbered.clauses.count == requirement.clauses.count, "\(rule.id): every name is in the vocabulary")
                for text in texts {
                    let document = CodeDocument(file: SourceFile(path: "example", text: text), dialect: dialect, vocabulary: vocabulary)
                    if numbered.isMet(by: document) { continue }
                    unmet += 1
                    #expect(!Self.formulasFind(match, document), "\(rule.id) [\(language.rawValue)]: requirement \(requirement.clauses) unmet, yet the formulas match in\n\(text)")
                }
            }
        }
        // The requirement must also be selective, or it saves nothing.
        #expect(unmet > 1000, "only \(unmet) rule/example pairs were ruled out")
    }

    @Test("alternatives need a name of one clause of each; taint rules need a sink's and a source's")
    func clauses() throws {
        let pattern = { (text: String) in CompiledFormula.pattern(try CodePatternCompiler.compile(text, dialect: .javascript)) }
        let either = NameRequirement(.either([try pattern("eval($X)"), try pattern("new Function(...)")]))
        #expect(either.clauses == [["eval", "new"]] || either.clauses == [["eval", "Function"]])
        #expect(NameRequirement(.either([try pattern("eval($X)"), try pattern("$F($X)")])).clauses.isEmpty,
                "an alternative without names can match anywhere")
        let taint = NameRequirement(CompiledCodeMatch.taint(sources: [try pattern("req.query")], sinks: [try pattern("exec(...)")], sanitizers: []))
        #expect(taint.clauses == [["exec"], ["req"]] || taint.clauses == [["exec"], ["query"]])
        let file = SourceFile(path: "a.js", text: "const q = req.query.q;\nconsole.log(q);\n")
        let vocabulary = PatternVocabulary(patterns: [try CodePatternCompiler.compile("req.query", dialect: .javascript),
                                                      try CodePatternCompiler.compile("exec(...)", dialect: .javascript)], dialect: .javascript)
        let document = CodeDocument(file: file, dialect: .javascript, vocabulary: vocabulary)
        #expect(!taint.numbered(in: vocabulary).isMet(by: document))
        let calling = CodeDocument(file: SourceFile(path: "b.js", text: "exec(req.query.cmd);\n"), dialect: .javascript, vocabulary: vocabulary)
        #expect(taint.numbered(in: vocabulary).isMet(by: calling))
    }
}
