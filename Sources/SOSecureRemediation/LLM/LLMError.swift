/// Why a chat completion failed. Each case names one thing the user can act on; none carries the API key.
public enum LLMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing listens at the endpoint (the server is not running, or the URL is wrong).
    case connectionRefused(url: String)
    /// 401 or 403: the key is missing, wrong or lacks access. Never retried.
    case unauthorized(status: Int, message: String)
    /// The endpoint does not know the model.
    case unknownModel(String)
    /// Still 429 after all attempts.
    case rateLimited(attempts: Int)
    /// A 5xx or a dropped connection after all attempts; `status` 0 means no HTTP status was received.
    case serverError(status: Int, attempts: Int, message: String)
    /// One attempt took longer than the configured timeout.
    case timeout(seconds: Double)
    /// The endpoint answered, but not with a chat completion.
    case malformedResponse(String)
    /// The settings cannot be used (no model, a base URL that is not http(s)).
    case notConfigured(String)

    public var description: String {
        switch self {
        case .connectionRefused(let url):
            return "connection refused by \(url): is the model server running? "
                + "(set SOSECURE_LLM_BASE_URL or base-url in [llm] to point elsewhere)"
        case .unauthorized(let status, let message):
            return "the model endpoint refused the credentials (HTTP \(status))\(Self.detail(message)): "
                + "set SOSECURE_LLM_API_KEY or OPENAI_API_KEY"
        case .unknownModel(let model):
            return "the model endpoint does not know the model '\(model)'"
        case .rateLimited(let attempts):
            return "the model endpoint kept rate-limiting (HTTP 429) after \(attempts) attempts"
        case .serverError(let status, let attempts, let message):
            if status == 404 && attempts == 1 {
                return "the model endpoint has no /chat/completions here (HTTP 404)\(Self.detail(message)): "
                    + "the base URL usually ends in /v1"
            }
            if attempts == 1 {
                return "the model endpoint answered HTTP \(status)\(Self.detail(message))"
            }
            let what = status == 0 ? "the connection kept failing" : "the model endpoint kept failing (HTTP \(status))"
            return "\(what) after \(attempts) attempts\(Self.detail(message))"
        case .timeout(let seconds):
            return "the model endpoint did not answer within \(Self.format(seconds)) s"
        case .malformedResponse(let detail):
            return "the model endpoint's answer is not a chat completion: \(detail)"
        case .notConfigured(let reason):
            return "the model endpoint is not configured: \(reason)"
        }
    }

    private static func detail(_ message: String) -> String {
        message.isEmpty ? "" : ": \(message)"
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
