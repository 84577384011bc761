import Foundation
import GRDB

/// The knowledge base on disk: one SQLite file in WAL mode. Opening it migrates the schema;
/// every database failure is turned into a message that names the file and what to do.
public final class KnowledgeStore: Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// Opens (creating when missing) the store at `path`.
    /// - Parameter busyTimeout: how long to wait for another process's write lock.
    public init(path: String, busyTimeout: TimeInterval = 5) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw KnowledgeError.database(path: path, reason: "cannot create directory \(directory): \(error.localizedDescription)")
            }
        }
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "sosecure-kb"
        configuration.prepareDatabase { db in
            // Memory-mapped reads: a query reads FTS pages straight from the page cache instead of one
            // pread copy per page. A bulk ingest turns this off, so its RSS does not grow with the file.
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY; PRAGMA mmap_size = \(KnowledgeStore.mappedBytes)")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try StoreSchema.migrator.migrate(queue)
        } catch {
            throw KnowledgeStore.describe(error, path: path)
        }
    }

    /// How much of the file queries read through a memory map.
    static let mappedBytes = 1 << 30

    /// Runs `body` in one write transaction; on failure nothing of it is kept.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.write(body)
        } catch let error as KnowledgeError {
            throw error
        } catch {
            throw KnowledgeStore.describe(error, path: path)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as KnowledgeError {
            throw error
        } catch {
            throw KnowledgeStore.describe(error, path: path)
        }
    }

    /// Translates SQLite failures into advice. Committed data is never touched by these paths.
    static func describe(_ error: Error, path: String) -> KnowledgeError {
        guard let databaseError = error as? DatabaseError else {
            if let knowledgeError = error as? KnowledgeError { return knowledgeError }
            return .database(path: path, reason: "\(error)")
        }
        let detail = databaseError.message ?? "\(databaseError.resultCode)"
        switch databaseError.resultCode.primaryResultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .database(path: path, reason: "the knowledge base is locked by another process (another `sosecure kb` writing?); try again when it has finished")
        case .SQLITE_READONLY:
            return .database(path: path, reason: "the knowledge base is read-only (\(detail)); check the file and directory permissions or pass --db with a writable path")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .database(path: path, reason: "not a usable SOSecure knowledge base (\(detail)); move the file away or pass --db to use another one — the file was left untouched")
        case .SQLITE_CANTOPEN:
            return .database(path: path, reason: "cannot open the database file (\(detail)); check that its directory exists and is writable")
        case .SQLITE_FULL:
            return .database(path: path, reason: "the disk is full; the last batch was rolled back and earlier batches are kept")
        case .SQLITE_PERM, .SQLITE_AUTH:
            return .database(path: path, reason: "permission denied (\(detail))")
        default:
            return .database(path: path, reason: "database error: \(detail)")
        }
    }

    // MARK: - Meta values

    func meta(_ key: String, _ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    func setMeta(_ key: String, _ value: String, _ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", arguments: [key, value])
    }

    /// Bytes used on disk by the database and its write-ahead log.
    public var sizeOnDisk: Int64 {
        var total: Int64 = 0
        for suffix in ["", "-wal"] {
            if let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix),
               let size = attributes[.size] as? NSNumber {
                total += size.int64Value
            }
        }
        return total
    }
}
