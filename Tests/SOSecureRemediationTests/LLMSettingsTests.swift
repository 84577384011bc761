import Foundation
import Testing

@testable import SOSecureRemediation

@Suite("LLM settings and retry policy")
struct LLMSettingsTests {
    @Test func defaultsPointAtOllamaWithoutAModel() {
        let settings = LLMSettings.resolve(flags: LLMFlags(), environment: [:], config: nil)

        #expect(settings.baseURL == "http://localhost:11434/v1")
        #expect(settings.model == nil)
        #expect(!settings.isConfigured)
        #expect(settings.apiKey == nil)
        #expect(settings.temperature == 0)
        #expect(settings.maxTokens == 2048)
        #expect(settings.timeoutSeconds == 120)
        #expect(settings.maxRetries == 4)
    }

    @Test func flagsWinOverEnvironmentWhichWinsOverConfig() {
        let config = LLMConfigSection(
            baseURL: "http://config:1/v1", model: "config-model", temperature: 0.5, maxTokens: 100, timeoutSeconds: 30)
        let environment = [
            "SOSECURE_LLM_BASE_URL": "http://env:2/v1", "SOSECURE_LLM_MODEL": "env-model",
            "SOSECURE_LLM_API_KEY": "env-key", "OPENAI_API_KEY": "openai-key",
        ]

        let fromConfig = LLMSettings.resolve(flags: LLMFlags(), environment: [:], config: config)
        #expect(fromConfig.baseURL == "http://config:1/v1")
        #expect(fromConfig.model == "config-model")
        #expect(fromConfig.temperature == 0.5)
        #expect(fromConfig.maxTokens == 100)
        #expect(fromConfig.timeoutSeconds == 30)

        let fromEnvironment = LLMSettings.resolve(flags: LLMFlags(), environment: environment, config: config)
        #expect(fromEnvironment.baseURL == "http://env:2/v1")
        #expect(fromEnvironment.model == "env-model")
        #expect(fromEnvironment.apiKey == "env-key")
        #expect(fromEnvironment.maxTokens == 100)

        let flags = LLMFlags(
            baseURL: "http://flag:3/v1", model: "flag-model", apiKey: "flag-key", temperature: 0.2, maxTokens: 50,
            timeoutSeconds: 5)
        let fromFlags = LLMSettings.resolve(flags: flags, environment: environment, config: config)
        #expect(
            fromFlags
                == LLMSettings(
                    baseURL: "http://flag:3/v1", model: "flag-model", apiKey: "flag-key", temperature: 0.2,
                    maxTokens: 50, timeoutSeconds: 5))
    }

    @Test func openAIKeyIsTheFallbackAndEmptyValuesCountAsUnset() {
        let settings = LLMSettings.resolve(
            flags: LLMFlags(model: ""),
            environment: ["SOSECURE_LLM_API_KEY": "", "OPENAI_API_KEY": "sk-openai", "SOSECURE_LLM_MODEL": " "],
            config: LLMConfigSection(model: "from-file"))

        #expect(settings.apiKey == "sk-openai")
        #expect(settings.model == "from-file")
    }

    @Test func retryAfterAcceptsSecondsAndHTTPDates() throws {
        let now = try #require(ISO8601DateFormatter().date(from: "2015-10-21T07:28:00Z"))

        #expect(RetryPolicy.parseRetryAfter("7", now: now) == 7)
        #expect(RetryPolicy.parseRetryAfter(" 1.5 ", now: now) == 1.5)
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now: now) == 30)
        #expect(RetryPolicy.parseRetryAfter("Wednesday, 21-Oct-15 07:28:10 GMT", now: now) == 10)
        #expect(RetryPolicy.parseRetryAfter("Wed Oct 21 07:28:05 2015", now: now) == 5)
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now: now) == 0)
        #expect(RetryPolicy.parseRetryAfter("soon", now: now) == nil)
        #expect(RetryPolicy.parseRetryAfter(nil, now: now) == nil)
    }

    @Test func backoffIsJitteredWithinADoublingWindowAndCapped() {
        let policy = RetryPolicy(baseDelay: 1, maxDelay: 5)

        for retry in 1...6 {
            let window = min(pow(2, Double(retry - 1)), 5)
            let delays = (0..<200).map { _ in policy.delay(beforeRetry: retry, retryAfter: nil) }
            #expect(delays.allSatisfy { $0 >= 0 && $0 <= window })
            // Full jitter: the picks spread over the window instead of sitting at its edge.
            #expect(Set(delays).count > 100)
        }
        #expect(policy.delay(beforeRetry: 1, retryAfter: 3) == 3)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 3600) == 5)
    }
}
