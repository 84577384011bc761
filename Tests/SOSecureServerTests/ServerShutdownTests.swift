import Foundation
import Testing
@testable import SOSecureServer

@Suite("sosecure serve: graceful shutdown")
struct ServerShutdownTests {
    @Test("shutdown lets an in-flight request finish, then stops accepting connections")
    func finishesInFlight() async throws {
        let server = try await TestServer.start()
        let body = jsonBody(["code": Snippets.unsafeYAML, "path": "inflight.py"])
        let bytes = Array(body.utf8)
        let half = bytes.count / 2
        let client = try RawConnection(port: server.port)
        // The request has begun (head and half the body) when shutdown starts.
        try client.send("POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(bytes.count)\r\n\r\n")
        try client.send(String(decoding: bytes[..<half], as: UTF8.self))
        try await Task.sleep(nanoseconds: 200_000_000)
        let stopping = Task { try await server.stop() }
        try await Task.sleep(nanoseconds: 300_000_000)
        try client.send(String(decoding: bytes[half...], as: UTF8.self))
        let response = try await client.readResponse()
        #expect(response.hasPrefix("HTTP/1.1 200"), "\(response.prefix(200))")
        #expect(response.contains("yaml-unsafe-load"))
        #expect(response.contains("inflight.py"))
        try await stopping.value
        #expect(throws: (any Error).self) { _ = try RawConnection(port: server.port) }
    }

    @Test("an idle server stops promptly")
    func idleStop() async throws {
        let server = try await TestServer.start()
        #expect(try await server.get("/healthz").status == 200)
        let clock = ContinuousClock()
        let started = clock.now
        try await server.stop()
        #expect(started.duration(to: clock.now) < .seconds(5))
    }
}
