/// The names (identifiers, keywords, PHP variables) a file must hold for a rule to have any chance
/// there, as clauses that must all hold, each met by any one of its names. Worked out once per dialect
/// from the rule's formulas, so most files rule most rules out with a few index lookups instead of
/// evaluating every formula. Sound, not exact: a rule it lets through may still find nothing.
struct NameRequirement: Sendable {
    /// Every clause needs one of its names present; no clauses: no requirement.
    let clauses: [[String]]

    static let none = NameRequirement(clauses: [])

    /// What any match of `formula` needs.
    init(_ formula: CompiledFormula) {
        switch formula {
        case let .pattern(pattern):
            // The matcher skips a file without every one of these texts (`candidateLists`).
            clauses = pattern.allTexts.map { [$0] }
        case let .either(items):
            self = Self.anyOf(items.map(NameRequirement.init))
        case let .all(conjunction):
            // Every positive item and every `inside` filter must match; `not` filters and regexes need nothing.
            var clauses: [[String]] = []
            for item in conjunction.items {
                switch item {
                case let .inside(inner): clauses += NameRequirement(inner).clauses
                case let .either(alternatives) where item.isFilter:
                    // Inside one of several formulas: the names of one of them.
                    clauses += Self.anyOf(alternatives.map { alternative in
                        if case let .inside(inner) = alternative { return NameRequirement(inner) }
                        return .none
                    }).clauses
                case .not, .notInside, .metavariableRegex: continue
                default: clauses += NameRequirement(item).clauses
                }
            }
            self.clauses = clauses
        case .not, .inside, .notInside, .metavariableRegex:
            clauses = []
        }
    }

    init(clauses: [[String]]) { self.clauses = clauses }

    /// What one of several alternatives needs: a name from one clause of each. Any single clause per
    /// alternative gives a sound clause; the shortest keeps it tight.
    static func anyOf(_ alternatives: [NameRequirement]) -> NameRequirement {
        var names: [String] = []
        for alternative in alternatives {
            guard let clause = alternative.clauses.min(by: { $0.count < $1.count }) else { return .none }
            for name in clause where !names.contains(name) { names.append(name) }
        }
        return NameRequirement(clauses: names.isEmpty ? [] : [names])
    }

    /// What a rule's match needs: its search formula's names, or a taint rule's, which finds nothing
    /// without both a sink and a source.
    init(_ match: CompiledCodeMatch) {
        switch match {
        case let .search(formula, _):
            self = NameRequirement(formula)
        case let .taint(sources, sinks, _):
            clauses = Self.anyOf(sinks.map(NameRequirement.init)).clauses + Self.anyOf(sources.map(NameRequirement.init)).clauses
        }
    }

    /// The clauses by vocabulary number, so documents are asked without hashing. A clause with a name
    /// the vocabulary lacks is left out: dropping a clause only lets more files through.
    func numbered(in vocabulary: PatternVocabulary) -> NumberedNameRequirement {
        var numbered: [[Int]] = []
        for clause in clauses {
            let numbers = clause.compactMap { vocabulary.number(of: $0) }
            if numbers.count == clause.count { numbered.append(numbers) }
        }
        return NumberedNameRequirement(clauses: numbered)
    }
}

/// A `NameRequirement` by vocabulary numbers.
struct NumberedNameRequirement: Sendable {
    let clauses: [[Int]]

    /// Whether `document` holds a name of every clause.
    func isMet(by document: CodeDocument) -> Bool {
        for clause in clauses where !clause.contains(where: { document.lists(containing: $0) != nil }) { return false }
        return true
    }
}
