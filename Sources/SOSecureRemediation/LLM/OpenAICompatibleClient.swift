import AsyncHTTPClient
import Foundation

/// A `ChatModel` that talks to any OpenAI-compatible `/chat/completions` endpoint (OpenAI, Ollama,
/// llama.cpp server, vLLM, LM Studio…).
///
/// One attempt per call plus up to `settings.maxRetries` retries on 429, 5xx and failed connections,
/// with exponential backoff and full jitter or the server's `Retry-After`. 401/403, unknown models,
/// timeouts and malformed answers fail at once. The API key only ever travels in the
/// `Authorization` header: it is scrubbed from every error message.
public final class OpenAICompatibleClient: ChatModel {
    public let settings: LLMSettings
    let retryPolicy: RetryPolicy
    private let exchange: LLMExchange

    public convenience init(settings: LLMSettings) {
        self.init(settings: settings, retryPolicy: RetryPolicy())
    }

    /// Tests pass a policy with a tiny base delay so retry scenarios run in milliseconds.
    init(settings: LLMSettings, retryPolicy: RetryPolicy) {
        self.settings = settings
        self.retryPolicy = retryPolicy
        exchange = LLMExchange(settings: settings, retryPolicy: retryPolicy,
                               url: LLMExchange.url(base: settings.baseURL, route: "/chat/completions"))
    }

    public var modelName: String { settings.model ?? "unconfigured" }

    /// The full URL requests go to: the base URL with `/chat/completions` appended.
    public var completionsURL: String { exchange.url }

    public func complete(_ messages: [ChatMessage]) async throws -> String {
        let model = try exchange.requireModel()
        let request = try exchange.request(body: ChatCompletionRequest(
            model: model, messages: messages, temperature: settings.temperature,
            maxTokens: settings.maxTokens, stream: false))
        return try await exchange.withRetries {
            try interpret(try await exchange.send(request))
        }
    }

    private func interpret(_ answer: LLMExchange.Answer) throws -> String {
        if let body = try exchange.successBody(answer) { return try parseCompletion(body) }
        if answer.status == 404 || answer.status == 400, saysModelIsUnknown(answer.body) {
            throw LLMError.unknownModel(settings.model ?? "")
        }
        throw LLMError.serverError(status: answer.status, attempts: 1, message: exchange.errorMessage(answer.body))
    }

    private func parseCompletion(_ body: Data) throws -> String {
        let response: ChatCompletionResponse
        do {
            response = try JSONDecoder().decode(ChatCompletionResponse.self, from: body)
        } catch {
            throw LLMError.malformedResponse("the body is not JSON of the expected shape (\(exchange.preview(body)))")
        }
        guard let choices = response.choices else {
            throw LLMError.malformedResponse("no 'choices' in the answer (\(exchange.preview(body)))")
        }
        guard let first = choices.first else {
            throw LLMError.malformedResponse("'choices' is empty")
        }
        guard let content = first.message?.content else {
            throw LLMError.malformedResponse("choices[0].message.content is missing or null")
        }
        return content
    }

    /// OpenAI says `"code": "model_not_found"`; Ollama says `model "x" not found, try pulling it first`;
    /// others say "model ... does not exist".
    private func saysModelIsUnknown(_ body: Data) -> Bool {
        let parsed = APIErrorBody(body)
        if parsed?.code == "model_not_found" { return true }
        let text = (parsed?.message ?? String(decoding: body.prefix(2048), as: UTF8.self)).lowercased()
        guard text.contains("model") else { return false }
        return text.contains("not found") || text.contains("does not exist") || text.contains("not exist")
            || text.contains("unknown model") || text.contains("no such model")
    }

    /// Servers sometimes echo the key they rejected; never pass it on.
    func redact(_ text: String) -> String { exchange.redact(text) }
}

/// A failure that may go away on another attempt; turned into an `LLMError` once attempts run out.
enum RetryableFailure: Error {
    case rateLimited(retryAfter: Double?)
    case server(status: Int, message: String, retryAfter: Double?)
    case refused
    case connection(message: String)

    var retryAfter: Double? {
        switch self {
        case .rateLimited(let retryAfter), .server(_, _, let retryAfter): return retryAfter
        case .refused, .connection: return nil
        }
    }

    func finalError(attempts: Int, url: String) -> LLMError {
        switch self {
        case .rateLimited: return .rateLimited(attempts: attempts)
        case .server(let status, let message, _):
            return .serverError(status: status, attempts: attempts, message: message)
        case .refused: return .connectionRefused(url: url)
        case .connection(let message): return .serverError(status: 0, attempts: attempts, message: message)
        }
    }
}

/// The client for every LLM request in the process. Unlike `HTTPClient.shared`, it does not keep
/// retrying a refused connection until the deadline: a server that is not running is reported at
/// once and the retry loop above decides. Redirects are refused so the key never follows one.
/// A global that lives as long as the process, so it needs no shutdown.
let llmHTTPClient: HTTPClient = {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool.retryConnectionEstablishment = false
    configuration.redirectConfiguration = .disallow
    return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
}()
