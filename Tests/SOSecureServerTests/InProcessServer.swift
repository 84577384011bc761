import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// What `TestServer` and `ProxyHarness` share: starting a server inside the test process on an
/// ephemeral port, and one request to it over real HTTP.
enum InProcessServer {
    typealias OnListening = @Sendable (_ host: String, _ port: Int) async -> Void

    /// Runs `run` in a task and waits for the port it reports; when it stops before listening, its
    /// error (or one saying that `name` stopped) is thrown.
    static func start(_ name: String, run: @escaping @Sendable (_ onListening: @escaping OnListening) async throws -> Void)
        async throws -> (port: Int, task: Task<Void, any Error>) {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            defer { continuation.finish() }
            try await run { _, port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw TestFailure("the \(name) stopped before it listened")
        }
        return (port, task)
    }

    /// One request over real HTTP; returns status, headers and the whole body as text.
    static func request(_ base: String, _ method: HTTPMethod, _ path: String, body: String?, headers: [(String, String)],
                        timeout: Int64) async throws -> HTTPReply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeout))
        let collected = try await response.body.collect(upTo: 64 << 20)
        return HTTPReply(status: Int(response.status.code), headers: response.headers, text: String(buffer: collected))
    }
}
