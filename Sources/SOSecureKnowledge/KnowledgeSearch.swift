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
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entries") ?? 0
            var kept: [QueryPlan.Term] = []
            let lookup = try db.cachedStatement(sql: "SELECT doc FROM entries_vocabulary WHERE term = ?")
            for term in candidates.terms {
                if term.text.contains(" ") {
                    kept.append(term)   // phrases (cwe 78) are not single vocabulary terms
                } else {
                    let documents = try Int.fetchOne(lookup, arguments: [term.text]) ?? 0
                    // Absent terms cannot match; near-universal ones only cost time.
                    if documents == 0 || (total >= 50 && documents * 10 > total * 6) { continue }
                    kept.append(term)
                }
                if kept.count >= builder.maxTerms { break }
            }
            let plan = QueryPlan(terms: kept)
            guard !plan.terms.isEmpty, query.k > 0 else { return SearchResult(queryTerms: plan.displayTerms, results: []) }
            var sql = """
                SELECT \(EntryIndex.selectColumns), bm25(entries_fts, ?, ?) AS rank
                FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid
                WHERE entries_fts MATCH ?
                """
            var arguments: StatementArguments = [codeWeight, proseWeight, plan.ftsExpression]
            if let language = query.language {
                let names = KnowledgeSearch.compatibleLanguages(language).map(\.rawValue)
                sql += " AND e.language IN (\(names.map { _ in "?" }.joined(separator: ", ")))"
                arguments += StatementArguments(names)
            }
            sql += " ORDER BY rank LIMIT ?"
            arguments += [query.k]
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
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
