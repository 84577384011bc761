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

    private struct PostRow {
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

    private func readPosts() throws {
        let source = try ByteSource.open(path: options.postsPath)
        let reader = try XMLRowReader(source: source, start: checkpoint.position)
        var pending: [PostRow] = []
        pending.reserveCapacity(options.batchSize)
        var rowsInBatch = 0
        let fileName = options.postsPath == "-" ? "<stdin>" : options.postsPath

        func flush(final: Bool) throws {
            checkpoint.position = reader.position
            checkpoint.report.bytesRead = reader.offset
            if final {
                checkpoint.phase = options.commentsPath == nil ? .entries : .comments
                checkpoint.position = .start
                checkpoint.postsBytes = reader.offset
            }
            let rows = pending
            try store.write { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO posts(id, post_type, parent_id, accepted_answer_id, title, tags, body, code,
                                                 language_hint, score, creation_date, vocabulary_hit, origin)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for post in rows {
                    try statement.execute(arguments: [
                        post.id, post.type, post.parentID, post.acceptedAnswerID, post.title, post.tags, post.body, post.code,
                        post.languageHint, post.score, post.creationDate, post.vocabularyHit, origin,
                    ])
                }
                try commit(db)
            }
            pending.removeAll(keepingCapacity: true)
            rowsInBatch = 0
            report("posts", reader, source, rows: checkpoint.report.rowsRead, started: started)
            try afterCommit()
        }

        while let row = try reader.next() {
            checkpoint.report.postRowsRead += 1
            rowsInBatch += 1
            if let post = post(from: row, file: fileName, report: &checkpoint.report) {
                if post.type == 1 { checkpoint.report.questionsStored += 1 } else { checkpoint.report.answersStored += 1 }
                pending.append(post)
            }
            if rowsInBatch >= options.batchSize { try flush(final: false) }
            if rowsInBatch % 2048 == 0 { report("posts", reader, source, rows: checkpoint.report.rowsRead, started: started) }
        }
        try flush(final: true)
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
        let source = try ByteSource.open(path: commentsPath)
        let reader = try XMLRowReader(source: source, start: checkpoint.position)
        let fileName = commentsPath == "-" ? "<stdin>" : commentsPath
        var pending: [(Int, Int, Int, String, String?, Bool)] = []
        var rowsInBatch = 0
        let postsBytes = checkpoint.postsBytes

        func flush(final: Bool) throws {
            checkpoint.position = final ? .start : reader.position
            checkpoint.report.bytesRead = postsBytes + reader.offset
            if final { checkpoint.phase = .entries }
            let rows = pending
            try store.write { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO comments(id, post_id, score, text, creation_date, vocabulary_hit, origin)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
                for (id, postID, score, text, date, hit) in rows {
                    try statement.execute(arguments: [id, postID, score, text, date, hit, origin])
                }
                try commit(db)
            }
            pending.removeAll(keepingCapacity: true)
            rowsInBatch = 0
            report("comments", reader, source, rows: checkpoint.report.rowsRead, started: started)
            try afterCommit()
        }

        while let row = try reader.next() {
            checkpoint.report.commentRowsRead += 1
            rowsInBatch += 1
            if let id = row.int("Id"), let postID = row.int("PostId"), row.has("Text") {
                if answers.contains(postID) {
                    let text = HTMLText.maskAddresses(row.string("Text") ?? "")
                    let hit = options.vocabulary.matches(text)
                    pending.append((id, postID, row.int("Score") ?? 0, text, row.string("CreationDate"), hit))
                    checkpoint.report.commentsStored += 1
                } else {
                    checkpoint.report.drop(.commentNotOnKeptAnswer)
                }
            } else {
                checkpoint.report.drop(.malformed)
                checkpoint.report.warn("\(fileName):\(row.line):\(row.column): comment row without a numeric Id, PostId or Text; skipped")
            }
            if rowsInBatch >= options.batchSize { try flush(final: false) }
            if rowsInBatch % 2048 == 0 { report("comments", reader, source, rows: checkpoint.report.rowsRead, started: started) }
        }
        try flush(final: true)
    }

    // MARK: - Phase 3: entries

    private func buildEntries() throws {
        let tagFilter = Set(options.tags.map { $0.lowercased() })
        while true {
            let lastID = checkpoint.lastAnswerID
            let batch = options.batchSize
            let done: Bool = try store.write { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT a.id, a.body, a.code, a.language_hint, a.score, a.vocabulary_hit,
                           q.id AS question_id, q.title, q.tags, q.accepted_answer_id, q.body AS question_body, q.code AS question_code
                    FROM posts a LEFT JOIN posts q ON q.id = a.parent_id AND q.post_type = 1
                    WHERE a.origin = ? AND a.post_type = 2 AND a.id > ?
                    ORDER BY a.id LIMIT ?
                    """, arguments: [origin, lastID, batch])
                guard let first = rows.first, let last = rows.last else {
                    try PhaseTiming().measure("optimize and statistics") { try EntryIndex.refreshStatistics(db, optimize: true) }
                    checkpoint.phase = .done
                    try commit(db)
                    return true
                }
                let firstID: Int = first["id"]
                let lastRowID: Int = last["id"]
                var comments: [Int: [KnowledgeEntry.Comment]] = [:]
                let commentRows = try Row.fetchCursor(db, sql: """
                    SELECT post_id, score, text, vocabulary_hit FROM comments
                    WHERE post_id BETWEEN ? AND ? AND origin = ? ORDER BY post_id, id
                    """, arguments: [firstID, lastRowID, origin])
                while let row = try commentRows.next() {
                    comments[row["post_id"], default: []].append(
                        KnowledgeEntry.Comment(score: row["score"], text: row["text"], warning: row["vocabulary_hit"]))
                }
                for row in rows {
                    if let entry = entry(from: row, comments: comments[row["id"]] ?? [], origin: origin, tagFilter: tagFilter, report: &checkpoint.report) {
                        try EntryIndex.upsert(entry, db)
                        checkpoint.report.entriesKept += 1
                    }
                }
                checkpoint.lastAnswerID = lastRowID
                try commit(db)
                return false
            }
            if let progress = options.progress {
                progress(IngestProgress(phase: "entries", bytesDone: checkpoint.report.bytesRead, bytesTotal: nil,
                                        rows: checkpoint.report.entriesKept, seconds: Date().timeIntervalSince(started)))
            }
            if done { return }
            try afterCommit()
        }
    }

    private func entry(from row: Row, comments: [KnowledgeEntry.Comment], origin: String, tagFilter: Set<String>,
                       report: inout IngestReport) -> KnowledgeEntry? {
        let questionID: Int? = row["question_id"]
        guard questionID != nil else {
            report.drop(.questionMissing)
            return nil
        }
        let tags = TagList.parse(row["tags"] ?? "")
        if !tagFilter.isEmpty, tagFilter.isDisjoint(with: tags) {
            report.drop(.tagFilter)
            return nil
        }
        let answerHit: Bool = row["vocabulary_hit"]
        guard answerHit || comments.contains(where: \.warning) else {
            report.drop(.noSecurityVocabulary)
            return nil
        }
        let id: Int = row["id"]
        let title: String = row["title"] ?? ""
        let answer: String = row["body"] ?? ""
        let code = IngestRun.joinBlocks(row["code"])
        let questionCode = IngestRun.joinBlocks(row["question_code"])
        let inferenceText = ([title, answer, code] + comments.map(\.text)).joined(separator: "\n")
        let accepted: Int? = row["accepted_answer_id"]
        return KnowledgeEntry(
            key: String(id), origin: origin, answerID: id, title: title, tags: tags,
            language: options.languageMap.language(forTags: tags, hint: row["language_hint"]),
            cwes: CWEInference.infer(inferenceText), score: row["score"], accepted: accepted == id,
            question: row["question_body"] ?? "", questionCode: questionCode, answer: answer, code: code, comments: comments)
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
