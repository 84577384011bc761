import AsyncHTTPClient
import Foundation

/// One JSON POST to an OpenAI-compatible route, as both clients send it: the request with the key only in
/// the `Authorization` header, attempts bounded by the timeout (body included), retries with backoff on
/// 429, 5xx and failed connections, and server messages shortened and scrubbed of the key. What a 2xx body
/// means, and how other 4xx answers read, is each client's own business.
struct LLMExchange: Sendable {
    let settings: LLMSettings
    let retryPolicy: RetryPolicy
    /// The full URL requests go to.
    let url: String

    /// Answers larger than this are not completions worth reading.
    static let maxResponseBytes = 8 * 1024 * 1024

    /// The status, headers and body of one answer.
    struct Answer: Sendable {
        let status: Int
        let headers: [(String, String)]
        let body: Data

        func header(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
        }
    }

    /// `base` with `route` appended, trailing slashes of the base dropped.
    static func url(base: String, route: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base + route
    }

    /// The configured model name; a missing model or a base URL that is not http(s) ends the call here.
    func requireModel() throws -> String {
        guard let model = settings.model else {
            throw LLMError.notConfigured("no model is set (set SOSECURE_LLM_MODEL or model in the config file's [llm] table)")
        }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
              scheme == "http" || scheme == "https", parsed.host != nil
        else {
            throw LLMError.notConfigured("the base URL '\(settings.baseURL)' is not an http(s) URL")
        }
        return model
    }

    /// A POST of `body` as JSON (sorted keys, so requests are reproducible).
    func request(body: some Encodable) throws -> HTTPClientRequest {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var request = HTTPClientRequest(url: url)
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

    /// Runs `attempt` once plus up to `settings.maxRetries` times while it throws `RetryableFailure`,
    /// waiting as the retry policy (or the server's `Retry-After`) says between attempts.
    func withRetries<T>(_ attempt: () async throws -> T) async throws -> T {
        var attempts = 0
        while true {
            attempts += 1
            let failure: RetryableFailure
            do {
                return try await attempt()
            } catch let retryable as RetryableFailure {
                failure = retryable
            }
            guard attempts <= settings.maxRetries else {
                throw failure.finalError(attempts: attempts, url: url)
            }
            let wait = retryPolicy.delay(beforeRetry: attempts, retryAfter: failure.retryAfter)
            if wait > 0 {
                try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
            }
        }
    }

    /// Sends `request` once. Transport failures become `LLMError` (final) or `RetryableFailure`.
    func send(_ request: HTTPClientRequest) async throws -> Answer {
        let timeout = settings.timeoutSeconds
        do {
            // AsyncHTTPClient's deadline stops at the response head; the race also bounds a body that stalls.
            return try await Self.withTimeout(seconds: timeout) {
                let response = try await llmHTTPClient.execute(
                    request, timeout: .milliseconds(Int64((timeout * 1000).rounded(.up))))
                let buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
                return Answer(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                              body: Data(buffer.readableBytesView))
            }
        } catch let error as LLMError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw classifyTransport(error)
        }
    }

    /// The body of a 2xx answer. 401/403, 429 and 5xx throw as they do for every route; nil for the
    /// other statuses, which the caller reads.
    func successBody(_ answer: Answer) throws -> Data? {
        switch answer.status {
        case 200..<300:
            return answer.body
        case 401, 403:
            throw LLMError.unauthorized(status: answer.status, message: errorMessage(answer.body))
        case 429:
            throw RetryableFailure.rateLimited(retryAfter: RetryPolicy.parseRetryAfter(answer.header("Retry-After")))
        case 500..<600:
            throw RetryableFailure.server(status: answer.status, message: errorMessage(answer.body),
                                          retryAfter: RetryPolicy.parseRetryAfter(answer.header("Retry-After")))
        default:
            return nil
        }
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

    // MARK: - Messages

    /// The server's own explanation, short and without the key.
    func errorMessage(_ body: Data) -> String {
        let text = APIErrorBody(body)?.message ?? String(decoding: body.prefix(512), as: UTF8.self)
        return redact(shorten(text))
    }

    func preview(_ body: Data) -> String {
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
}
