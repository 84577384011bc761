import Foundation
import GRDB

/// `kb sync`: pulls answers created since a date from the Stack Exchange API, with their
/// comments and questions, runs them through the same security filter as dump ingestion
/// and indexes the survivors next to everything else (origin `api:<site>`).
public struct KnowledgeSync: Sendable {
    public struct Options: Sendable {
        public var site = "stackoverflow"
        /// Answers created at or after this instant; nil continues from the last sync of the site.
        public var since: Date?
        public var tag: String?
        public var key: String?
        public var apiBase = URL(string: "https://api.stackexchange.com/2.3")!
        public var maxPages = 25
        public var vocabulary: SecurityVocabulary = .default
        public var languageMap: LanguageTagMap = .default
        /// How to wait out `backoff`; tests pass a recorder instead of sleeping.
        public var sleep: @Sendable (Double) async -> Void = { seconds in
            try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
        }

        public init() {}
    }

    public struct Report: Sendable, Codable, Equatable {
        public var answersFetched = 0
        public var entriesKept = 0
        public var dropped: [String: Int] = [:]
        public var requests = 0
        public var quotaRemaining: Int?
        public var backoffWaits: [Int] = []
        /// True when paging stopped early (page limit or quota); the next sync continues from the newest answer kept.
        public var truncated = false
        public var since: Int = 0

        public var summary: String {
            var lines = ["answers fetched: \(answersFetched)", "entries kept: \(entriesKept)"]
            for reason in DropReason.allCases { if let count = dropped[reason.rawValue] { lines.append("  dropped, \(reason.rawValue): \(count)") } }
            lines.append("requests: \(requests)" + (quotaRemaining.map { ", quota remaining: \($0)" } ?? ""))
            if !backoffWaits.isEmpty { lines.append("waited for backoff: \(backoffWaits.map { "\($0)s" }.joined(separator: ", "))") }
            if truncated { lines.append("stopped early (page limit or quota); run sync again to continue") }
            return lines.joined(separator: "\n")
        }
    }

    public let store: KnowledgeStore
    public let options: Options

    public init(store: KnowledgeStore, options: Options) {
        self.store = store
        self.options = options
    }

    static func cursorKey(_ site: String) -> String { "sync_since:\(site)" }

