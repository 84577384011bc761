import Foundation
import GRDB

/// Ingests a Stack Exchange dump in three resumable phases:
/// 1. posts: every question (title, tags, text) and every answer that has a code block;
/// 2. comments: those on stored answers, each flagged when it uses the security vocabulary;
/// 3. entries: answers joined with their question and comments, filtered, indexed for search.
/// Each batch commits its rows together with the checkpoint, so a killed run leaves whole
/// batches only and `--resume` continues from exactly where the last commit ended.
public struct DumpIngester: Sendable {
    public let store: KnowledgeStore
    public let options: IngestOptions

    public init(store: KnowledgeStore, options: IngestOptions) {
        self.store = store
        self.options = options
    }

    enum Phase: String, Codable, Sendable { case posts, comments, entries, done }

    /// Everything needed to continue: saved in the same transaction as each batch.
    struct Checkpoint: Codable, Sendable {
        var fingerprint: String
        var phase: Phase
        var position: XMLPosition
        var lastAnswerID: Int
        /// Bytes of the posts file, counted once the posts phase is complete.
        var postsBytes: Int64 = 0
        var batches: Int
        var report: IngestReport
    }

    @discardableResult
    public func run() throws -> IngestReport {
        let run = try IngestRun(ingester: self)
        try run.execute()
        return run.checkpoint.report
    }
}

/// One ingest in progress: the checkpoint it advances and the batches it committed.
private final class IngestRun {
    let store: KnowledgeStore
    let options: IngestOptions
    let origin: String
    let started = Date()
    var checkpoint: DumpIngester.Checkpoint
    private var committedThisRun = 0
    private var secondsBefore: Double
    private static let codeSeparator = "\u{1E}"

