import Foundation
import Testing
@testable import SOSecureServer

@Suite("sosecure proxy: streamed chat completions")
struct ProxyStreamingTests {
    /// Streams `pieces` from the upstream through a proxy in `mode` and reads the reply back.
    static func stream(_ pieces: [String], mode: ProxyMode) async throws -> StreamedReply {
        let events = ScriptedModel.streamEvents(pieces)
        let upstream = try await ScriptedModel.start { _ in .events(events) }
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: mode)
        let reply = try await proxy.chat(stream: true)
        try await proxy.stop()
        upstream.stop()
        #expect(reply.status == 200, "\(reply.text.prefix(300))")
        #expect(reply.headers.first(name: "content-type")?.hasPrefix("text/event-stream") == true)
        return try StreamedReply(reply.text)
    }

    /// Every chunk keeps the upstream's identity fields and shape.
    static func expectUpstreamIdentity(_ reply: StreamedReply) {
        #expect(reply.done)
        #expect(!reply.chunks.isEmpty)
        for chunk in reply.chunks {
            #expect(chunk["id"] as? String == "chatcmpl-stream")
            #expect(chunk["object"] as? String == "chat.completion.chunk")
            #expect(chunk["created"] as? Int == 1700000001)
            #expect(chunk["model"] as? String == "scripted-coder")
        }
    }

    @Test("annotate, one character per chunk: prose streams through, the block comes out whole, the note ends the answer")
    func annotateCharacterByCharacter() async throws {
        let reply = try await Self.stream(ProxyAnswers.yaml.map(String.init), mode: .annotate)
        Self.expectUpstreamIdentity(reply)
        let answer = reply.answer
        #expect(answer.hasPrefix(ProxyAnswers.yaml))
        #expect(answer.contains("line 2: `yaml-load-without-safe-loader` (CWE-502)"))
        // The prose before the fence went out as it came, one character per chunk.
        let contents = reply.contents.filter { !$0.isEmpty }
        #expect(Array(contents.prefix(17)) == "Here is a loader:".map(String.init))
        // The block was held and released in one piece.
        #expect(contents.contains { $0.contains("```python\n\(ProxyAnswers.yamlCode)```\n") })
        // The last chunk before [DONE] finishes the choice; the note came before it.
        let last = try #require(reply.chunks.last?["choices"] as? [[String: Any]])
        #expect(last.first?["finish_reason"] as? String == "stop")
        #expect(reply.data.last == "[DONE]")
    }

    @Test("A fence split across chunks, even between backticks, is still found",
          arguments: [
              ["Intro\n`", "``py", "thon\nimport yaml\nconfig = yaml.lo", "ad(open(\"c.yml\"))\n`", "`", "`\nbye"],
              ["Intro\n```python\n", "import yaml\n", "config = yaml.load(open(\"c.yml\"))\n```", "\nbye"],
              ["Intro\n```python\nimport yaml\nconfig = yaml.load(open(\"c.yml\"))\n```\nbye"],
          ])
    func splitFences(pieces: [String]) async throws {
        let reply = try await Self.stream(pieces, mode: .annotate)
        Self.expectUpstreamIdentity(reply)
        #expect(reply.answer.hasPrefix(pieces.joined()))
        #expect(reply.answer.contains("yaml-load-without-safe-loader"))
    }

    @Test("fix: the streamed block is replaced by its verified revision")
    func fix() async throws {
        let pieces = stride(from: 0, to: ProxyAnswers.yaml.count, by: 3).map { start in
            String(ProxyAnswers.yaml.dropFirst(start).prefix(3))
        }
        let reply = try await Self.stream(pieces, mode: .fix)
        Self.expectUpstreamIdentity(reply)
        #expect(reply.answer.hasPrefix("Here is a loader:\n\n```python\nimport yaml\nconfig = yaml.safe_load(open(\"c.yml\"))\n```\n\nIt reads c.yml."))
        #expect(reply.answer.contains("SOSecure revised code block 1 (python)"))
    }

    @Test("block: the streamed block never reaches the client")
    func block() async throws {
        let reply = try await Self.stream(ProxyAnswers.yaml.map(String.init), mode: .block)
        Self.expectUpstreamIdentity(reply)
        #expect(!reply.answer.contains("config = yaml.load(open"))
        #expect(!reply.contents.contains { $0.contains("config = yaml") })
        #expect(reply.answer.contains("SOSecure withheld code block 1 (python)"))
        #expect(reply.answer.hasSuffix("It reads c.yml."))
    }

    @Test("A block still open when the stream ends is inspected and emitted")
    func unclosedAtEnd() async throws {
        let answer = "Try:\n```python\n\(ProxyAnswers.yamlCode)"
        let reply = try await Self.stream(answer.map(String.init), mode: .annotate)
        #expect(reply.answer.hasPrefix(answer))
        #expect(reply.answer.contains("yaml-load-without-safe-loader"))
        #expect(reply.done)
    }

    @Test("A stream without code is relayed byte for byte")
    func proseUntouched() async throws {
        let events = ScriptedModel.streamEvents(ProxyAnswers.prose.map(String.init)) + [": keep-alive\n\n"]
        let upstream = try await ScriptedModel.start { _ in .events(events) }
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .block)
        let reply = try await proxy.chat(stream: true)
        try await proxy.stop()
        upstream.stop()
        #expect(reply.text == events.joined())
    }
}
