import Foundation
import GRDB
@testable import SOSecureKnowledge

/// A fresh directory under the system temp dir, removed when the test ends.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sosecure-kb-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let target = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

enum Fixtures {
    static func path(_ relative: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(relative).path
    }

    static var posts: String { path("dump/Posts.xml") }
    static var comments: String { path("dump/Comments.xml") }
}

/// Reads every row of an XML string through the streaming reader.
func readRows(_ xml: String, chunkSize: Int = 1 << 20, in directory: TemporaryDirectory) throws -> [XMLRow] {
    let file = try directory.write("rows-\(UUID().uuidString).xml", xml)
    let reader = try XMLRowReader(source: try ByteSource.open(path: file), chunkSize: chunkSize)
    var rows: [XMLRow] = []
    while let row = try reader.next() { rows.append(row) }
    return rows
}

/// Every row of the content tables, for comparing two databases.
func tableDump(_ store: KnowledgeStore) throws -> [String] {
    try store.read { db in
        var lines: [String] = []
        for table in ["posts", "comments", "entries"] {
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1")
            lines += rows.map { "\(table): \($0)" }
        }
        let fts = try Row.fetchAll(db, sql: "SELECT rowid, code_terms, prose_terms FROM entries_fts ORDER BY rowid")
        lines += fts.map { "fts: \($0)" }
        return lines
    }
}
