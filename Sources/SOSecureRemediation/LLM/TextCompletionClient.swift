import AsyncHTTPClient
import Foundation

/// A `TextCompletionModel` for the `/completions` endpoint of OpenAI-compatible servers (vLLM, llama.cpp
/// server, Ollama, OpenAI's instruct models).
///
/// Same transport rules as `OpenAICompatibleClient`: retries with backoff on 429, 5xx and failed
/// connections; 401/403, unknown models, timeouts and malformed answers fail at once; the key travels
/// only in the `Authorization` header and is scrubbed from messages. A server without the route answers
/// 404 (or 400/405): that becomes `TextCompletionError.notOffered`, never retried.
public final class TextCompletionClient: TextCompletionModel {
    public let settings: LLMSettings
    let retryPolicy: RetryPolicy
    private let exchange: LLMExchange

    public convenience init(settings: LLMSettings) {
        self.init(settings: settings, retryPolicy: RetryPolicy())
    }

    init(settings: LLMSettings, retryPolicy: RetryPolicy) {
        self.settings = settings
        self.retryPolicy = retryPolicy
        exchange = LLMExchange(settings: settings, retryPolicy: retryPolicy,
                               url: LLMExchange.url(base: settings.baseURL, route: "/completions"))
    }

    public var modelName: String { settings.model ?? "unconfigured" }

    /// The base URL with `/completions` appended.
    public var completionsURL: String { exchange.url }

    public func complete(prompt: String, options: TextCompletionOptions) async throws -> String {
        let model = try exchange.requireModel()
        let request = try exchange.request(body: TextCompletionRequest(
            model: model, prompt: prompt, temperature: options.temperature, topP: options.topP,
            maxTokens: options.maxTokens, stop: options.stop.isEmpty ? nil : Array(options.stop.prefix(4)), stream: false))
        return try await exchange.withRetries {
            try interpret(try await exchange.send(request))
        }
    }

    private func interpret(_ answer: LLMExchange.Answer) throws -> String {
        if let body = try exchange.successBody(answer) { return try parse(body) }
        let message = exchange.errorMessage(answer.body)
        switch answer.status {
        case 400, 404, 405:
            if Self.blamesModel(answer.body) { throw LLMError.unknownModel(settings.model ?? "") }
            throw TextCompletionError.notOffered(status: answer.status, message: message)
        default:
            throw LLMError.serverError(status: answer.status, attempts: 1, message: message)
        }
    }

    private func parse(_ body: Data) throws -> String {
        guard let response = try? JSONDecoder().decode(TextCompletionResponse.self, from: body) else {
            throw LLMError.malformedResponse("the body is not a text completion (\(body.isEmpty ? "empty body" : "\(body.count) bytes"))")
        }
        guard let text = response.choices?.first?.text else {
            throw LLMError.malformedResponse("choices[0].text is missing or null")
        }
        return text
    }

    /// A 404 that names the model (`model_not_found`, "model ... not found") is about the model, not the route.
    private static func blamesModel(_ body: Data) -> Bool {
        let parsed = APIErrorBody(body)
        if parsed?.code == "model_not_found" { return true }
        let text = (parsed?.message ?? "").lowercased()
        return text.contains("model") && (text.contains("not found") || text.contains("does not exist"))
    }
}
