import Foundation
import Testing
@testable import SOSecureServer

@Suite("sosecure serve: bad input gets the right status and a stable error body")
struct ServerBadInputTests {
    @Test("malformed requests: invalid JSON, wrong types naming the field, missing fields, unknown or contradicted language")
    func malformed() async throws {
        let server = try await TestServer.start()
        let cases: [(path: String, body: String, status: Int, code: String, mentions: String)] = [
            ("/v1/scan", "{\"code\": \"x = 1\"", 400, "invalid_json", "not valid JSON"),
            ("/v1/scan", "[1, 2]", 400, "invalid_json", "JSON object"),
            ("/v1/scan", "{\"code\": 42}", 400, "invalid_field", "'code' must be a string"),
            ("/v1/scan", "{\"code\": null}", 400, "invalid_field", "'code'"),
            ("/v1/scan", "{\"language\": \"python\"}", 400, "invalid_field", "missing field 'code'"),
            ("/v1/scan", "{\"files\": [{\"code\": \"a = 1\"}, {\"code\": [\"b\"]}]}", 400, "invalid_field", "'files[1].code' must be a string"),
            ("/v1/scan", "{\"files\": \"a.py\"}", 400, "invalid_field", "'files' must be an array"),
            ("/v1/scan", "{\"files\": []}", 400, "invalid_field", "'files' must not be empty"),
            ("/v1/scan", "{\"files\": [{\"code\": \"a\", \"path\": \"x.py\"}, {\"code\": \"b\", \"path\": \"x.py\"}]}", 400, "invalid_field", "appears twice"),
            ("/v1/scan", "{\"code\": \"x = 1\", \"language\": \"cobol\"}", 422, "unknown_language", "'cobol'"),
            ("/v1/scan", "{\"code\": \"x = 1\", \"language\": \"javascript\", \"path\": \"a.py\"}", 422, "conflicting_language",
             "language 'javascript' but path 'a.py' is python"),
            ("/v1/fix", "{\"files\": [{\"code\": \"x\", \"path\": \"a.go\", \"language\": \"c\"}]}", 422, "conflicting_language",
             "field 'files[0].language'"),
            ("/v1/fix", "{\"code\": true}", 400, "invalid_field", "'code' must be a string"),
            ("/v1/fix", "{\"code\": \"x\", \"language\": \"klingon\"}", 422, "unknown_language", "'klingon'"),
            ("/v1/kb/search", "{\"k\": 3}", 400, "invalid_field", "missing field 'code'"),
            ("/v1/kb/search", "{\"code\": \"a\", \"text\": \"b\"}", 400, "invalid_field", "not both"),
            ("/v1/kb/search", "{\"code\": \"a\", \"k\": \"five\"}", 400, "invalid_field", "'k' must be an integer"),
            ("/v1/kb/search", "{\"code\": \"a\", \"k\": 0}", 400, "invalid_field", "'k' must be between 1 and 50"),
            ("/v1/kb/search", "{\"code\": \"a\", \"language\": \"elvish\"}", 422, "unknown_language", "'elvish'"),
        ]
        for item in cases {
            let reply = try await server.post(item.path, json: item.body)
            #expect(reply.status == item.status, "\(item.path) \(item.body): \(reply.text)")
            let error = reply.error()
            #expect(error?.code == item.code, "\(item.path) \(item.body): \(reply.text)")
            #expect(error?.message.contains(item.mentions) == true, "\(item.path) \(item.body): \(reply.text)")
        }
        try await server.stop()
    }

