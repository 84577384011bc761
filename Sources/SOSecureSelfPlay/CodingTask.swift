import SOSecureCore

/// One request to a code generator, read from a task file (JSONL, one task per line).
public struct CodingTask: Sendable, Equatable, Codable {
    /// Unique within its file; results and pairs refer to it.
    public let id: String
    public let language: Language
    /// The request sent to the model.
    public let prompt: String
    /// A known secure solution, if the task author has one.
    public let reference: String?
    /// The weaknesses the task is about (empty when the author did not say).
    public let cwes: [Int]
    /// Test code that imports the solution module (Python only); run only with `--run-tests`.
    public let tests: String?
    /// 1-based line of the task file, for messages.
    public let line: Int

    public init(id: String, language: Language, prompt: String, reference: String? = nil,
                cwes: [Int] = [], tests: String? = nil, line: Int = 0) {
        self.id = id
        self.language = language
        self.prompt = prompt
        self.reference = reference
        self.cwes = cwes
        self.tests = tests
        self.line = line
    }
}
