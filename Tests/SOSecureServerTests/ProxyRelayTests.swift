import Foundation
import Testing
@testable import SOSecureServer

@Suite("sosecure proxy: relaying, headers, upstream failures and disconnects")
struct ProxyRelayTests {
    @Test("An upstream error is relayed with its status and body")
    func upstreamError() async throws {
        let body = "{\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}"
        let upstream = try await ScriptedModel.start { _ in .body(status: 500, contentType: "application/json", text: body) }
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .annotate)
        let plain = try await proxy.chat()
        let streamed = try await proxy.chat(stream: true)
        try await proxy.stop()
        upstream.stop()

        for reply in [plain, streamed] {
            #expect(reply.status == 500)
            #expect(reply.text == body)
            #expect(reply.headers.first(name: "content-type") == "application/json")
        }
    }

    @Test("An upstream that never answers gets 504 within the timeout")
    func upstreamTimeout() async throws {
        let upstream = try await ScriptedModel.start { _ in .silence(seconds: 60) }
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .annotate, timeout: 1)
        let started = ContinuousClock.now
        let reply = try await proxy.chat()
        let elapsed = started.duration(to: .now)
        try await proxy.stop()
        upstream.stop()

        #expect(reply.status == 504)
        #expect(reply.error()?.code == "upstream_timeout")
        #expect(elapsed < .seconds(15), "took \(elapsed)")
    }

    @Test("An upstream that stalls mid-stream ends the stream with an error event after the timeout")
    func streamStall() async throws {
        let events = Array(ScriptedModel.streamEvents(["Hello", " there"]).prefix(2))
        // The first event comes at once, the next eight seconds later: far longer than the proxy waits.
        let stalling = try await ScriptedModel.start { _ in .events(events + ["data: [DONE]\n\n"], pause: .seconds(8)) }
        let proxy = try await ProxyHarness.start(upstream: stalling, mode: .annotate, timeout: 2)
        let started = ContinuousClock.now
        let reply = try await proxy.chat(stream: true)
        let elapsed = started.duration(to: .now)
        try await proxy.stop()
        stalling.stop()

        #expect(reply.status == 200)
        let streamed = try StreamedReply(reply.text)
        #expect(!streamed.done)
        #expect(streamed.data.first?.contains("\"role\":\"assistant\"") == true)
        #expect(streamed.data.last?.contains("\"code\":\"upstream_timeout\"") == true)
        #expect(elapsed < .seconds(20), "took \(elapsed)")
    }

    @Test("An upstream that cannot be reached gets 502 in the error shape")
    func upstreamUnreachable() async throws {
        // A port that was just free: bind, read the number, close.
        let closed = try await ScriptedModel.start(answer: "")
        let port = closed.port
        closed.stop()
        try await Task.sleep(for: .milliseconds(300))
        let proxy = try await ProxyHarness.start(upstream: "http://127.0.0.1:\(port)/v1", mode: .annotate, timeout: 5)
        let reply = try await proxy.chat()
        try await proxy.stop()

        #expect(reply.status == 502)
        #expect(reply.error()?.code == "upstream_unreachable")
    }

    @Test("The client's Authorization and API-key headers reach the upstream unchanged; hop-by-hop headers do not")
    func headersPassThrough() async throws {
        let upstream = try await ScriptedModel.start(answer: ProxyAnswers.prose)
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .annotate)
        let connection = try RawConnection(port: proxy.port)
        let body = jsonBody(["model": "m", "messages": [["role": "user", "content": "hi"]]])
        try connection.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Authorization: Bearer sk-secret-value-42\r\nX-Api-Key: key-7\r\nOpenAI-Organization: org-1\r\n"
            + "Connection: keep-alive, X-Hop-Only\r\nX-Hop-Only: 1\r\nKeep-Alive: timeout=5\r\nProxy-Authorization: Basic abc\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        let response = try await connection.readResponse()
        try await proxy.stop()
        upstream.stop()

        #expect(response.hasPrefix("HTTP/1.1 200"), "\(response.prefix(200))")
        let received = try #require(upstream.requests().first)
        #expect(received.path == "/v1/chat/completions")
        #expect(received.headerValues("authorization") == ["Bearer sk-secret-value-42"])
        #expect(received.header("x-api-key") == "key-7")
        #expect(received.header("openai-organization") == "org-1")
        #expect(received.body == body)
        for dropped in ["x-hop-only", "keep-alive", "proxy-authorization"] {
            #expect(received.header(dropped) == nil, "\(dropped) was forwarded")
        }
    }

    @Test("GET /v1/models and other /v1 paths are relayed with status, headers and body")
    func modelsRelayed() async throws {
        let models = "{\"object\":\"list\",\"data\":[{\"id\":\"qwen2.5-coder:7b\",\"object\":\"model\"}]}"
        let upstream = try await ScriptedModel.start { request in
            switch request.path {
            case "/v1/models": return .body(status: 200, contentType: "application/json", text: models, headers: [("X-Upstream", "yes")])
            default: return .body(status: 404, contentType: "text/plain", text: "no \(request.method) \(request.path)")
            }
        }
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .annotate)
        let listed = try await proxy.request(.GET, "/v1/models", headers: [("Authorization", "Bearer sk-9")])
        let other = try await proxy.request(.POST, "/v1/embeddings", body: "{\"input\":\"x\"}")
        let outside = try await proxy.request(.GET, "/admin")
        try await proxy.stop()
        upstream.stop()

        #expect(listed.status == 200)
        #expect(listed.text == models)
        #expect(listed.headers.first(name: "x-upstream") == "yes")
        #expect(upstream.requests().first?.header("authorization") == "Bearer sk-9")
        #expect(other.status == 404)
        #expect(other.text == "no POST /v1/embeddings")
        #expect(outside.status == 404)
        #expect(outside.error()?.code == "not_found")
    }

    @Test("A client that disconnects mid-stream does not stop the proxy, and the upstream request is cancelled")
    func clientDisconnects() async throws {
        let pieces = Array(repeating: "word ", count: 200)
        let upstream = try await ScriptedModel.start { request in
            request.body.contains("\"stream\":true") ? .events(ScriptedModel.streamEvents(pieces), pause: .milliseconds(50))
                : .completion(ProxyAnswers.prose)
        }
        let proxy = try await ProxyHarness.start(upstream: upstream, mode: .annotate)
        var connection: RawConnection? = try RawConnection(port: proxy.port)
        let body = jsonBody(["model": "m", "stream": true, "messages": [["role": "user", "content": "talk"]]])
        try connection?.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        let head = try await connection?.readHead() ?? ""
        #expect(head.hasPrefix("HTTP/1.1 200"))
        connection = nil  // closes the socket part-way through the stream

        // The upstream sees its stream cut off long before its 10 seconds are up.
        let deadline = ContinuousClock.now + .seconds(30)
        while upstream.streamEndings().isEmpty && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(upstream.streamEndings() == ["aborted"])

        let next = try await proxy.chat()
        try await proxy.stop()
        upstream.stop()
        #expect(next.status == 200)
        #expect(try ProxyCompletionTests.content(next) == ProxyAnswers.prose)
    }

    @Test("The health route answers without the upstream")
    func health() async throws {
        let proxy = try await ProxyHarness.start(upstream: "http://127.0.0.1:9/v1", mode: .fix)
        let reply = try await proxy.request(.GET, "/healthz")
        try await proxy.stop()
        #expect(reply.status == 200)
        #expect(try reply.object()["mode"] as? String == "fix")
    }
}
