import SOSecureCore

/// A weighted search term and the FTS5 expression built from a whole query.
public struct QueryPlan: Sendable, Equatable {
    public struct Term: Sendable, Equatable {
        public var text: String
        public var kind: TermKind
        /// How often the query repeats the term; FTS5's bm25 adds one contribution per occurrence.
        public var weight: Int
    }

    public var terms: [Term]

    /// The terms as shown to users (`query_terms` in JSON), in priority order.
    public var displayTerms: [String] { terms.map(\.text) }

    /// `"a" OR "a" OR "b"`: every term quoted (FTS5 syntax cannot leak through), repeated by weight.
    public var ftsExpression: String {
        var pieces: [String] = []
        for term in terms {
            let quoted = CodeQueryBuilder.quote(term.text)
            for _ in 0..<max(1, term.weight) { pieces.append(quoted) }
        }
        return pieces.joined(separator: " OR ")
    }
}

/// Turns code (and findings) into a BM25 query: identifiers split and kept whole, dotted API
/// names whole and split, keyword-argument names and boolean flags kept, keywords and
/// punctuation dropped, string-literal words down-weighted, finding terms boosted, capped.
public struct CodeQueryBuilder: Sendable {
    public var maxTerms: Int

    public init(maxTerms: Int = 32) {
        self.maxTerms = maxTerms
    }

    /// Words of CWE names that describe every weakness and so tell none apart.
    static let cweStopWords: Set<String> = [
        "improper", "neutralization", "of", "the", "in", "an", "a", "used", "special", "elements", "use", "input",
        "during", "to", "into", "for", "with", "without", "by", "or", "and", "on", "insufficient", "incorrect",
        "improperly", "controlled", "external", "control", "generation", "data", "sensitive", "information",
        "restriction", "operations", "within", "bounds", "memory", "unauthorized", "actor", "dynamically", "determined",
    ]

    public func plan(for query: KnowledgeQuery) -> QueryPlan {
        struct Tally { var kind: TermKind; var count: Int; var first: Int }
        var tally: [String: Tally] = [:]
        var order = 0
        func add(_ text: String, _ kind: TermKind) {
            guard text.count >= 2, text.count <= 48 else { return }
            order += 1
            if var existing = tally[text] {
                existing.count += 1
                if kind > existing.kind { existing.kind = kind }
                tally[text] = existing
            } else {
                tally[text] = Tally(kind: kind, count: 1, first: order)
            }
        }
        for finding in query.findings {
            for api in finding.apis {
                for term in CodeTokenizer.terms(in: api, language: query.language) { add(term.term, .boosted) }
            }
            for id in finding.cwes {
                // A phrase query: entries cite their weakness as "CWE-78" in prose.
                add("cwe \(id)", .boosted)
                for word in CodeQueryBuilder.cweWords(id) { add(word, .boosted) }
            }
        }
        for term in CodeTokenizer.terms(in: query.code, language: query.language) { add(term.term, term.kind) }

        let ranked = tally.sorted { lhs, rhs in
            if lhs.value.kind != rhs.value.kind { return lhs.value.kind > rhs.value.kind }
            if lhs.value.count != rhs.value.count { return lhs.value.count > rhs.value.count }
            return lhs.value.first < rhs.value.first
        }
        let terms = ranked.prefix(max(1, maxTerms)).map { entry in
            QueryPlan.Term(text: entry.key, kind: entry.value.kind, weight: CodeQueryBuilder.weight(entry.value.kind))
        }
        return QueryPlan(terms: terms)
    }

    static func weight(_ kind: TermKind) -> Int {
        switch kind {
        case .boosted: return 3
        case .api, .identifier: return 2
        case .part, .literal: return 1
        }
    }

    /// The distinctive words of a CWE's name: the short name in parentheses when there is one
    /// (`OS Command Injection`), otherwise the full name without generic words.
    static func cweWords(_ id: Int) -> [String] {
        guard let cwe = CWE.known(id) else { return [] }
        var name = Substring(cwe.name)
        if let open = name.firstIndex(of: "("), let close = name.lastIndex(of: ")"), open < close {
            name = name[name.index(after: open)..<close]
        }
        return name.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map { $0.lowercased() }
            .filter { $0.count >= 2 && !cweStopWords.contains($0) }
    }

    /// An FTS5 string: double quotes around, inner double quotes doubled.
    static func quote(_ term: String) -> String {
        "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
