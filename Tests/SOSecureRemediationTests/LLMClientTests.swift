import Foundation
import Testing
import SOSecureTestSupport

@testable import SOSecureRemediation

/// The OpenAI-compatible client against a scripted server on loopback: request shape, retries,
/// and one distinct error per failure kind.
@Suite("LLM client")
struct LLMClientTests {
    static let conversation = [
        ChatMessage(role: .system, content: "You revise code."),
        ChatMessage(role: .user, content: "Fix this: yaml.load(data)"),
    ]

    /// A client with a fast backoff (1 ms base) so retry tests take milliseconds unless the server
    /// asks for a wait.
    func client(
        _ server: ScriptedOpenAIServer?, baseURL: String? = nil, model: String? = "test-model",
        apiKey: String? = nil, maxTokens: Int = 512, timeout: Double = 10, maxRetries: Int = 4
    ) -> OpenAICompatibleClient {
        let settings = LLMSettings(
            baseURL: baseURL ?? server?.baseURL ?? "", model: model, apiKey: apiKey, maxTokens: maxTokens,
            timeoutSeconds: timeout, maxRetries: maxRetries)
        return OpenAICompatibleClient(settings: settings, retryPolicy: RetryPolicy(baseDelay: 0.001, maxDelay: 60))
    }

    /// The `LLMError` a call ends with; records an issue when it succeeds or throws something else.
    func failure(of client: OpenAICompatibleClient) async -> LLMError? {
        do {
            let answer = try await client.complete(Self.conversation)
            Issue.record("expected a failure, got the answer \(answer.debugDescription)")
        } catch let error as LLMError {
            return error
        } catch {
            Issue.record("expected an LLMError, got \(String(reflecting: error))")
        }
        return nil
    }

    @Test func successfulCompletionSendsTheOpenAIRequestShape() async throws {
        let server = try ScriptedOpenAIServer(script: [.completion("safe_load it")])
        defer { server.stop() }

        let answer = try await client(server, maxTokens: 777).complete(Self.conversation)

        #expect(answer == "safe_load it")
        let requests = server.requests
        try #require(requests.count == 1)
        let request = requests[0]
        #expect(request.method == "POST")
        #expect(request.path == "/v1/chat/completions")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["authorization"] == nil)
        let body = try #require(request.json)
        #expect(body["model"] as? String == "test-model")
        #expect(body["temperature"] as? Double == 0)
        #expect(body["max_tokens"] as? Int == 777)
        #expect(body["stream"] as? Bool == false)
        #expect(request.messages.map(\.role) == ["system", "user"])
        #expect(request.messages.map(\.content) == Self.conversation.map(\.content))
    }

    @Test func bearerTokenIsSentOnlyWhenAKeyIsSet() async throws {
        let server = try ScriptedOpenAIServer(script: [.completion("ok")])
        defer { server.stop() }

        _ = try await client(server, apiKey: "sk-test-123").complete(Self.conversation)

        #expect(server.requests.first?.headers["authorization"] == "Bearer sk-test-123")
    }

    @Test func trailingSlashOnTheBaseURLIsNotDoubled() async throws {
        let server = try ScriptedOpenAIServer(script: [.completion("ok")])
        defer { server.stop() }

        _ = try await client(server, baseURL: server.baseURL + "/").complete(Self.conversation)

        #expect(server.requests.first?.path == "/v1/chat/completions")
    }

    @Test func rateLimitWithRetryAfterIsRetriedAfterTheRequestedDelay() async throws {
        let server = try ScriptedOpenAIServer(script: [.rateLimited(retryAfter: "1"), .completion("second try")])
        defer { server.stop() }

        let answer = try await client(server).complete(Self.conversation)

        #expect(answer == "second try")
        let requests = server.requests
        try #require(requests.count == 2)
        // The backoff base is 1 ms, so a gap near a second can only come from Retry-After.
        let gap = requests[1].receivedAt.timeIntervalSince(requests[0].receivedAt)
        #expect(gap >= 0.9, "waited \(gap) s")
        #expect(gap < 5, "waited \(gap) s")
    }

    @Test func rateLimitPastTheRetryLimitIsRateLimited() async throws {
        let server = try ScriptedOpenAIServer(script: Array(repeating: .rateLimited(), count: 3))
        defer { server.stop() }

        let error = await failure(of: client(server, maxRetries: 2))

        #expect(error == .rateLimited(attempts: 3))
        #expect(server.requests.count == 3)
    }

