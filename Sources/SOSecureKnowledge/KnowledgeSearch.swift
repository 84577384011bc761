import Foundation
import GRDB
import SOSecureCore

/// One retrieved discussion, in the shape of the `kb search --format json` output.
public struct SearchHit: Sendable, Codable, Equatable {
    public var id: String
    public var url: String
    public var title: String
    public var tags: [String]
    public var cwe: [Int]
    public var language: String?
    public var score: Double
    public var origin: String
    public var code: String
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case id, url, title, tags, cwe, language, score, origin, code, warnings
    }

    /// Writes `language: null` rather than leaving the key out, so every result has the same shape.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(url, forKey: .url)
        try container.encode(title, forKey: .title)
        try container.encode(tags, forKey: .tags)
        try container.encode(cwe, forKey: .cwe)
        if let language { try container.encode(language, forKey: .language) } else { try container.encodeNil(forKey: .language) }
        try container.encode(score, forKey: .score)
        try container.encode(origin, forKey: .origin)
        try container.encode(code, forKey: .code)
        try container.encode(warnings, forKey: .warnings)
    }
}

public struct SearchResult: Sendable, Codable, Equatable {
    public var queryTerms: [String]
    public var results: [SearchHit]

    enum CodingKeys: String, CodingKey {
        case queryTerms = "query_terms"
        case results
    }
}

/// BM25 retrieval over the entries' code and prose, driven by a code-aware query.
public struct KnowledgeSearch: Sendable {
    public let store: KnowledgeStore
    public var builder: CodeQueryBuilder
    /// bm25 column weights: code matches count more than prose matches.
    public var codeWeight = 1.0
    public var proseWeight = 0.6
    /// On indexes of 5,000 entries or more: how many (document, term) postings one query may read.
    public var postingBudget = 6_000

    public init(store: KnowledgeStore, builder: CodeQueryBuilder = CodeQueryBuilder()) {
        self.store = store
        self.builder = builder
    }

    /// Languages whose discussions answer each other's code.
    static func compatibleLanguages(_ language: Language) -> [Language] {
        switch language {
        case .javascript, .typescript: return [.javascript, .typescript]
        case .c, .cpp: return [.c, .cpp]
        default: return [language]
        }
    }

    public func search(_ query: KnowledgeQuery) throws -> SearchResult {
        // Plan generously, then keep the terms the index knows, most distinctive first within a kind.
        var wide = builder
        wide.maxTerms = builder.maxTerms * 3
        let candidates = wide.plan(for: query)
        return try store.read { db in
            let total = try EntryIndex.entryCount(db)
            // Document frequency of every candidate; phrases (cwe 78) are not vocabulary terms.
            let haveStatistics = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM term_statistics)")) ?? false
            let lookup = try db.cachedStatement(sql: haveStatistics
                ? "SELECT documents FROM term_statistics WHERE term = ?"
                : "SELECT doc FROM entries_vocabulary WHERE term = ?")
            var scored: [(term: QueryPlan.Term, documents: Int, order: Int)] = []
            for (order, term) in candidates.terms.enumerated() {
                let documents = term.text.contains(" ") ? 1 : (try Int.fetchOne(lookup, arguments: [term.text]) ?? 0)
                if documents > 0 { scored.append((term, documents, order)) }
            }
            // bm25 costs (matching rows × phrases): on a large index, common terms add time but
            // almost no ranking signal, so they go first; within a kind, rarer terms are preferred.
            let commonLimit = total >= 5_000 ? max(50, total / 20) : max(1, total * 6 / 10)
            // Total postings the query may touch on a large index; this bounds bm25's work per query.
            let budget = total >= 5_000 ? postingBudget : Int.max
            scored.sort { lhs, rhs in
                if lhs.term.kind != rhs.term.kind { return lhs.term.kind > rhs.term.kind }
                return total >= 5_000 ? lhs.documents < rhs.documents : lhs.order < rhs.order
            }
            var kept: [QueryPlan.Term] = []
            var postings = 0
            for item in scored where total < 50 || item.documents <= commonLimit {
                if kept.count >= builder.maxTerms { break }
                let cost = item.documents * item.term.weight
                if !kept.isEmpty, postings + cost > budget { continue }
                postings += cost
                kept.append(item.term)
            }
            // bm25 work grows with the phrase count; on a large index repeat only boosted terms.
            if total >= 5_000 {
                kept = kept.map { QueryPlan.Term(text: $0.text, kind: $0.kind, weight: $0.kind == .boosted ? 2 : 1) }
            }
            let plan = QueryPlan(terms: kept)
            guard !plan.terms.isEmpty, query.k > 0 else { return SearchResult(queryTerms: plan.displayTerms, results: []) }
            // Rank on rowids first and read whole entries only for the top k: joining every match's
            // text into the sort was the dominant cost on large indexes.
            var ranking = """
                SELECT entries_fts.rowid AS rid, bm25(entries_fts, ?, ?) AS rank
                FROM entries_fts JOIN entries f ON f.id = entries_fts.rowid
                WHERE entries_fts MATCH ?
                """
            var arguments: StatementArguments = [codeWeight, proseWeight, plan.ftsExpression]
            if let language = query.language {
                let names = KnowledgeSearch.compatibleLanguages(language).map(\.rawValue)
                ranking += " AND f.language IN (\(names.map { _ in "?" }.joined(separator: ", ")))"
                arguments += StatementArguments(names)
            }
            ranking += " ORDER BY rank LIMIT ?"
            arguments += [query.k]
            let sql = "SELECT \(EntryIndex.selectColumns), r.rank AS rank FROM (\(ranking)) r JOIN entries e ON e.id = r.rid ORDER BY r.rank"
            let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
            let hits = rows.map { row -> SearchHit in
                let entry = EntryIndex.entry(from: row)
                let rank: Double = row["rank"] ?? 0
                return SearchHit(id: entry.key, url: entry.url, title: entry.title, tags: entry.tags, cwe: entry.cwes,
                                 language: entry.language?.rawValue, score: (-rank * 1000).rounded() / 1000, origin: entry.origin,
                                 code: entry.code, warnings: entry.warnings)
            }
            return SearchResult(queryTerms: plan.displayTerms, results: hits)
        }
    }
}
