import Foundation
import Testing
@testable import SOSecureServer

@Suite("sosecure proxy: non-streamed chat completions")
struct ProxyCompletionTests {
    /// The content of the first choice of a chat completion body.
    static func content(_ reply: HTTPReply) throws -> String {
        let choices = try #require(try reply.object()["choices"] as? [[String: Any]])
        let message = try #require(choices.first?["message"] as? [String: Any])
        return try #require(message["content"] as? String)
    }

    @Test("annotate: the answer is kept, a note lists rule, CWE, line and message with evidence links, every other byte is the upstream's")
    func annotate() async throws {
        let upstream = try await ScriptedModel.start(answer: ProxyAnswers.yaml)
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .annotate)
        let reply = try await proxy.chat()
        try await proxy.stop()
        upstream.stop()

        #expect(reply.status == 200, "\(reply.text.prefix(300))")
        let content = try Self.content(reply)
        #expect(content.hasPrefix(ProxyAnswers.yaml))
        let note = String(content.dropFirst(ProxyAnswers.yaml.count))
        #expect(note.contains("SOSecure security note — code block 1 (python)"))
        #expect(note.contains("line 2: `yaml-load-without-safe-loader` (CWE-502), high"))
        #expect(note.contains("yaml.load without a safe loader"))
        #expect(note.contains("Community discussions"))
        #expect(note.contains("<sosecure:kb/") || note.contains("<https://"))
        // Only the content string differs from what the upstream sent.
        let expected = ScriptedModel.completionJSON(ProxyAnswers.yaml)
            .replacingOccurrences(of: ScriptedModel.quoted(ProxyAnswers.yaml), with: JSONText.quote(content))
        #expect(reply.text == expected)
    }

    @Test("annotate: a ```js block is judged with the JavaScript rules and its note names the language")
    func annotateJavaScript() async throws {
        let upstream = try await ScriptedModel.start(answer: ProxyAnswers.javascript)
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .annotate)
        let reply = try await proxy.chat()
        try await proxy.stop()
        upstream.stop()

        #expect(reply.status == 200, "\(reply.text.prefix(300))")
        let content = try Self.content(reply)
        #expect(content.hasPrefix(ProxyAnswers.javascript))
        let note = String(content.dropFirst(ProxyAnswers.javascript.count))
        #expect(note.contains("SOSecure security note — code block 1 (javascript)"), "\(note)")
        #expect(note.contains("line 1: `js-eval-of-dynamic-code` (CWE-95), high"), "\(note)")
    }

    @Test("fix: a block with a rule fix is replaced by its verified revision without asking the model, and the note says why")
    func fixWithRuleFix() async throws {
        let upstream = try await ScriptedModel.start(answer: ProxyAnswers.yaml)
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .fix)
        let reply = try await proxy.chat()
        try await proxy.stop()
        upstream.stop()

        #expect(reply.status == 200)
        let content = try Self.content(reply)
        #expect(content.hasPrefix("Here is a loader:\n\n```python\nimport yaml\nconfig = yaml.safe_load(open(\"c.yml\"))\n```\n\nIt reads c.yml."))
        #expect(content.contains("SOSecure revised code block 1 (python)"))
        #expect(content.contains("fixed line 2: `yaml-load-without-safe-loader` (CWE-502)"))
        #expect(content.contains("(rule fix). Why: "))
        #expect(upstream.prompts().count == 1, "the rule fix needed no model revision")
    }

    @Test("fix: without a rule fix the same upstream revises the block, asked with the caller's model and key")
    func fixWithModel() async throws {
        let upstream = try await ScriptedModel.start { request in
            // The client's question gets vulnerable code; the proxy's revision request quotes that code.
            request.body.contains("shell=True") ? .completion("Safer:\n```python\n\(ProxyAnswers.shellRevised)```\n")
                : .completion(ProxyAnswers.shell)
        }
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .fix)
        let reply = try await proxy.chat(model: "client-model", headers: [("Authorization", "Bearer sk-caller-0123456789")])
        try await proxy.stop()
        upstream.stop()

        #expect(reply.status == 200, "\(reply.text.prefix(300))")
        let content = try Self.content(reply)
        #expect(content.hasPrefix("Run it like this:\n```python\n\(ProxyAnswers.shellRevised)```\n"), "\(content)")
        #expect(content.contains("(model revision)"))
        let requests = upstream.requests()
        #expect(requests.count == 2)
        let revision = try #require(requests.last)
        #expect(revision.header("authorization") == "Bearer sk-caller-0123456789")
        let model = try JSONSerialization.jsonObject(with: Data(revision.body.utf8)) as? [String: Any]
        #expect(model?["model"] as? String == "client-model")
    }

    @Test("fix: a ```js block is revised by the upstream, asked for JavaScript, and kept only once re-analysis accepts it")
    func fixJavaScriptWithModel() async throws {
        let safe = "const result = JSON.parse(req.query.expression);\nres.send(String(result));\n"
        let broken = "const result = JSON.parse(req.query.expression;\nres.send(String(result));\n"
        let upstream = try await ScriptedModel.start { request in
            // The client's question gets eval; the first revision request gets an unclosed bracket, the second a safe block.
            guard request.body.contains("security reviser") else { return .completion(ProxyAnswers.javascript) }
            return request.body.contains("rejected") ? .completion("Parsed:\n```javascript\n\(safe)```\n")
                : .completion("Parsed:\n```javascript\n\(broken)```\n")
        }
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .fix)
        let reply = try await proxy.chat(model: "client-model")
        try await proxy.stop()
        upstream.stop()

        #expect(reply.status == 200, "\(reply.text.prefix(300))")
        let content = try Self.content(reply)
        #expect(content.hasPrefix("In JS:\n```js\n\(safe)```\n"), "\(content)")
        #expect(content.contains("SOSecure revised code block 1 (javascript)"), "\(content)")
        let requests = upstream.requests()
        #expect(requests.count == 3)
        #expect(requests[1].body.contains("JavaScript program") && requests[1].body.contains("```javascript"))
        #expect(requests[2].body.contains("does not parse"), "the second revision request carries the verifier's objection")
    }

    @Test("fix: when no revision verifies, the block is kept and annotated with the reason")
    func fixFallsBackToAnnotation() async throws {
        let upstream = try await ScriptedModel.start { request in
            request.body.contains("shell=True") ? .completion("I cannot help with that.") : .completion(ProxyAnswers.shell)
        }
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .fix) { $0.maxRounds = 1 }
        let reply = try await proxy.chat()
        try await proxy.stop()
        upstream.stop()

        let content = try Self.content(reply)
        #expect(content.hasPrefix(ProxyAnswers.shell))
        #expect(content.contains("SOSecure security note — code block 1 (python)"))
        #expect(content.contains("No verified revision:"))
    }

    @Test("block: a block with findings is replaced by an explanation of what was found and why it was withheld")
    func block() async throws {
        let upstream = try await ScriptedModel.start(answer: ProxyAnswers.yaml)
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .block)
        let reply = try await proxy.chat()
        try await proxy.stop()
        upstream.stop()

        let content = try Self.content(reply)
        #expect(!content.contains("yaml.load(open"))
        #expect(content.hasPrefix("Here is a loader:\n\n> **SOSecure withheld code block 1 (python)**"))
        #expect(content.contains("yaml-load-without-safe-loader"))
        #expect(content.hasSuffix("\nIt reads c.yml."))
    }

    @Test("Answers without code, with clean code or with code in a language SOSecure does not read pass through byte for byte",
          arguments: [ProxyAnswers.prose, ProxyAnswers.cleanCode, ProxyAnswers.cleanJavaScript, ProxyAnswers.rust])
    func passThrough(answer: String) async throws {
        // Spacing, key order and number spelling no JSON encoder would reproduce.
        let body = "{ \"model\" : \"m\", \"id\":\"x\", \"choices\" : [ {\"index\":0, \"message\": {\"content\": "
            + ScriptedModel.quoted(answer) + ", \"role\":\"assistant\"}} ], \"usage\": {\"cost\": 1.50, \"big\": 12345678901234567890} }\n"
        let upstream = try await ScriptedModel.start { _ in .body(status: 200, contentType: "application/json", text: body) }
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .block)
        let reply = try await proxy.chat()
        try await proxy.stop()
        upstream.stop()

        #expect(reply.status == 200)
        #expect(reply.text == body)
    }

    @Test("Several choices are each inspected")
    func severalChoices() async throws {
        let body = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\(ScriptedModel.quoted(ProxyAnswers.prose))}},"
            + "{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\(ScriptedModel.quoted(ProxyAnswers.yaml))}}]}"
        let upstream = try await ScriptedModel.start { _ in .body(status: 200, contentType: "application/json", text: body) }
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .annotate)
        let reply = try await proxy.chat()
        try await proxy.stop()
        upstream.stop()

        let choices = try #require(try reply.object()["choices"] as? [[String: Any]])
        let contents = choices.compactMap { ($0["message"] as? [String: Any])?["content"] as? String }
        #expect(contents.first == ProxyAnswers.prose)
        #expect(contents.last?.contains("yaml-load-without-safe-loader") == true)
    }
}
