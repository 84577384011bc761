/// How to sample one text completion.
public struct TextCompletionOptions: Sendable, Equatable {
    public var temperature: Double
    /// Nucleus sampling: only the most likely tokens whose probabilities add up to this are drawn from.
    public var topP: Double
    public var maxTokens: Int
    /// The model stops before writing any of these (at most four, as OpenAI allows).
    public var stop: [String]

    public init(temperature: Double = 1, topP: Double = 1, maxTokens: Int = 512, stop: [String] = []) {
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.stop = stop
    }
}

/// A model that continues a text: the legacy `/completions` endpoint, which continues code from an
/// exact prefix without a chat template in between. Self-play samples continuations through it.
public protocol TextCompletionModel: Sendable {
    var modelName: String { get }
    /// The text the model writes after `prompt`. Throws `TextCompletionError.notOffered` when the endpoint
    /// has no text completions, `LLMError` for every other failure.
    func complete(prompt: String, options: TextCompletionOptions) async throws -> String
}

/// The endpoint does not offer text completions; callers fall back to chat.
public enum TextCompletionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 404 or 405 (no such route), or a 400 that does not blame the model (a chat-only server).
    case notOffered(status: Int, message: String)

    public var description: String {
        switch self {
        case .notOffered(let status, let message):
            return "the model endpoint offers no /completions (HTTP \(status))\(message.isEmpty ? "" : ": \(message)")"
        }
    }
}