    /// Stored blocks are separated by U+001E; entries show them separated by a blank line.
    static func joinBlocks(_ stored: String?) -> String {
        guard let stored, !stored.isEmpty else { return "" }
        guard stored.utf8.contains(0x1E) else { return stored }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(stored.utf8.count + 8)
        for byte in stored.utf8 {
            if byte == 0x1E { bytes.append(0x0A); bytes.append(0x0A) } else { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    init(ingester: DumpIngester) throws {
        store = ingester.store
        options = ingester.options
        origin = ingester.options.origin
        checkpoint = DumpIngester.Checkpoint(fingerprint: "", phase: .posts, position: .start, lastAnswerID: 0, batches: 0, report: IngestReport())
        secondsBefore = 0
        checkpoint = try start(origin: origin)
        secondsBefore = checkpoint.report.seconds
    }

    func execute() throws {
        let timing = PhaseTiming()
        // Reading back a multi-gigabyte staging area through a map would count every page in RSS.
        try store.queue.inDatabase { db in try db.execute(sql: "PRAGMA mmap_size = 0") }
        defer { try? store.queue.inDatabase { db in try db.execute(sql: "PRAGMA mmap_size = \(KnowledgeStore.mappedBytes)") } }
        if checkpoint.phase == .posts { try timing.measure("posts") { try readPosts() } }
        if checkpoint.phase == .comments { try timing.measure("comments") { try readComments() } }
        if checkpoint.phase == .entries { try timing.measure("entries") { try buildEntries() } }
    }

    /// Saves the checkpoint inside the batch's transaction.
    private func commit(_ db: Database) throws {
        checkpoint.batches += 1
        checkpoint.report.seconds = secondsBefore + Date().timeIntervalSince(started)
        try save(checkpoint, origin: origin, db)
    }

    private func afterCommit() throws {
        committedThisRun += 1
        if let limit = options.stopAfterBatches, committedThisRun >= limit, checkpoint.phase != .done {
            throw KnowledgeError.interrupted(batches: committedThisRun)
        }
    }

    // MARK: - Start and checkpoint

    private func start(origin: String) throws -> DumpIngester.Checkpoint {
        if options.resume {
            guard let saved = try store.read({ db in try loadCheckpoint(origin: origin, db) }) else {
                throw KnowledgeError.cannotResume("no interrupted ingest of \(origin) is recorded in \(store.path); run without --resume")
            }
            if saved.fingerprint != options.fingerprint {
                throw KnowledgeError.cannotResume("the interrupted ingest of \(origin) used other files or options (\(saved.fingerprint)); run without --resume to rebuild")
            }
            return saved
        }
        let fresh = DumpIngester.Checkpoint(fingerprint: options.fingerprint, phase: .posts, position: .start, lastAnswerID: 0, batches: 0, report: IngestReport())
        try store.write { db in
            // A clean rebuild: this dump's previous rows go, other origins stay.
            try EntryIndex.deleteEntries(origin: origin, db)
            try db.execute(sql: "DELETE FROM comments WHERE origin = ?", arguments: [origin])
            try db.execute(sql: "DELETE FROM posts WHERE origin = ?", arguments: [origin])
            try save(fresh, origin: origin, db)
        }
        return fresh
    }

    private func loadCheckpoint(origin: String, _ db: Database) throws -> DumpIngester.Checkpoint? {
        guard let json = try String.fetchOne(db, sql: "SELECT state FROM ingest_checkpoint WHERE origin = ?", arguments: [origin]) else { return nil }
        return try? JSONDecoder().decode(DumpIngester.Checkpoint.self, from: Data(json.utf8))
    }

    private func save(_ checkpoint: DumpIngester.Checkpoint, origin: String, _ db: Database) throws {
        let json = String(decoding: try JSONEncoder().encode(checkpoint), as: UTF8.self)
        try db.execute(sql: "INSERT OR REPLACE INTO ingest_checkpoint(origin, state) VALUES (?, ?)", arguments: [origin, json])
    }

    private func report(_ phase: String, _ reader: XMLRowReader, _ source: ByteSource, rows: Int, started: Date) {
        guard let progress = options.progress else { return }
        progress(IngestProgress(phase: phase, bytesDone: source.consumedFileBytes(decompressed: reader.offset),
                                bytesTotal: source.totalBytes, rows: rows, seconds: Date().timeIntervalSince(started)))
    }

    // MARK: - Phase 1: posts

    struct PostRow {
        var id: Int
        var type: Int
        var parentID: Int?
        var acceptedAnswerID: Int?
        var title: String?
        var tags: String
        var body: String
        var code: String
        var languageHint: String?
        var score: Int
        var creationDate: String?
        var vocabularyHit: Bool
    }

    /// Reads `path` on a second thread (a `DumpParser`) while this thread writes the batches in
    /// order, each in one transaction with its checkpoint. The channel holds one batch besides the two being parsed and written,
    /// so memory stays constant.
    private func pipeline(phase: String, path: String, parse: @escaping (XMLRow, inout IngestReport) -> StagedRow?,
                          countRow: @escaping (inout IngestReport) -> Void, write: (ParsedBatch) throws -> Void) throws {
        let source = try ByteSource.open(path: path)
        let reader = try XMLRowReader(source: source, start: checkpoint.position)
        let parser = DumpParser(phase: phase, reader: reader, source: source, parse: parse, countRow: countRow,
                                report: checkpoint.report, batchSize: options.batchSize, progress: options.progress, started: started)
        let thread = WorkerThread(name: "kb-ingest-\(phase)") { parser.run() }
        defer {
            parser.channel.cancel()
            thread.join()
        }
        while let message = parser.channel.take() {
            switch message {
            case let .failure(error):
                throw error.value
            case let .batch(batch):
                try write(batch)
                if let progress = options.progress {
                    progress(IngestProgress(phase: phase, bytesDone: batch.bytesDone, bytesTotal: source.totalBytes,
                                            rows: batch.report.rowsRead, seconds: Date().timeIntervalSince(started)))
                }
                try afterCommit()
            }
        }
    }

    private func readPosts() throws {
        let fileName = options.postsPath == "-" ? "<stdin>" : options.postsPath
        let ingest = Handoff(value: self)
        try pipeline(phase: "posts", path: options.postsPath,
                     parse: { row, report in ingest.value.post(from: row, file: fileName, report: &report).map(StagedRow.post) },
                     countRow: { $0.postRowsRead += 1 }) { batch in
            checkpoint.report = batch.report
            checkpoint.position = batch.position
            checkpoint.report.bytesRead = batch.offset
            if batch.final {
                checkpoint.phase = options.commentsPath == nil ? .entries : .comments
                checkpoint.position = .start
                checkpoint.postsBytes = batch.offset
            }
            try store.write { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO posts(id, post_type, parent_id, accepted_answer_id, title, tags, body, code,
                                                 language_hint, score, creation_date, vocabulary_hit, origin)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for case let .post(post) in batch.rows {
                    try statement.execute(arguments: [
                        post.id, post.type, post.parentID, post.acceptedAnswerID, post.title, post.tags, post.body, post.code,
                        post.languageHint, post.score, post.creationDate, post.vocabularyHit, origin,
                    ])
                }
                try commit(db)
            }
        }
    }

    private func post(from row: XMLRow, file: String, report: inout IngestReport) -> PostRow? {
        guard let id = row.int("Id"), let type = row.int("PostTypeId") else {
            report.drop(.malformed)
            report.warn("\(file):\(row.line):\(row.column): post row without a numeric Id or PostTypeId; skipped")
            return nil
        }
        let score = row.int("Score") ?? 0
        switch type {
        case 1:
            let tags = TagList.parse(row.string("Tags") ?? "")
            var body = ""
            var code = ""
            if row.byteCount("Body") <= options.maxBodyBytes, let text = row.withBytes("Body", HTMLText.parse) {
                body = text.prose
                code = text.codeBlocks.joined(separator: IngestRun.codeSeparator)
            }
            report.questionsStored += 1
            return PostRow(id: id, type: 1, parentID: nil, acceptedAnswerID: row.int("AcceptedAnswerId"),
                           title: HTMLEntities.decodeHTML(row.string("Title") ?? ""), tags: TagList.encode(tags),
                           body: body, code: code, languageHint: nil, score: score,
                           creationDate: row.string("CreationDate"), vocabularyHit: false)
        case 2:
            guard let parent = row.int("ParentId"), row.has("Body") else {
                report.drop(.malformed)
                report.warn("\(file):\(row.line):\(row.column): answer \(id) without ParentId or Body; skipped")
                return nil
            }
            if let minScore = options.minScore, score < minScore {
                report.drop(.belowMinScore)
                return nil
            }
            if row.byteCount("Body") > options.maxBodyBytes {
                report.drop(.oversized)
                report.warn("\(file):\(row.line):\(row.column): answer \(id) has a \(row.byteCount("Body"))-byte body, over the \(options.maxBodyBytes)-byte limit; skipped")
                return nil
            }
            guard let text = row.withBytes("Body", HTMLText.parse), !text.codeBlocks.isEmpty else {
                report.drop(.noCode)
                return nil
            }
            report.answersStored += 1
            return PostRow(id: id, type: 2, parentID: parent, acceptedAnswerID: nil, title: nil, tags: "",
                           body: text.prose, code: text.codeBlocks.joined(separator: IngestRun.codeSeparator),
                           languageHint: text.languageHint, score: score, creationDate: row.string("CreationDate"),
                           vocabularyHit: options.vocabulary.matches(text.prose))
        default:
            report.drop(.otherPostType)
            return nil
        }
    }

    // MARK: - Phase 2: comments

    private func readComments() throws {
        guard let commentsPath = options.commentsPath else {
            checkpoint.phase = .entries
            return
        }
        let answers = try store.read { db in
            var set = AnswerSet()
            let cursor = try Int.fetchCursor(db, sql: "SELECT id FROM posts WHERE origin = ? AND post_type = 2", arguments: [origin])
            while let id = try cursor.next() { set.insert(id) }
            return set
        }
        // The post index takes 1.4 million random insertions on a full dump; building it once at
        // the end of the phase is a single sort. The final batch creates it with the phase change.
        try store.write { db in try db.execute(sql: "DROP INDEX IF EXISTS comments_by_post") }
        let fileName = commentsPath == "-" ? "<stdin>" : commentsPath
        let postsBytes = checkpoint.postsBytes
        let vocabulary = options.vocabulary
        try pipeline(phase: "comments", path: commentsPath, parse: { row, report -> StagedRow? in
            guard let id = row.int("Id"), let postID = row.int("PostId"), row.has("Text") else {
                report.drop(.malformed)
                report.warn("\(fileName):\(row.line):\(row.column): comment row without a numeric Id, PostId or Text; skipped")
                return nil
            }
            guard answers.contains(postID) else {
                report.drop(.commentNotOnKeptAnswer)
                return nil
            }
            let text = HTMLText.maskAddresses(row.string("Text") ?? "")
            report.commentsStored += 1
            return .comment(CommentRow(id: id, postID: postID, score: row.int("Score") ?? 0, text: text,
                                       creationDate: row.string("CreationDate"), vocabularyHit: vocabulary.matches(text)))
        }, countRow: { $0.commentRowsRead += 1 }) { batch in
            checkpoint.report = batch.report
            checkpoint.position = batch.final ? .start : batch.position
            checkpoint.report.bytesRead = postsBytes + batch.offset
            if batch.final { checkpoint.phase = .entries }
            try store.write { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO comments(id, post_id, score, text, creation_date, vocabulary_hit, origin)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
                for case let .comment(comment) in batch.rows {
                    try statement.execute(arguments: [comment.id, comment.postID, comment.score, comment.text, comment.creationDate,
                                                      comment.vocabularyHit, origin])
                }
                if batch.final { try IngestRun.createCommentIndex(db) }
                try commit(db)
            }
        }
    }

    struct CommentRow {
        var id: Int
        var postID: Int
        var score: Int
        var text: String
        var creationDate: String?
        var vocabularyHit: Bool
    }

    // MARK: - Phase 3: entries

    /// Entries of one batch of answers, ready to write, with the checkpoint they complete.
    private struct EntryBatch {
        var entries: [IndexedEntry]
        var lastAnswerID: Int
        var report: IngestReport
    }

    private enum EntryMessage {
        case batch(EntryBatch)
        case done
        case failure(Handoff<Error>)
    }

    /// A second thread reads each batch of answers and builds its entries (tokenizing, CWE
    /// inference) while this thread writes the previous batch and its index rows.
    static func createCommentIndex(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX IF NOT EXISTS comments_by_post ON comments(post_id)")
    }

    private func buildEntries() throws {
        // Normally built at the end of the comments phase; missing when an earlier run stopped inside it.
        try store.write { db in try IngestRun.createCommentIndex(db) }
        let tagFilter = Set(options.tags.map { $0.lowercased() })
        let channel = BatchChannel<EntryMessage>(capacity: 1)
        let work = Handoff(value: (self, checkpoint.lastAnswerID, checkpoint.report))
        let batchSize = options.batchSize
        let builder = WorkerThread(name: "kb-ingest-entries") {
            let (run, firstLastID, initialReport) = work.value
            var lastID = firstLastID
            var report = initialReport
            do {
                while !channel.isCancelled {
                    let rows = try run.store.read { db in try run.answerBatch(after: lastID, limit: batchSize, db) }
                    guard let last = rows.last else {
                        channel.put(.done)
                        break
                    }
                    var entries: [IndexedEntry] = []
                    for row in rows {
                        if let entry = run.entry(from: row, origin: run.origin, tagFilter: tagFilter, report: &report) {
                            entries.append(IndexedEntry(entry))
                            report.entriesKept += 1
                        }
                    }
                    lastID = last.id
                    guard channel.put(.batch(EntryBatch(entries: entries, lastAnswerID: lastID, report: report))) else { break }
                }
            } catch {
                channel.put(.failure(Handoff(value: error)))
            }
            channel.finish()
        }
        defer {
            channel.cancel()
            builder.join()
        }
        while let message = channel.take() {
            switch message {
            case let .failure(error):
                throw error.value
            case .done:
                try store.write { db in
                    try PhaseTiming().measure("optimize and statistics") { try EntryIndex.refreshStatistics(db, optimize: true) }
                    checkpoint.phase = .done
                    try commit(db)
                }
                reportEntriesProgress()
                return
            case let .batch(batch):
                try store.write { db in
                    for entry in batch.entries { try EntryIndex.upsert(entry, db) }
                    checkpoint.report = batch.report
                    checkpoint.lastAnswerID = batch.lastAnswerID
                    try commit(db)
                }
                reportEntriesProgress()
                try afterCommit()
            }
        }
    }

    private func reportEntriesProgress() {
        guard let progress = options.progress else { return }
        progress(IngestProgress(phase: "entries", bytesDone: checkpoint.report.bytesRead, bytesTotal: nil,
                                rows: checkpoint.report.entriesKept, seconds: Date().timeIntervalSince(started)))
    }

    /// An answer joined with its question and comments: what an entry is built from.
    private struct AnswerRow {
        var id: Int
        var body: String
        var code: String
        var languageHint: String?
        var score: Int
        var vocabularyHit: Bool
        var questionID: Int?
        var title: String?
        var tags: String?
        var acceptedAnswerID: Int?
        var questionBody: String?
        var questionCode: String?
        var comments: [KnowledgeEntry.Comment] = []
    }

    /// The next `limit` stored answers after `lastID`, with their questions and comment threads.
    private func answerBatch(after lastID: Int, limit: Int, _ db: Database) throws -> [AnswerRow] {
        var rows: [AnswerRow] = []
        let answers = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT a.id, a.body, a.code, a.language_hint, a.score, a.vocabulary_hit,
                   q.id, q.title, q.tags, q.accepted_answer_id, q.body, q.code
            FROM posts a LEFT JOIN posts q ON q.id = a.parent_id AND q.post_type = 1
            WHERE a.origin = ? AND a.post_type = 2 AND a.id > ?
            ORDER BY a.id LIMIT ?
            """), arguments: [origin, lastID, limit])
        while let row = try answers.next() {
            rows.append(AnswerRow(id: row[0], body: row[1] ?? "", code: row[2] ?? "", languageHint: row[3], score: row[4],
                                  vocabularyHit: row[5], questionID: row[6], title: row[7], tags: row[8], acceptedAnswerID: row[9],
                                  questionBody: row[10], questionCode: row[11]))
        }
        guard let first = rows.first, let last = rows.last else { return rows }
        var index = 0
        let comments = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT post_id, score, text, vocabulary_hit FROM comments
            WHERE post_id BETWEEN ? AND ? AND origin = ? ORDER BY post_id, id
            """), arguments: [first.id, last.id, origin])
        // Both lists are sorted by answer id: walk them together.
        while let row = try comments.next() {
            let postID: Int = row[0]
            while index < rows.count, rows[index].id < postID { index += 1 }
            guard index < rows.count, rows[index].id == postID else { continue }
            rows[index].comments.append(KnowledgeEntry.Comment(score: row[1], text: row[2], warning: row[3]))
        }
        return rows
    }

    private func entry(from row: AnswerRow, origin: String, tagFilter: Set<String>, report: inout IngestReport) -> KnowledgeEntry? {
        guard row.questionID != nil else {
            report.drop(.questionMissing)
            return nil
        }
        let tags = TagList.parse(row.tags ?? "")
        if !tagFilter.isEmpty, tagFilter.isDisjoint(with: tags) {
            report.drop(.tagFilter)
            return nil
        }
        let comments = row.comments
        guard row.vocabularyHit || comments.contains(where: \.warning) else {
            report.drop(.noSecurityVocabulary)
            return nil
        }
        let title = row.title ?? ""
        let code = IngestRun.joinBlocks(row.code)
        let questionCode = IngestRun.joinBlocks(row.questionCode)
        let inferenceText = ([title, row.body, code] + comments.map(\.text)).joined(separator: "\n")
        return KnowledgeEntry(
            key: String(row.id), origin: origin, answerID: row.id, title: title, tags: tags,
            language: options.languageMap.language(forTags: tags, hint: row.languageHint),
            cwes: CWEInference.infer(inferenceText), score: row.score, accepted: row.acceptedAnswerID == row.id,
            question: row.questionBody ?? "", questionCode: questionCode, answer: row.body, code: code, comments: comments)
    }
}

/// Wall and CPU time per ingest phase on standard error when `SOSECURE_KB_TIMING` is set:
/// the figures the ingest benchmark is tuned with.
private struct PhaseTiming {
    let enabled = ProcessInfo.processInfo.environment["SOSECURE_KB_TIMING"] != nil