    public func run() async throws -> Report {
        var report = Report()
        let origin = EntryOrigin.api(options.site)
        let since: Int
        if let date = options.since {
            since = Int(date.timeIntervalSince1970)
        } else if let saved = try store.read({ db in try store.meta(KnowledgeSync.cursorKey(options.site), db) }), let value = Int(saved) {
            since = value
        } else {
            throw KnowledgeError.invalidInput("no previous sync of \(options.site) is recorded; pass --since DATE")
        }
        report.since = since
        let client = StackExchangeClient(base: options.apiBase, site: options.site, key: options.key, sleep: options.sleep)

        let (answers, complete): ([StackExchangeClient.Answer], Bool) = try await client.all(
            "answers", ["fromdate": String(since), "filter": "withbody", "sort": "creation", "order": "asc"], maxPages: options.maxPages)
        report.answersFetched = answers.count
        report.truncated = !complete

        // Answers with code only, as in dump ingestion.
        var candidates: [(StackExchangeClient.Answer, HTMLText)] = []
        for answer in answers {
            let text = HTMLText.parse(answer.body ?? "")
            if text.codeBlocks.isEmpty { report.dropped[DropReason.noCode.rawValue, default: 0] += 1 } else { candidates.append((answer, text)) }
        }
        var comments: [Int: [StackExchangeClient.Comment]] = [:]
        var questions: [Int: StackExchangeClient.Question] = [:]
        for chunk in stride(from: 0, to: candidates.count, by: 100).map({ Array(candidates[$0..<min($0 + 100, candidates.count)]) }) {
            let ids = chunk.map { String($0.0.answer_id) }.joined(separator: ";")
            let (items, _): ([StackExchangeClient.Comment], Bool) = try await client.all("answers/\(ids)/comments", ["filter": "withbody", "sort": "creation", "order": "asc"])
            for comment in items { comments[comment.post_id, default: []].append(comment) }
            let questionIDs = Set(chunk.map(\.0.question_id)).subtracting(questions.keys).sorted()
            if !questionIDs.isEmpty {
                let (found, _): ([StackExchangeClient.Question], Bool) = try await client.all(
                    "questions/\(questionIDs.map(String.init).joined(separator: ";"))", ["filter": "withbody"])
                for question in found { questions[question.question_id] = question }
            }
        }

        var newest = since
        try store.write { db in
            for (answer, text) in candidates {
                newest = max(newest, (answer.creation_date ?? since) + 1)
                guard let question = questions[answer.question_id] else {
                    report.dropped[DropReason.questionMissing.rawValue, default: 0] += 1
                    continue
                }
                let tags = (question.tags ?? []).map { $0.lowercased() }
                if let tag = options.tag?.lowercased(), !tags.contains(tag) {
                    report.dropped[DropReason.tagFilter.rawValue, default: 0] += 1
                    continue
                }
                let thread = (comments[answer.answer_id] ?? []).sorted { $0.comment_id < $1.comment_id }.map { comment -> KnowledgeEntry.Comment in
                    let plain = HTMLText.parse(comment.body ?? "").prose
                    return KnowledgeEntry.Comment(score: comment.score ?? 0, text: plain, warning: options.vocabulary.matches(plain))
                }
                guard options.vocabulary.matches(text.prose) || thread.contains(where: \.warning) else {
                    report.dropped[DropReason.noSecurityVocabulary.rawValue, default: 0] += 1
                    continue
                }
                let questionText = HTMLText.parse(question.body ?? "")
                let title = HTMLEntities.decodeHTML(question.title ?? "")
                let code = text.codeBlocks.joined(separator: "\n\n")
                try storePosts(answer: answer, text: text, question: question, questionText: questionText, title: title, tags: tags,
                               thread: thread, origin: origin, db)
                let entry = KnowledgeEntry(
                    key: String(answer.answer_id), origin: origin, answerID: answer.answer_id, title: title, tags: tags,
                    language: options.languageMap.language(forTags: tags, hint: text.languageHint),
                    cwes: CWEInference.infer(([title, text.prose, code] + thread.map(\.text)).joined(separator: "\n")),
                    score: answer.score ?? 0, accepted: answer.is_accepted ?? (question.accepted_answer_id == answer.answer_id),
                    question: questionText.prose, questionCode: questionText.codeBlocks.joined(separator: "\n\n"),
                    answer: text.prose, code: code, comments: thread)
                try EntryIndex.upsert(entry, db)
                report.entriesKept += 1
            }
            if report.entriesKept > 0 { try EntryIndex.refreshStatistics(db) }
            // The next sync starts after the newest answer seen (pages come oldest first).
            if newest > since { try store.setMeta(KnowledgeSync.cursorKey(options.site), String(newest), db) }
        }
        report.requests = client.requests
        report.quotaRemaining = client.quotaRemaining
        report.backoffWaits = client.backoffWaits
        return report
    }

    private func storePosts(answer: StackExchangeClient.Answer, text: HTMLText, question: StackExchangeClient.Question,
                            questionText: HTMLText, title: String, tags: [String], thread: [KnowledgeEntry.Comment],
                            origin: String, _ db: Database) throws {
        let insert = """
            INSERT OR REPLACE INTO posts(id, post_type, parent_id, accepted_answer_id, title, tags, body, code, language_hint,
                                         score, creation_date, vocabulary_hit, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        func date(_ seconds: Int?) -> String? {
            seconds.map { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval($0))) }
        }
        try db.execute(sql: insert, arguments: [
            question.question_id, 1, nil, question.accepted_answer_id, title, TagList.encode(tags), questionText.prose,
            questionText.codeBlocks.joined(separator: "\u{1E}"), nil, question.score ?? 0, date(question.creation_date), false, origin,
        ])
        try db.execute(sql: insert, arguments: [
            answer.answer_id, 2, answer.question_id, nil, nil, "", text.prose, text.codeBlocks.joined(separator: "\u{1E}"),
            text.languageHint, answer.score ?? 0, date(answer.creation_date), options.vocabulary.matches(text.prose), origin,
        ])
    }

    /// Accepts `2024-05-01`, a full ISO 8601 timestamp, or Unix seconds.
    public static func parseDate(_ text: String) throws -> Date {
        if let seconds = Int(text), seconds >= 0 { return Date(timeIntervalSince1970: TimeInterval(seconds)) }
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = day.date(from: text) { return date }
        throw KnowledgeError.invalidInput("cannot read date '\(text)'; expected YYYY-MM-DD, an ISO 8601 timestamp or Unix seconds")
    }
}
