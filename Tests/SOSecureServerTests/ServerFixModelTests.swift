import Foundation
import Hummingbird
import Logging
import SOSecureRemediation
import SOSecureRules
import Testing
@testable import SOSecureServer

@Suite("sosecure serve: /v1/fix with a model")
struct ServerFixModelTests {
    @Test("POST /v1/fix asks the configured model, verifies its revision and returns it")
    func modelRevision() async throws {
        let revised = "import shlex\nimport subprocess\n\ndef run(cmd):\n    subprocess.call(shlex.split(cmd))\n"
        let upstream = try await ScriptedModel.start(answer: "Use an argument list:\n```python\n\(revised)```\n")
        let pipeline = try SecurityPipeline(
            rules: SharedPipeline.pipeline.rules, config: ScanConfig(), knowledge: SharedPipeline.pipeline.knowledge,
            fix: FixSettings(llm: LLMSettings(baseURL: "http://127.0.0.1:\(upstream.port)/v1", model: "scripted-coder", maxRetries: 0)))
        let server = try await TestServer.start(pipeline: pipeline)
        let health = try await server.get("/healthz")
        let reply = try await server.post("/v1/fix", json: jsonBody(["code": Snippets.shell, "path": "run.py"]))
        try await server.stop()
        upstream.stop()

        #expect(try health.object()["model"] as? String == "scripted-coder")
        #expect(reply.status == 200, "\(reply.text.prefix(400))")
        let result = try #require(try reply.array().first)
        #expect(result["status"] as? String == "fixed")
        #expect(result["model"] as? String == "scripted-coder")
        #expect(result["revised_code"] as? String == revised)
        let attempts = try #require(result["attempts"] as? [[String: Any]])
        #expect(attempts.count == 1)
        #expect(attempts.first?["accepted"] as? Bool == true)
        // The model saw the flagged code.
        #expect(upstream.prompts().contains { $0.contains("subprocess.call(cmd, shell=True)") })
    }
}

/// An OpenAI-compatible chat endpoint on loopback that always answers with the same text.
final class ScriptedModel: Sendable {
    let port: Int
    private let task: Task<Void, any Error>
    private let log: PromptLog

    private init(port: Int, task: Task<Void, any Error>, log: PromptLog) {
        self.port = port
        self.task = task
        self.log = log
    }

    static func start(answer: String) async throws -> ScriptedModel {
        let log = PromptLog()
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 8 << 20)
            log.append(String(buffer: body))
            let reply: [String: Any] = [
                "id": "chatcmpl-1", "object": "chat.completion", "model": "scripted-coder",
                "choices": [["index": 0, "message": ["role": "assistant", "content": answer], "finish_reason": "stop"]],
            ]
            let data = try JSONSerialization.data(withJSONObject: reply)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        // Stopping by cancellation makes Hummingbird log errors that say nothing about the test.
        var quiet = Logger(label: "scripted-model")
        quiet.logLevel = .critical
        let app = Application(router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: quiet)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("the scripted model did not start") }
        return ScriptedModel(port: port, task: task, log: log)
    }

    func prompts() -> [String] { log.all() }

    func stop() { task.cancel() }
}

final class PromptLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String] = []

    func append(_ entry: String) {
        lock.lock()
        entries.append(entry)
        lock.unlock()
    }

    func all() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }
}
