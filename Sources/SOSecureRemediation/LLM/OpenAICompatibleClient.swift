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

    /// Answers larger than this are not chat completions worth reading.
    private static let maxResponseBytes = 8 * 1024 * 1024

    public convenience init(settings: LLMSettings) {
        self.init(settings: settings, retryPolicy: RetryPolicy())
    }

    /// Tests pass a policy with a tiny base delay so retry scenarios run in milliseconds.
    init(settings: LLMSettings, retryPolicy: RetryPolicy) {
        self.settings = settings
        self.retryPolicy = retryPolicy
    }

    public var modelName: String { settings.model ?? "unconfigured" }

    /// The full URL requests go to: the base URL with `/chat/completions` appended.
    public var completionsURL: String {
        var base = settings.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/chat/completions"
    }

    public func complete(_ messages: [ChatMessage]) async throws -> String {
        let request = try makeRequest(messages)
        var attempt = 0
        while true {
            attempt += 1
            let failure: RetryableFailure
            do {
                return try await send(request)
            } catch let retryable as RetryableFailure {
                failure = retryable
            }
            guard attempt <= settings.maxRetries else {
                throw failure.finalError(attempts: attempt, url: completionsURL)
            }
            let wait = retryPolicy.delay(beforeRetry: attempt, retryAfter: failure.retryAfter)
            if wait > 0 {
                try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
            }
        }
    }

    // MARK: - One attempt

    private func makeRequest(_ messages: [ChatMessage]) throws -> HTTPClientRequest {
        guard let model = settings.model else {
            throw LLMError.notConfigured("no model is set (set SOSECURE_LLM_MODEL or model in the config file's [llm] table)")
        }
        guard let url = URL(string: completionsURL), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host != nil
        else {
            throw LLMError.notConfigured("the base URL '\(settings.baseURL)' is not an http(s) URL")
        }
        let body = ChatCompletionRequest(
            model: model, messages: messages, temperature: settings.temperature,
            maxTokens: settings.maxTokens, stream: false)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(body)

        var request = HTTPClientRequest(url: completionsURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "sosecure")
        if let key = settings.apiKey, !key.isEmpty {
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
        }
        request.body = .bytes(Array(data))
        return request
    }

    /// Sends one request. Throws `LLMError` for failures that end the call and `RetryableFailure`
    /// for those worth another attempt.
    private func send(_ request: HTTPClientRequest) async throws -> String {
        let timeout = settings.timeoutSeconds
        let raw: RawResponse
        do {
            // AsyncHTTPClient's deadline stops at the response head; the race also bounds a body that stalls.
            raw = try await Self.withTimeout(seconds: timeout) {
                let response = try await llmHTTPClient.execute(
                    request, timeout: .milliseconds(Int64((timeout * 1000).rounded(.up))))
                let buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
                return RawResponse(
                    status: Int(response.status.code),
                    headers: response.headers.map { ($0.name, $0.value) },
                    body: Data(buffer.readableBytesView))
            }
        } catch let error as LLMError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw classifyTransport(error)
        }
        return try interpret(status: raw.status, headers: raw.headers, body: raw.body)
    }

    private struct RawResponse: Sendable {
        let status: Int
        let headers: [(String, String)]
        let body: Data
    }

    private struct AttemptTimedOut: Error {}

    /// Runs `operation`, cancelling it when `seconds` pass first.
    private static func withTimeout<T: Sendable>(
        seconds: Double, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(max(seconds, 0) * 1_000_000_000))
                throw AttemptTimedOut()
            }
            defer { group.cancelAll() }
            guard let result = try await group.next() else { throw AttemptTimedOut() }
            return result
        }
    }

    private func interpret(status: Int, headers: [(String, String)], body: Data) throws -> String {
        func header(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
        }
        switch status {
        case 200..<300:
            return try parseCompletion(body)
        case 401, 403:
            throw LLMError.unauthorized(status: status, message: errorMessage(body))
        case 429:
            throw RetryableFailure.rateLimited(
                retryAfter: RetryPolicy.parseRetryAfter(header("Retry-After")))
        case 500..<600:
            throw RetryableFailure.server(
                status: status, message: errorMessage(body),
                retryAfter: RetryPolicy.parseRetryAfter(header("Retry-After")))
        default:
            if status == 404 || status == 400, saysModelIsUnknown(body) {
                throw LLMError.unknownModel(settings.model ?? "")
            }
            throw LLMError.serverError(status: status, attempts: 1, message: errorMessage(body))
        }
    }

    private func parseCompletion(_ body: Data) throws -> String {
        let response: ChatCompletionResponse
        do {
            response = try JSONDecoder().decode(ChatCompletionResponse.self, from: body)
        } catch {
            throw LLMError.malformedResponse("the body is not JSON of the expected shape (\(preview(body)))")
        }
        guard let choices = response.choices else {
            throw LLMError.malformedResponse("no 'choices' in the answer (\(preview(body)))")
        }
        guard let first = choices.first else {
            throw LLMError.malformedResponse("'choices' is empty")
        }
        guard let content = first.message?.content else {
            throw LLMError.malformedResponse("choices[0].message.content is missing or null")
        }
        return content
    }

    // MARK: - Error details

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

    /// The server's own explanation, short and without the key.
    private func errorMessage(_ body: Data) -> String {
        let text = APIErrorBody(body)?.message ?? String(decoding: body.prefix(512), as: UTF8.self)
        return redact(shorten(text))
    }

    private func preview(_ body: Data) -> String {
        if body.isEmpty { return "empty body" }
        let text = String(decoding: body.prefix(120), as: UTF8.self)
        return "starts with \"\(redact(shorten(text, limit: 80)))\""
    }

    private func shorten(_ text: String, limit: Int = 200) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        return oneLine.count > limit ? String(oneLine.prefix(limit)) + "…" : oneLine
    }

    /// Servers sometimes echo the key they rejected; never pass it on.
    func redact(_ text: String) -> String {
        guard let key = settings.apiKey, !key.isEmpty else { return text }
        var result = text.replacingOccurrences(of: key, with: "<redacted>")
        // Some servers echo a part of the key (its tail); drop any 8+ character slice of it too.
        if key.count >= 12 {
            let tail = String(key.suffix(8))
            let head = String(key.prefix(8))
            result = result.replacingOccurrences(of: tail, with: "<redacted>")
                .replacingOccurrences(of: head, with: "<redacted>")
        }
        return result
    }

    private func classifyTransport(_ error: Error) -> Error {
        if error is AttemptTimedOut { return LLMError.timeout(seconds: settings.timeoutSeconds) }
        switch TransportFailure(error) {
        case .timedOut:
            return LLMError.timeout(seconds: settings.timeoutSeconds)
        case .refused:
            return RetryableFailure.refused
        case .dropped(let detail):
            return RetryableFailure.connection(message: redact(shorten(detail)))
        case .tooLarge:
            return LLMError.malformedResponse("the answer is larger than \(Self.maxResponseBytes / 1_048_576) MB")
        }
    }
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
