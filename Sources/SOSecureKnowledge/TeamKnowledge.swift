import Foundation
import GRDB

/// `kb add FILE`: a team's own discussions, in the default-KB YAML format or as Markdown.
/// Re-adding a file replaces what it added before; nothing is written unless every entry is valid.
public enum TeamKnowledge {
    /// Adds the entries of `path`; returns how many.
    @discardableResult
    public static func add(path: String, store: KnowledgeStore, vocabulary: SecurityVocabulary = .default) throws -> Int {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KnowledgeError.unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file")
        }
        let text = String(decoding: data, as: UTF8.self)
        let fileName = (path as NSString).lastPathComponent
        let origin = EntryOrigin.team(fileName)
        let lower = fileName.lowercased()
        let located: [EntrySchema.Located]
        var violations: [SchemaViolation]
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") {
            (located, violations) = MarkdownEntryParser.parse(path: path, text: text, origin: origin, vocabulary: vocabulary)
        } else if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            (located, violations) = EntrySchema.parseYAMLFile(path: path, text: text, origin: origin, vocabulary: vocabulary)
        } else {
            throw KnowledgeError.invalidInput("\(path): expected a .yaml, .yml, .md or .markdown file")
        }
        violations.append(contentsOf: EntrySchema.duplicateIDs(located))
        if located.isEmpty, violations.isEmpty {
            violations.append(SchemaViolation(path: path, line: 1, column: 1, field: "file", message: "no entries found"))
        }
        let clashes = try store.read { db in
            try located.compactMap { item -> SchemaViolation? in
                guard let other = try String.fetchOne(db, sql: "SELECT origin FROM entries WHERE key = ?", arguments: [item.entry.key]),
                      other != origin else { return nil }
                return SchemaViolation(path: item.path, line: item.line, column: 1, field: "id",
                                       message: "id '\(item.entry.key)' is already used by an entry from \(other); choose another id")
            }
        }
        violations.append(contentsOf: clashes)
        if !violations.isEmpty { throw KnowledgeError.schema(violations) }
        try store.write { db in
            try EntryIndex.deleteEntries(origin: origin, db)
            for item in located { try EntryIndex.insert(item.entry, db) }
            try EntryIndex.refreshStatistics(db)
        }
        return located.count
    }
}
