import Foundation
import Logging
import MCP

/// The stdio transport with two things the SDK's own loop does not do for a line-based client:
/// a line that is not JSON gets a JSON-RPC parse error with `"id": null` (the SDK would answer with a
/// made-up id the client cannot match), and the requests still unanswered when standard input closes
/// are tracked, so the server can finish them before it exits instead of dropping their answers.
actor MCPLineTransport: Transport {
    nonisolated let logger: Logger
    private let inner: any Transport
    private let stream: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private var pump: Task<Void, Never>?
    /// Ids (as their JSON text) of requests received and not yet answered.
    private var open: Set<String> = []
    private var linesRead = 0

    init(inner: any Transport, logger: Logger) {
        self.inner = inner
        self.logger = logger
        (stream, continuation) = AsyncThrowingStream.makeStream()
    }

    func connect() async throws {
        guard pump == nil else { return }
        try await inner.connect()
        let lines = await inner.receive()
        pump = Task { await self.forward(lines) }
    }

    func disconnect() async {
        pump?.cancel()
        continuation.finish()
        await inner.disconnect()
    }

    func send(_ data: Data) async throws {
        try await inner.send(data)
        let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        for message in Self.messages(in: json) where message["method"] == nil {
            // A response: result or error for one of the client's requests.
            if let id = Self.idKey(message["id"]) { open.remove(id) }
        }
    }

    nonisolated func receive() -> AsyncThrowingStream<Data, any Error> { stream }

    /// Requests received but not answered yet.
    var unansweredCount: Int { open.count }

    /// Waits until every request received has been answered, or `seconds` have passed; true when none is left.
    func drain(seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        while !open.isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return open.isEmpty
    }

    /// Passes on every line that is a JSON object or array; answers the others itself.
    private func forward(_ lines: AsyncThrowingStream<Data, any Error>) async {
        do {
            for try await line in lines {
                linesRead += 1
                guard let json = try? JSONSerialization.jsonObject(with: line, options: [.fragmentsAllowed]) else {
                    // Empty and blank lines carry no message; anything else is a parse error.
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                    await reject(code: -32700, message: "Parse error: line \(linesRead) of the input is not valid JSON; expected one JSON-RPC message per line")
                    continue
                }
                guard json is [String: Any] || json is [Any] else {
                    await reject(code: -32600, message: "Invalid Request: line \(linesRead) is JSON but not a JSON-RPC message object or batch array")
                    continue
                }
                for message in Self.messages(in: json) {
                    if let method = message["method"] as? String {
                        if let id = Self.idKey(message["id"]) { open.insert(id) }
                        // A cancelled request gets no answer, so it no longer counts as open.
                        if method == CancelledNotification.name, let params = message["params"] as? [String: Any],
                           let id = Self.idKey(params["requestId"]) {
                            open.remove(id)
                        }
                    }
                }
                continuation.yield(line)
            }
            continuation.finish()
        } catch {
            continuation.finish(throwing: error)
        }
    }

    private func reject(code: Int, message: String) async {
        logger.warning("\(message)")
        let body = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":\(code),\"message\":\(JSONText.quote(message))}}"
        do {
            try await inner.send(Data(body.utf8))
        } catch {
            logger.error("could not answer a malformed line: \(error)")
        }
    }

    /// The JSON-RPC message objects in one line: the object itself, or each object of a batch.
    static func messages(in json: Any?) -> [[String: Any]] {
        if let object = json as? [String: Any] { return [object] }
        return (json as? [Any])?.compactMap { $0 as? [String: Any] } ?? []
    }

    /// A request id as a set key: strings and numbers stay distinct (`"1"` is not `1`).
    static func idKey(_ id: Any?) -> String? {
        switch id {
        case let text as String: return "s:" + text
        case let number as Int: return "n:\(number)"
        case let number as Double: return "n:\(number)"
        case let number as NSNumber: return "n:" + number.stringValue
        default: return nil
        }
    }
}
