import Foundation

/// The body of `POST /chat/completions`, with the OpenAI field names.
struct ChatCompletionRequest: Encodable {
    let model: String
    let messages: [ChatMessage]
    let temperature: Double
    let maxTokens: Int
    let stream: Bool

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, stream
        case maxTokens = "max_tokens"
    }
}

/// The part of a chat-completion answer the client reads: `choices[0].message.content`.
struct ChatCompletionResponse: Decodable {
    struct Choice: Decodable {
        struct Message: Decodable {
            let content: String?
        }
        let message: Message?
    }
    let choices: [Choice]?
}

/// The error envelope servers send with 4xx/5xx. OpenAI: `{"error": {"message", "code", "type"}}`;
/// Ollama: the same shape on `/v1`, or `{"error": "text"}` on its native API.
struct APIErrorBody {
    let message: String
    let code: String?

    init?(_ data: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        if let error = object["error"] as? [String: Any] {
            message = error["message"] as? String ?? ""
            code = (error["code"] as? String) ?? (error["type"] as? String)
        } else if let text = object["error"] as? String {
            message = text
            code = nil
        } else if let text = object["message"] as? String {
            message = text
            code = object["code"] as? String
        } else {
            return nil
        }
    }
}