    @Test func serverErrorsPastTheRetryLimitReportTheAttemptCount() async throws {
        let server = try ScriptedOpenAIServer(
            script: [.serverError(500), .serverError(502), .serverError(500, message: "overloaded")])
        defer { server.stop() }

        let error = await failure(of: client(server, maxRetries: 2))

        #expect(error == .serverError(status: 500, attempts: 3, message: "overloaded"))
        #expect(server.requests.count == 3)
        #expect(server.remainingScript == 0)
    }

    @Test func aServerErrorThenSuccessRecovers() async throws {
        let server = try ScriptedOpenAIServer(script: [.serverError(503), .completion("fine now")])
        defer { server.stop() }

        #expect(try await client(server).complete(Self.conversation) == "fine now")
        #expect(server.requests.count == 2)
    }

    @Test func aDroppedConnectionIsRetried() async throws {
        let server = try ScriptedOpenAIServer(script: [.dropConnection, .completion("reconnected")])
        defer { server.stop() }

        #expect(try await client(server).complete(Self.conversation) == "reconnected")
        #expect(server.requests.count == 2)
    }

    @Test func anAnswerSlowerThanTheTimeoutIsATimeoutAndIsNotRetried() async throws {
        let server = try ScriptedOpenAIServer(script: [.completion("too late").delayed(by: 3)])
        defer { server.stop() }
        let error = await failure(of: client(server, timeout: 0.5))

        // A timeout, not the late answer: the deadline fired before the server's 3 s delay ended. (No wall-clock
        // bound: other suites keep both cores busy, so resuming this task can lag behind the deadline.)
        #expect(error == .timeout(seconds: 0.5))
        #expect(server.requests.count == 1)
    }

    @Test func aBodyThatStallsAfterTheHeadIsATimeout() async throws {
        let server = try ScriptedOpenAIServer(script: [.completion("slow body").bodyDelayed(by: 3)])
        defer { server.stop() }
        let error = await failure(of: client(server, timeout: 0.5))

        #expect(error == .timeout(seconds: 0.5))
    }

    @Test func nothingListeningIsConnectionRefusedNamingTheURL() async throws {
        let port = try ScriptedOpenAIServer.unusedPort()
        let base = "http://127.0.0.1:\(port)/v1"

        let error = await failure(of: client(nil, baseURL: base, maxRetries: 2))

        #expect(error == .connectionRefused(url: base + "/chat/completions"))
        #expect(error?.description.contains("127.0.0.1:\(port)") == true)
    }

    @Test(arguments: [401, 403])
    func rejectedCredentialsAreUnauthorizedWithoutRetry(status: Int) async throws {
        let server = try ScriptedOpenAIServer(
            script: [.error(status: status, message: "Invalid authentication", code: "invalid_api_key")])
        defer { server.stop() }

        let error = await failure(of: client(server, apiKey: "sk-wrong", maxRetries: 4))

        #expect(error == .unauthorized(status: status, message: "Invalid authentication"))
        #expect(server.requests.count == 1)
    }