    func measure(_ phase: String, _ body: () throws -> Void) throws {
        guard enabled else { return try body() }
        let wall = Date()
        let cpu = PhaseTiming.cpuSeconds()
        defer {
            let line = String(format: "kb ingest %@: wall %.2f s, cpu %.2f s\n", phase, Date().timeIntervalSince(wall), PhaseTiming.cpuSeconds() - cpu)
            FileHandle.standardError.write(Data(line.utf8))
        }
        try body()
    }

    #if canImport(Glibc)
    private static let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    private static let RUSAGE_SELF_WHO = RUSAGE_SELF
    #endif

    /// User plus system time of the whole process (all threads).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF_WHO, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
    }
}

/// A row of the staging tables, parsed from either dump file.
private enum StagedRow {
    case post(IngestRun.PostRow)
    case comment(IngestRun.CommentRow)
}

/// What the parsing thread hands to the writing thread: rows plus the checkpoint they complete.
private struct ParsedBatch {
    var rows: [StagedRow]
    var position: XMLPosition
    var offset: Int64
    var report: IngestReport
    var bytesDone: Int64
    var final: Bool
}

private enum ParserMessage {
    case batch(ParsedBatch)
    case failure(Handoff<Error>)
}

/// The reading side of a phase: parses rows on its own thread and queues them in batches,
/// keeping the running report that each batch's checkpoint records.
private final class DumpParser: @unchecked Sendable {
    let channel = BatchChannel<ParserMessage>(capacity: 1)
    private let phase: String
    private let reader: XMLRowReader
    private let source: ByteSource
    private let parse: (XMLRow, inout IngestReport) -> StagedRow?
    private let countRow: (inout IngestReport) -> Void
    private var report: IngestReport
    private let batchSize: Int
    private let progress: (@Sendable (IngestProgress) -> Void)?
    private let started: Date

