import Foundation
import GRDB

/// Entries read from knowledge-base source files, and what was wrong with the rest.
public struct KnowledgeSourceLoad: Sendable {
    public var entries: [KnowledgeEntry]
    public var violations: [SchemaViolation]
    public var files: [String]
}

/// The knowledge base shipped with SOSecure: YAML sources in the module's `DefaultKB` resource
/// directory, indexed into the cache database on first use and re-indexed whenever their
/// content (or the way entries are indexed) changes.
public enum DefaultKnowledgeBase {
    /// Bump when indexing changes so caches built by an older binary are rebuilt.
    static let indexFormat = "kb-index-1"
    static let hashKey = "default_kb_hash"

    /// Where the database lives: `--db`, else `SOSECURE_KB`, else `$XDG_CACHE_HOME/sosecure/kb.sqlite`
    /// or `~/.cache/sosecure/kb.sqlite`.
    public static func databasePath(override: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let override, !override.isEmpty { return override }
        if let path = environment["SOSECURE_KB"], !path.isEmpty { return path }
        let cache: String
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            cache = xdg
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            cache = (home as NSString).appendingPathComponent(".cache")
        }
        return ((cache as NSString).appendingPathComponent("sosecure") as NSString).appendingPathComponent("kb.sqlite")
    }

    /// The shipped YAML files, sorted by name.
    public static func sourceFiles() -> [URL] {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("DefaultKB") else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// Parses every shipped file. Invalid entries are left out and listed as violations.
    public static func load(files: [URL] = sourceFiles(), vocabulary: SecurityVocabulary = .default) -> KnowledgeSourceLoad {
        var located: [EntrySchema.Located] = []
        var violations: [SchemaViolation] = []
        for file in files {
            let displayPath = "DefaultKB/" + file.lastPathComponent
            guard let data = FileManager.default.contents(atPath: file.path) else {
                violations.append(SchemaViolation(path: displayPath, line: 1, column: 1, field: "file", message: "cannot read the file"))
                continue
            }
            let (entries, problems) = EntrySchema.parseYAMLFile(path: displayPath, text: String(decoding: data, as: UTF8.self),
                                                                origin: EntryOrigin.shipped, vocabulary: vocabulary)
            located.append(contentsOf: entries)
            violations.append(contentsOf: problems)
        }
        let duplicates = EntrySchema.duplicateIDs(located)
        violations.append(contentsOf: duplicates)
        // Keep the first of duplicated ids so the store's unique key holds.
        var seen = Set<String>()
        let entries = located.map(\.entry).filter { seen.insert($0.key).inserted }
        return KnowledgeSourceLoad(entries: entries, violations: violations, files: files.map(\.lastPathComponent))
    }

    /// A hash of the shipped sources and the index format.
    static func contentHash(files: [URL]) -> String {
        var hash: UInt64 = 0xcbf29ce484222325
        func mix(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100000001b3
            }
            hash ^= 0xff
            hash = hash &* 0x100000001b3
        }
        mix(indexFormat.utf8)
        for file in files {
            mix(file.lastPathComponent.utf8)
            mix(FileManager.default.contents(atPath: file.path) ?? Data())
        }
        return String(hash, radix: 16)
    }

    /// What `synchronize` did.
    public struct Outcome: Sendable {
        public var rebuilt: Bool
        public var entries: Int
        public var violations: [SchemaViolation]
    }

    /// Makes the store's shipped entries match the shipped sources, re-indexing only when they changed.
    @discardableResult
    public static func synchronize(_ store: KnowledgeStore, files: [URL] = sourceFiles()) throws -> Outcome {
        let hash = contentHash(files: files)
        let current = try store.read { db in try store.meta(hashKey, db) }
        if current == hash {
            let count = try store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entries WHERE origin = ?", arguments: [EntryOrigin.shipped]) ?? 0
            }
            return Outcome(rebuilt: false, entries: count, violations: [])
        }
        let load = load(files: files)
        try store.write { db in
            // Another process may have rebuilt it while we parsed.
            if try store.meta(hashKey, db) == hash { return }
            try EntryIndex.deleteEntries(origin: EntryOrigin.shipped, db)
            for entry in load.entries { try EntryIndex.upsert(entry, db) }
            try EntryIndex.refreshStatistics(db)
            try store.setMeta(hashKey, hash, db)
        }
        return Outcome(rebuilt: true, entries: load.entries.count, violations: load.violations)
    }
}
