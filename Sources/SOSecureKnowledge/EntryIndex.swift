import Foundation
import GRDB
import SOSecureCore

/// Writes entries with their full-text rows and reads them back. The FTS5 row shares the
/// entry's rowid; its two columns hold the code terms and the prose terms.
enum EntryIndex {
    /// Inserts `entry`, replacing an entry with the same key (and its FTS row).
    static func upsert(_ entry: KnowledgeEntry, _ db: Database) throws {
        try upsert(IndexedEntry(entry), db)
    }

    static func upsert(_ indexed: IndexedEntry, _ db: Database) throws {
        let lookup = try db.cachedStatement(sql: "SELECT id FROM entries WHERE key = ?")
        if let existing = try Int64.fetchOne(lookup, arguments: [indexed.entry.key]) {
            try db.execute(sql: "DELETE FROM entries_fts WHERE rowid = ?", arguments: [existing])
            try db.execute(sql: "DELETE FROM entries WHERE id = ?", arguments: [existing])
        }
        try insert(indexed, db)
    }

    /// Inserts an entry whose key is known to be new.
    static func insert(_ entry: KnowledgeEntry, _ db: Database) throws {
        try insert(IndexedEntry(entry), db)
    }

    static func insert(_ indexed: IndexedEntry, _ db: Database) throws {
        let entry = indexed.entry
        let statement = try db.cachedStatement(sql: """
            INSERT INTO entries(key, origin, answer_id, title, tags, language, cwe, apis, score, accepted,
                                question, question_code, answer, code, comments)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            entry.key, entry.origin, entry.answerID, entry.title, TagList.encode(entry.tags), entry.language?.rawValue,
            entry.cwes.map(String.init).joined(separator: ","), entry.apis.joined(separator: "\n"), entry.score,
            entry.accepted, entry.question, entry.questionCode, entry.answer, entry.code, indexed.commentsJSON,
        ])
        let rowid = db.lastInsertedRowID
        let fts = try db.cachedStatement(sql: "INSERT INTO entries_fts(rowid, code_terms, prose_terms) VALUES (?, ?, ?)")
        try fts.execute(arguments: [rowid, indexed.codeTerms, indexed.proseTerms])
    }

    /// The comment thread as JSON, keys sorted, the way `JSONEncoder` with `.sortedKeys` writes it:
    /// the same entry must always produce the same bytes (resume and rebuild compare equal), and
    /// the generic encoder cost more than the rest of building an entry.
    static func commentsJSON(_ comments: [KnowledgeEntry.Comment]) -> String {
        var output: [UInt8] = [UInt8(ascii: "[")]
        for (index, comment) in comments.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: #"{"score":"#.utf8)
            output.append(contentsOf: String(comment.score).utf8)
            output.append(contentsOf: #","text":""#.utf8)
            appendJSONEscaped(comment.text, to: &output)
            output.append(contentsOf: #"","warning":"#.utf8)
            output.append(contentsOf: (comment.warning ? "true" : "false").utf8)
            output.append(UInt8(ascii: "}"))
        }
        output.append(UInt8(ascii: "]"))
        return String(decoding: output, as: UTF8.self)
    }

    private static func appendJSONEscaped(_ text: String, to output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "/"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "/")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default:
                output.append(byte)
            }
        }
    }

    /// Removes every entry of `origin` with its FTS rows; returns how many.
    @discardableResult
    static func deleteEntries(origin: String, _ db: Database) throws -> Int {
        try db.execute(sql: "DELETE FROM entries_fts WHERE rowid IN (SELECT id FROM entries WHERE origin = ?)", arguments: [origin])
        try db.execute(sql: "DELETE FROM entries WHERE origin = ?", arguments: [origin])
        return db.changesCount
    }

    /// Recomputes the per-term document counts the query planner uses; called at the end of
    /// every operation that adds or removes entries.
    static func refreshStatistics(_ db: Database, optimize: Bool = false) throws {
        if optimize {
            // Merges the index segments a bulk load leaves behind, which speeds up every query.
            try db.execute(sql: "INSERT INTO entries_fts(entries_fts) VALUES ('optimize')")
        }
        try db.execute(sql: "DELETE FROM term_statistics")
        try db.execute(sql: "INSERT INTO term_statistics SELECT term, doc FROM entries_vocabulary")
        // Counting 150,000 entries costs a query about a millisecond; the count changes only here.
        try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) SELECT ?, COUNT(*) FROM entries", arguments: [entryCountKey])
    }

    static let entryCountKey = "entry_count"

    /// The number of entries as of the last statistics refresh (counted when none was recorded).
    static func entryCount(_ db: Database) throws -> Int {
        let recorded = try db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?")
        if let value = try String.fetchOne(recorded, arguments: [entryCountKey]), let count = Int(value) { return count }
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entries") ?? 0
    }

    /// Code of the question and the answer, as the tokenizer sees it.
    static func codeTerms(_ entry: KnowledgeEntry) -> String {
        let code = entry.questionCode.isEmpty ? entry.code : entry.questionCode + "\n" + entry.code
        return CodeTokenizer.termText(in: code, language: entry.language)
    }

    /// Title, tags, prose, comments, API names (whole and split) and the CWE ids with their names.
    static func proseTerms(_ entry: KnowledgeEntry) -> String {
        var pieces: [String] = [entry.title, entry.tags.joined(separator: " "), entry.question, entry.answer]
        pieces.append(contentsOf: entry.comments.map(\.text))
        for api in entry.apis {
            pieces.append(api)
            pieces.append(CodeTokenizer.termText(in: api, language: entry.language))
        }
        for id in entry.cwes {
            pieces.append("CWE-\(id) " + CodeQueryBuilder.cweWords(id).joined(separator: " "))
        }
        return pieces.joined(separator: "\n")
    }

    static let selectColumns = """
        e.key, e.origin, e.answer_id, e.title, e.tags, e.language, e.cwe, e.apis, e.score, e.accepted,
        e.question, e.question_code, e.answer, e.code, e.comments
        """

    /// Decodes a row selected with `selectColumns`.
    static func entry(from row: Row) -> KnowledgeEntry {
        let tags: String = row["tags"] ?? ""
        let cwe: String = row["cwe"] ?? ""
        let apis: String = row["apis"] ?? ""
        let commentsJSON: String = row["comments"] ?? "[]"
        let comments = (try? JSONDecoder().decode([KnowledgeEntry.Comment].self, from: Data(commentsJSON.utf8))) ?? []
        let languageName: String? = row["language"]
        return KnowledgeEntry(
            key: row["key"] ?? "", origin: row["origin"] ?? "", answerID: row["answer_id"],
            title: row["title"] ?? "", tags: TagList.parse(tags),
            language: languageName.flatMap(Language.init(rawValue:)),
            cwes: cwe.split(separator: ",").compactMap { Int($0) },
            apis: apis.split(separator: "\n").map(String.init),
            score: row["score"] ?? 0, accepted: row["accepted"] ?? false,
            question: row["question"] ?? "", questionCode: row["question_code"] ?? "",
            answer: row["answer"] ?? "", code: row["code"] ?? "", comments: comments)
    }

    static func fetch(key: String, _ db: Database) throws -> KnowledgeEntry? {
        try Row.fetchOne(db, sql: "SELECT \(selectColumns) FROM entries e WHERE e.key = ?", arguments: [key]).map(entry(from:))
    }
}

/// An entry with the texts its rows are written from, computed before the write transaction
/// (an ingest builds them on one thread while another writes the previous batch).
struct IndexedEntry: Sendable {
    var entry: KnowledgeEntry
    var codeTerms: String
    var proseTerms: String
    var commentsJSON: String

    init(_ entry: KnowledgeEntry) {
        self.entry = entry
        codeTerms = EntryIndex.codeTerms(entry)
        proseTerms = EntryIndex.proseTerms(entry)
        commentsJSON = EntryIndex.commentsJSON(entry.comments)
    }
}
