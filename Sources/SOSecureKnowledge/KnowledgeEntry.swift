import SOSecureCore

/// One searchable discussion: a question, its insecure code, an answer with code, and the
/// comment thread — from the shipped knowledge base, a dump, the API or a team's own files.
public struct KnowledgeEntry: Sendable, Hashable, Codable {
    /// Unique across the store: a shipped/team id (`py-subprocess-shell-filename`) or an answer id (`4242`).
    public var key: String
    /// `default`, `dump:<file name>`, `api:<site>` or `team:<file name>`.
    public var origin: String
    /// The Stack Exchange answer id for dump and API entries.
    public var answerID: Int?
    public var title: String
    public var tags: [String]
    public var language: Language?
    public var cwes: [Int]
    public var apis: [String]
    public var score: Int
    public var accepted: Bool
    public var question: String
    public var questionCode: String
    public var answer: String
    /// The answer's code blocks, separated by blank lines.
    public var code: String
    public var comments: [Comment]

    public struct Comment: Sendable, Hashable, Codable {
        public var score: Int
        public var text: String
        /// True when the comment uses the security vocabulary: these are the warnings shown with a result.
        public var warning: Bool

        public init(score: Int, text: String, warning: Bool) {
            self.score = score
            self.text = text
            self.warning = warning
        }
    }

    public init(key: String, origin: String, answerID: Int? = nil, title: String, tags: [String], language: Language?,
                cwes: [Int], apis: [String] = [], score: Int = 0, accepted: Bool = false, question: String = "",
                questionCode: String = "", answer: String, code: String, comments: [Comment]) {
        self.key = key
        self.origin = origin
        self.answerID = answerID
        self.title = title
        self.tags = tags
        self.language = language
        self.cwes = cwes
        self.apis = apis
        self.score = score
        self.accepted = accepted
        self.question = question
        self.questionCode = questionCode
        self.answer = answer
        self.code = code
        self.comments = comments
    }

    /// Where a person reads the discussion: the Stack Overflow answer, or a stable reference
    /// into SOSecure's own knowledge base for shipped and team entries.
    public var url: String {
        if let answerID, origin.hasPrefix("dump:") || origin.hasPrefix("api:") {
            return "https://stackoverflow.com/a/\(answerID)"
        }
        return "sosecure:kb/\(key)"
    }

    public var warnings: [String] { comments.filter(\.warning).map(\.text) }
}

/// Origin labels, spelled in one place.
public enum EntryOrigin {
    public static let shipped = "default"
    public static func dump(_ fileName: String) -> String { "dump:\(fileName)" }
    public static func api(_ site: String) -> String { "api:\(site)" }
    public static func team(_ fileName: String) -> String { "team:\(fileName)" }
}
