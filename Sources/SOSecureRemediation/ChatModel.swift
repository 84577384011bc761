/// One message of a chat-completion conversation.
public struct ChatMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Codable { case system, user, assistant }

    public let role: Role
    public let content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }
}

/// A model that answers a conversation with text. The reviser depends only on this, so the loop
/// runs the same against any OpenAI-compatible endpoint.
public protocol ChatModel: Sendable {
    /// The model's name as the endpoint knows it, for explanations and citations.
    var modelName: String { get }
    /// The assistant's reply to `messages`. Throws `LLMError` for transport and protocol failures.
    func complete(_ messages: [ChatMessage]) async throws -> String
}
