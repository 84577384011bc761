/// The body of `POST /completions`, with the OpenAI field names.
struct TextCompletionRequest: Encodable {
    let model: String
    let prompt: String
    let temperature: Double
    let topP: Double
    let maxTokens: Int
    let stop: [String]?
    let stream: Bool

    enum CodingKeys: String, CodingKey {
        case model, prompt, temperature, stop, stream
        case topP = "top_p"
        case maxTokens = "max_tokens"
    }
}

/// The part of a text-completion answer the client reads: `choices[0].text`.
struct TextCompletionResponse: Decodable {
    struct Choice: Decodable {
        let text: String?
    }
    let choices: [Choice]?
}
