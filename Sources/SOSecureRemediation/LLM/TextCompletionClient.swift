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
    /// Its key scrubbing is reused so both clients hide a key the same way.
    private let scrubber: OpenAICompatibleClient

    private static let maxResponseBytes = 8 * 1024 * 1024

    public convenience init(settings: LLMSettings) {
        self.init(settings: settings, retryPolicy: RetryPolicy())
    }

    init(settings: LLMSettings, retryPolicy: RetryPolicy) {
        self.settings = settings
        self.retryPolicy = retryPolicy
        self.scrubber = OpenAICompatibleClient(settings: settings, retryPolicy: retryPolicy)
    }

    public var modelName: String { settings.model ?? "unconfigured" }

    /// The base URL with `/completions` appended.
    public var completionsURL: String {
        var base = settings.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/completions"
    }

    public func complete(prompt: String, options: TextCompletionOptions) async throws -> String {
        let request = try makeRequest(prompt: prompt, options: options)
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
            if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) }
        }
    }

    private func makeRequest(prompt: String, options: TextCompletionOptions) throws -> HTTPClientRequest {
        guard let model = settings.model else {
            throw LLMError.notConfigured("no model is set (set SOSECURE_LLM_MODEL or model in the config file's [llm] table)")
        }
        guard let url = URL(string: completionsURL), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil
        else {
            throw LLMError.notConfigured("the base URL '\(settings.baseURL)' is not an http(s) URL")
        }
        let body = TextCompletionRequest(
            model: model, prompt: prompt, temperature: options.temperature, topP: options.topP,
            maxTokens: options.maxTokens, stop: options.stop.isEmpty ? nil : Array(options.stop.prefix(4)), stream: false)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var request = HTTPClientRequest(url: completionsURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "sosecure")
        if let key = settings.apiKey, !key.isEmpty {
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
        }
        request.body = .bytes(Array(try encoder.encode(body)))
        return request
    }

    private func send(_ request: HTTPClientRequest) async throws -> String {
        let timeout = settings.timeoutSeconds
        let response: HTTPClientResponse
        let body: Data
        do {
            // The deadline covers the body too: a stalled body is cancelled with the task.
            (response, body) = try await withThrowingTaskGroup(of: (HTTPClientResponse, Data)?.self) { group in
                group.addTask {
                    let response = try await llmHTTPClient.execute(
                        request, timeout: .milliseconds(Int64((timeout * 1000).rounded(.up))))
                    let buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
                    return (response, Data(buffer.readableBytesView))
                }
                group.addTask {
                    try await Task.sleep(nanoseconds: UInt64(max(timeout, 0) * 1_000_000_000))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let answer = first else {
                    throw LLMError.timeout(seconds: timeout)
                }
                return answer
            }
        } catch let error as LLMError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            switch TransportFailure(error) {
            case .timedOut: throw LLMError.timeout(seconds: timeout)
            case .refused: throw RetryableFailure.refused
            case .dropped(let detail): throw RetryableFailure.connection(message: scrubber.redact(detail))
            case .tooLarge: throw LLMError.malformedResponse("the answer is larger than \(Self.maxResponseBytes / 1_048_576) MB")
            }
        }
        let status = Int(response.status.code)
        let retryAfter = RetryPolicy.parseRetryAfter(response.headers.first(name: "Retry-After"))
        let message = scrubber.redact(String((APIErrorBody(body)?.message ?? String(decoding: body.prefix(512), as: UTF8.self))
            .split(whereSeparator: \.isNewline).joined(separator: " ").prefix(200)))
        switch status {
        case 200..<300:
            return try parse(body)
        case 401, 403:
            throw LLMError.unauthorized(status: status, message: message)
        case 429:
            throw RetryableFailure.rateLimited(retryAfter: retryAfter)
        case 500..<600:
            throw RetryableFailure.server(status: status, message: message, retryAfter: retryAfter)
        case 400, 404, 405:
            if Self.blamesModel(body) { throw LLMError.unknownModel(settings.model ?? "") }
            throw TextCompletionError.notOffered(status: status, message: message)
        default:
            throw LLMError.serverError(status: status, attempts: 1, message: message)
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