    init(phase: String, reader: XMLRowReader, source: ByteSource, parse: @escaping (XMLRow, inout IngestReport) -> StagedRow?,
         countRow: @escaping (inout IngestReport) -> Void, report: IngestReport, batchSize: Int,
         progress: (@Sendable (IngestProgress) -> Void)?, started: Date) {
        self.phase = phase
        self.reader = reader
        self.source = source
        self.parse = parse
        self.countRow = countRow
        self.report = report
        self.batchSize = batchSize
        self.progress = progress
        self.started = started
    }

    func run() {
        var pending: [StagedRow] = []
        pending.reserveCapacity(batchSize)
        var rowsInBatch = 0
        do {
            while let row = try reader.next() {
                countRow(&report)
                rowsInBatch += 1
                if let stored = parse(row, &report) { pending.append(stored) }
                if rowsInBatch >= batchSize {
                    guard channel.put(.batch(batch(pending, final: false))) else { return }
                    pending.removeAll(keepingCapacity: true)
                    rowsInBatch = 0
                }
                if rowsInBatch % 2048 == 0, let progress {
                    progress(IngestProgress(phase: phase, bytesDone: source.consumedFileBytes(decompressed: reader.offset),
                                            bytesTotal: source.totalBytes, rows: report.rowsRead, seconds: Date().timeIntervalSince(started)))
                }
            }
            channel.put(.batch(batch(pending, final: true)))
        } catch {
            channel.put(.failure(Handoff(value: error)))
        }
        channel.finish()
    }

    private func batch(_ rows: [StagedRow], final: Bool) -> ParsedBatch {
        ParsedBatch(rows: rows, position: reader.position, offset: reader.offset, report: report,
                    bytesDone: source.consumedFileBytes(decompressed: reader.offset), final: final)
    }
}
