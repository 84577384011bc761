import Foundation
import GRDB

/// What the knowledge base holds: `kb stats`.
public struct KnowledgeStats: Sendable, Codable, Equatable {
    public struct Count: Sendable, Codable, Equatable {
        public var name: String
        public var count: Int
    }

    public var path: String
    public var entries: Int
    public var byOrigin: [Count]
    public var byLanguage: [Count]
    /// The most frequent tags, at most 25.
    public var topTags: [Count]
    public var posts: Int
    public var comments: Int
    public var indexBytes: Int64
    public var interruptedIngests: [String]

    enum CodingKeys: String, CodingKey {
        case path, entries, posts, comments
        case byOrigin = "by_origin"
        case byLanguage = "by_language"
        case topTags = "top_tags"
        case indexBytes = "index_bytes"
        case interruptedIngests = "interrupted_ingests"
    }

    public static func collect(_ store: KnowledgeStore) throws -> KnowledgeStats {
        try store.read { db in
            func counts(_ sql: String) throws -> [Count] {
                try Row.fetchAll(db, sql: sql).map { Count(name: $0[0] ?? "unknown", count: $0[1]) }
            }
            var tagCounts: [String: Int] = [:]
            let cursor = try String.fetchCursor(db, sql: "SELECT tags FROM entries")
            while let tags = try cursor.next() {
                for tag in TagList.parse(tags) { tagCounts[tag, default: 0] += 1 }
            }
            let top = tagCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(25).map { Count(name: $0.key, count: $0.value) }
            var interrupted: [String] = []
            for row in try Row.fetchAll(db, sql: "SELECT origin, state FROM ingest_checkpoint") {
                let state: String = row["state"]
                if !state.contains("\"phase\":\"done\"") { interrupted.append(row["origin"]) }
            }
            return KnowledgeStats(
                path: store.path,
                entries: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entries") ?? 0,
                byOrigin: try counts("SELECT origin, COUNT(*) FROM entries GROUP BY origin ORDER BY COUNT(*) DESC, origin"),
                byLanguage: try counts("SELECT COALESCE(language, 'unknown'), COUNT(*) FROM entries GROUP BY 1 ORDER BY COUNT(*) DESC, 1"),
                topTags: Array(top),
                posts: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM posts") ?? 0,
                comments: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM comments") ?? 0,
                indexBytes: store.sizeOnDisk,
                interruptedIngests: interrupted)
        }
    }
}