    @Test func aBodyThatIsNotJSONIsMalformed() async throws {
        let server = try ScriptedOpenAIServer(script: [.text(status: 200, "<html>proxy login</html>", contentType: "text/html")])
        defer { server.stop() }

        let error = await failure(of: client(server))

        guard case .malformedResponse(let detail) = error else {
            Issue.record("expected malformedResponse, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("not JSON"))
        #expect(server.requests.count == 1)
    }

    @Test func jsonWithoutChoicesOrWithNullContentIsMalformed() async throws {
        let server = try ScriptedOpenAIServer(script: [
            .json(status: 200, ["object": "list", "data": [] as [Any]]),
            .json(status: 200, ["choices": [] as [Any]]),
            .json(status: 200, ["choices": [["message": ["role": "assistant", "content": NSNull()]]]]),
        ])
        defer { server.stop() }
        let client = client(server)

        var details: [String] = []
        for _ in 0..<3 {
            if case .malformedResponse(let detail) = await failure(of: client) { details.append(detail) }
        }

        #expect(details.count == 3)
        #expect(details.first?.contains("choices") == true)
        #expect(details.last?.contains("content") == true)
    }

    @Test func openAIModelNotFoundIsUnknownModel() async throws {
        let server = try ScriptedOpenAIServer(script: [.modelNotFound("gpt-nope")])
        defer { server.stop() }

        let error = await failure(of: client(server, model: "gpt-nope"))

        #expect(error == .unknownModel("gpt-nope"))
        #expect(server.requests.count == 1)
    }

    @Test func ollamaModelNotFoundIsUnknownModel() async throws {
        let server = try ScriptedOpenAIServer(script: [
            .json(status: 404, ["error": ["message": "model \"llama9\" not found, try pulling it first", "type": "api_error"]])
        ])
        defer { server.stop() }

        #expect(await failure(of: client(server, model: "llama9")) == .unknownModel("llama9"))
    }

    @Test func aWrongPathIsNotMistakenForAnUnknownModel() async throws {
        let server = try ScriptedOpenAIServer(script: [.text(status: 404, "404 page not found")])
        defer { server.stop() }

        let error = await failure(of: client(server))

        #expect(error == .serverError(status: 404, attempts: 1, message: "404 page not found"))
    }

    @Test func theKeyNeverAppearsInErrorsOrDescriptions() async throws {
        let key = "sk-secret-QWERTYUIOPASDFGHJKL"
        let server = try ScriptedOpenAIServer(script: [
            .error(status: 401, message: "Incorrect API key provided: \(key)", code: "invalid_api_key"),
            .text(status: 200, "echo \(key)"),
            .error(status: 500, message: "failed for key ...\(key.suffix(8))"),
        ])
        defer { server.stop() }
        let client = client(server, apiKey: key, maxRetries: 0)

        var descriptions: [String] = []
        for _ in 0..<3 {
            if let error = await failure(of: client) {
                descriptions.append(error.description)
                descriptions.append(String(reflecting: error))
            }
        }
        descriptions.append(client.settings.description)
        descriptions.append(String(reflecting: client.settings))
        descriptions.append(LLMFlags(apiKey: key).description)

        #expect(descriptions.count == 9)
        for text in descriptions {
            #expect(!text.contains(key), "key leaked in: \(text)")
            #expect(!text.contains(String(key.suffix(8))), "key tail leaked in: \(text)")
        }
        #expect(server.requests.first?.headers["authorization"] == "Bearer \(key)")
    }

    @Test func withoutAModelNothingIsSent() async throws {
        let server = try ScriptedOpenAIServer(script: [.completion("unused")])
        defer { server.stop() }

        let error = await failure(of: client(server, model: nil))

        guard case .notConfigured = error else {
            Issue.record("expected notConfigured, got \(String(describing: error))")
            return
        }
        #expect(server.requests.isEmpty)
    }

    @Test func aBaseURLThatIsNotHTTPIsNotConfigured() async throws {
        let error = await failure(of: client(nil, baseURL: "localhost:11434/v1"))

        guard case .notConfigured(let reason) = error else {
            Issue.record("expected notConfigured, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("localhost:11434/v1"))
    }
}

@Suite("LLM error messages")
struct LLMErrorDescriptionTests {
    @Test func eachErrorSaysWhatToDo() {
        #expect(LLMError.connectionRefused(url: "http://localhost:11434/v1/chat/completions").description
            .contains("http://localhost:11434/v1/chat/completions"))
        #expect(LLMError.unauthorized(status: 401, message: "bad key").description.contains("SOSECURE_LLM_API_KEY"))
        #expect(LLMError.unknownModel("llama9").description.contains("'llama9'"))
        #expect(LLMError.rateLimited(attempts: 5).description.contains("5 attempts"))
        #expect(LLMError.serverError(status: 503, attempts: 5, message: "busy").description
            == "the model endpoint kept failing (HTTP 503) after 5 attempts: busy")
        #expect(LLMError.serverError(status: 0, attempts: 3, message: "").description
            == "the connection kept failing after 3 attempts")
        #expect(LLMError.serverError(status: 404, attempts: 1, message: "").description.contains("/v1"))
        #expect(LLMError.timeout(seconds: 120).description.contains("120 s"))
        #expect(LLMError.timeout(seconds: 0.5).description.contains("0.5 s"))
    }
}