    @Test("unknown routes are 404, wrong methods 405 with Allow, non-JSON content types 415")
    func routing() async throws {
        let server = try await TestServer.start()
        let missing = try await server.get("/v2/scan")
        #expect(missing.status == 404)
        #expect(missing.error()?.code == "not_found")
        let wrongMethod = try await server.get("/v1/scan")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.error()?.code == "method_not_allowed")
        #expect(wrongMethod.headers.first(name: "allow") == "POST")
        let postToRules = try await server.post("/v1/rules", json: "{}")
        #expect(postToRules.status == 405)
        #expect(postToRules.headers.first(name: "allow") == "GET")
        let form = try await server.post("/v1/scan", json: "code=x", headers: [("Content-Type", "application/x-www-form-urlencoded")])
        #expect(form.status == 415)
        #expect(form.error()?.code == "unsupported_media_type")
        let charset = try await server.post("/v1/scan", json: jsonBody(["code": Snippets.clean]),
                                            headers: [("Content-Type", "application/json; charset=utf-8")])
        #expect(charset.status == 200)
        let untyped = try await server.post("/v1/scan", json: jsonBody(["code": Snippets.clean]), headers: [])
        #expect(untyped.status == 200)
        try await server.stop()
    }

    @Test("a body over --max-body is 413, declared or streamed, and the server keeps serving")
    func bodyLimit() async throws {
        let server = try await TestServer.start { $0.maxBodyBytes = 4096 }
        let big = jsonBody(["code": String(repeating: "x = 1\n", count: 2000)])
        let refused = try await server.post("/v1/scan", json: big)
        #expect(refused.status == 413)
        #expect(refused.error()?.code == "payload_too_large")
        #expect(refused.error()?.message.contains("4096") == true)

        // Chunked upload: no Content-Length, so the limit trips while the body streams in.
        let raw = try RawConnection(port: server.port)
        let first = "{\"code\":\"" + String(repeating: "a", count: 2991)
        let second = String(repeating: "a", count: 3000)
        try raw.send("POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        try raw.send(String(first.utf8.count, radix: 16) + "\r\n" + first + "\r\n")
        try raw.send(String(second.utf8.count, radix: 16) + "\r\n" + second + "\r\n0\r\n\r\n")
        let streamed = try await raw.readResponse()
        #expect(streamed.hasPrefix("HTTP/1.1 413"), "\(streamed.prefix(200))")

        let after = try await server.post("/v1/scan", json: jsonBody(["code": Snippets.unsafeYAML]))
        #expect(after.status == 200)
        try await server.stop()
    }

    @Test("Expect: 100-continue gets a 100 Continue within the limit and a 413 instead over it")
    func expectContinue() async throws {
        let server = try await TestServer.start { $0.maxBodyBytes = 4096 }
        let body = jsonBody(["code": Snippets.unsafeYAML + String(repeating: "# padding\n", count: 150)])
        let accepted = try RawConnection(port: server.port)
        try accepted.send("POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
        let interim = try await accepted.readHead()
        #expect(interim.hasPrefix("HTTP/1.1 100 Continue"), "\(interim)")
        try accepted.send(body)
        let final = try await accepted.readResponse()
        #expect(final.hasPrefix("HTTP/1.1 200"), "\(final.prefix(200))")
        #expect(final.contains("yaml-unsafe-load"))

        let refused = try RawConnection(port: server.port)
        try refused.send("POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 100000\r\n\r\n")
        let answer = try await refused.readHead()
        #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
        try await server.stop()
    }

    @Test("a 10 MB code field is refused with 413 and other clients are served meanwhile and after")
    func tenMegabytes() async throws {
        let server = try await TestServer.start()
        let huge = jsonBody(["code": String(repeating: "print('padding line for size')\n", count: 10 * 1024 * 1024 / 31)])
        #expect(huge.utf8.count > 10_000_000)
        async let refused = server.post("/v1/scan", json: huge)
        async let others = withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<5 {
                group.addTask { try await server.post("/v1/scan", json: jsonBody(["code": Snippets.shell])).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let (big, small) = try await (refused, others)
        #expect(big.status == 413)
        #expect(big.error()?.code == "payload_too_large")
        #expect(small == [200, 200, 200, 200, 200])
        let after = try await server.get("/healthz")
        #expect(after.status == 200)
        try await server.stop()
    }

    @Test("a slow-loris client dribbling its headers does not hold up other requests, and is served in the end")
    func slowLoris() async throws {
        let server = try await TestServer.start()
        let slow = try RawConnection(port: server.port)
        let body = jsonBody(["code": Snippets.unsafeYAML, "path": "slow.py"])
        let head = "POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "X-Padding: \(String(repeating: "z", count: 60))\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
        // About four seconds of headers, one byte at a time.
        let headersSent = FinishedFlag()
        let dribble = Task.detached { () throws -> String in
            for character in head {
                try slow.send(String(character))
                try await Task.sleep(nanoseconds: 4_000_000_000 / UInt64(head.utf8.count))
            }
            headersSent.set()
            try slow.send(body)
            return try await slow.readResponse()
        }
        try await Task.sleep(nanoseconds: 200_000_000)
        for _ in 0..<10 {
            let reply = try await server.post("/v1/scan", json: jsonBody(["code": Snippets.unsafeYAML]))
            #expect(reply.status == 200)
        }
        #expect(!headersSent.value, "the ten requests should finish while the slow client is still sending headers")
        let slowReply = try await dribble.value
        #expect(slowReply.hasPrefix("HTTP/1.1 200"), "\(slowReply.prefix(200))")
        #expect(slowReply.contains("slow.py"))
        try await server.stop()
    }

    @Test("work past the request timeout is answered with 504 and a JSON error")
    func timeout() async throws {
        let server = try await TestServer.start { $0.requestTimeout = 0.001 }
        let long = String(repeating: "import subprocess\nsubprocess.call(cmd, shell=True)\n", count: 1500)
        let reply = try await server.post("/v1/scan", json: jsonBody(["code": long]))
        #expect(reply.status == 504)
        #expect(reply.error()?.code == "timeout")
        let health = try await server.get("/healthz")
        #expect(health.status == 200)
        try await server.stop()
    }

    @Test("past --max-queued waiting requests, new ones get 503 at once")
    func overload() async throws {
        let server = try await TestServer.start { $0.workers = 1; $0.maxQueued = 1 }
        let long = jsonBody(["code": String(repeating: "import subprocess\nsubprocess.call(cmd, shell=True)\n", count: 2000)])
        let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for _ in 0..<6 {
                group.addTask { let reply = try await server.post("/v1/scan", json: long); return (reply.status, reply.error()?.code) }
            }
            return try await group.reduce(into: [(Int, String?)]()) { $0.append($1) }
        }
        #expect(statuses.contains { $0.0 == 200 })
        #expect(statuses.contains { $0.0 == 503 && $0.1 == "overloaded" })
        #expect(statuses.allSatisfy { $0.0 == 200 || $0.0 == 503 })
        try await server.stop()
    }
}

private final class FinishedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func set() { lock.lock(); done = true; lock.unlock() }
    var value: Bool { lock.lock(); defer { lock.unlock() }; return done }
}
