import SOSecureRules
import Foundation

/// Where and how to reach an OpenAI-compatible chat-completion endpoint.
///
/// Built by `resolve(flags:environment:config:)` from the three places a user can say it; a settings
/// value without a model is valid (the `fix` command then skips the LLM step and says why).
public struct LLMSettings: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Ollama's OpenAI-compatible endpoint: the default needs no account and no key.
    public static let defaultBaseURL = "http://localhost:11434/v1"

    public var baseURL: String
    /// `nil` means no model is configured.
    public var model: String?
    /// Sent as a bearer token; never printed (see `description`).
    public var apiKey: String?
    public var temperature: Double
    public var maxTokens: Int
    /// Per attempt, not for the whole call with its retries.
    public var timeoutSeconds: Double
    /// Extra attempts after the first one on 429, 5xx and dropped connections.
    public var maxRetries: Int

    public init(
        baseURL: String = LLMSettings.defaultBaseURL,
        model: String? = nil,
        apiKey: String? = nil,
        temperature: Double = 0,
        maxTokens: Int = 2048,
        timeoutSeconds: Double = 120,
        maxRetries: Int = 4
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.timeoutSeconds = timeoutSeconds
        self.maxRetries = maxRetries
    }

    public var isConfigured: Bool { model != nil }

    /// Flags win over the environment (`SOSECURE_LLM_BASE_URL`, `SOSECURE_LLM_MODEL`,
    /// `SOSECURE_LLM_API_KEY`, then `OPENAI_API_KEY`), which wins over the config file's `[llm]` table.
    /// Empty strings count as unset so `SOSECURE_LLM_MODEL=` turns nothing on.
    public static func resolve(
        flags: LLMFlags,
        environment: [String: String],
        config: LLMConfigSection?
    ) -> LLMSettings {
        func env(_ name: String) -> String? { nonEmpty(environment[name]) }

        var settings = LLMSettings()
        settings.baseURL = nonEmpty(flags.baseURL) ?? env("SOSECURE_LLM_BASE_URL")
            ?? nonEmpty(config?.baseURL) ?? defaultBaseURL
        settings.model = nonEmpty(flags.model) ?? env("SOSECURE_LLM_MODEL") ?? nonEmpty(config?.model)
        settings.apiKey = nonEmpty(flags.apiKey) ?? env("SOSECURE_LLM_API_KEY") ?? env("OPENAI_API_KEY")
        settings.temperature = flags.temperature ?? config?.temperature ?? settings.temperature
        settings.maxTokens = flags.maxTokens ?? config?.maxTokens ?? settings.maxTokens
        settings.timeoutSeconds = flags.timeoutSeconds ?? config?.timeoutSeconds ?? settings.timeoutSeconds
        return settings
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            return nil
        }
        return trimmed
    }

    public var description: String {
        let key = apiKey == nil ? "none" : "<redacted>"
        return "LLMSettings(baseURL: \(baseURL), model: \(model ?? "<not configured>"), apiKey: \(key), "
            + "temperature: \(temperature), maxTokens: \(maxTokens), timeout: \(timeoutSeconds)s, "
            + "maxRetries: \(maxRetries))"
    }

    public var debugDescription: String { description }
}

/// Values given on the command line; `nil` means the flag was not passed.
public struct LLMFlags: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var baseURL: String?
    public var model: String?
    public var apiKey: String?
    public var temperature: Double?
    public var maxTokens: Int?
    public var timeoutSeconds: Double?

    public init(
        baseURL: String? = nil,
        model: String? = nil,
        apiKey: String? = nil,
        temperature: Double? = nil,
        maxTokens: Int? = nil,
        timeoutSeconds: Double? = nil
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.timeoutSeconds = timeoutSeconds
    }

    public var description: String {
        "LLMFlags(baseURL: \(baseURL ?? "nil"), model: \(model ?? "nil"), "
            + "apiKey: \(apiKey == nil ? "nil" : "<redacted>"), temperature: \(temperature.map { "\($0)" } ?? "nil"), "
            + "maxTokens: \(maxTokens.map { "\($0)" } ?? "nil"), timeout: \(timeoutSeconds.map { "\($0)" } ?? "nil"))"
    }

    public var debugDescription: String { description }
}

/// The `[llm]` table of the config file, as the rules target reads it. It has no API key on purpose:
/// keys do not belong in repositories.
public typealias LLMConfigSection = LLMConfigValues
