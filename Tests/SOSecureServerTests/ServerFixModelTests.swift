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
