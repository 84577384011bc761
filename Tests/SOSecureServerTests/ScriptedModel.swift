import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// An OpenAI-compatible endpoint on loopback whose answers the test scripts: a chat completion, any
/// status and body, a server-sent-event stream written chunk by chunk with pauses, or no answer at all.
/// It records every request (method, path, headers, body) and how each stream ended.
final class ScriptedModel: Sendable {
    /// One request as the upstream received it.
    struct Received: Sendable {
        let method: String
        let path: String
        /// Header names lowercased, in arrival order.
        let headers: [(name: String, value: String)]
        let body: String

        func header(_ name: String) -> String? {
            headers.first { $0.name == name.lowercased() }?.value
        }

        /// Every value of a header (some are sent more than once).
        func headerValues(_ name: String) -> [String] {
            headers.filter { $0.name == name.lowercased() }.map(\.value)
        }
    }

    /// What to answer.
    enum Reply: Sendable {
        /// A chat completion whose answer is `content` (JSON the way OpenAI spells it).
        case completion(String)
        /// Exactly these bytes with this status and content type.
        case body(status: Int, contentType: String, text: String, headers: [(String, String)] = [])
        /// `text/event-stream`, one write per event text, with a pause between them.
        case events([String], pause: Duration = .zero)
        /// Nothing, until the test is over (or `seconds` pass).
        case silence(seconds: Double)
    }

    let port: Int
    private let task: Task<Void, any Error>
    private let log: RequestLog

    var base: String { "http://127.0.0.1:\(port)/v1" }

    private init(port: Int, task: Task<Void, any Error>, log: RequestLog) {
        self.port = port
        self.task = task
        self.log = log
    }

    /// Always answers chat completions with the same text.
    static func start(answer: String) async throws -> ScriptedModel {
        try await start { _ in .completion(answer) }
    }

    static func start(_ script: @escaping @Sendable (Received) -> Reply) async throws -> ScriptedModel {
        let log = RequestLog()
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        // Stopping by cancellation makes Hummingbird log errors that say nothing about the test.
        var quiet = Logger(label: "scripted-model")
        quiet.logLevel = .critical
        let app = Application(responder: ScriptedResponder(script: script, log: log),
                              configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: quiet)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("the scripted model did not start") }
        return ScriptedModel(port: port, task: task, log: log)
    }

    /// Bodies of the chat-completion requests received.
    func prompts() -> [String] { log.requests().filter { $0.path.hasSuffix("/chat/completions") }.map(\.body) }

    func requests() -> [Received] { log.requests() }

    /// How the streams it wrote ended: "completed", or "aborted" when the reader went away part-way.
    func streamEndings() -> [String] { log.endings() }

    func stop() { task.cancel() }

    /// A chat completion body the way OpenAI spells it, with a few fields a proxy must leave alone.
    static func completionJSON(_ content: String) -> String {
        "{\"id\":\"chatcmpl-scripted\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"scripted-coder\","
            + "\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + quoted(content) + "},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34,\"total_tokens\":46}}"
    }

    /// The events of a streamed completion of `pieces`: a role chunk, one chunk per piece, a finishing
    /// chunk and `[DONE]`.
    static func streamEvents(_ pieces: [String], id: String = "chatcmpl-stream", created: Int = 1700000001) -> [String] {
        func chunk(_ delta: String, finish: String = "null") -> String {
            "data: {\"id\":\"\(id)\",\"object\":\"chat.completion.chunk\",\"created\":\(created),\"model\":\"scripted-coder\","
                + "\"choices\":[{\"index\":0,\"delta\":\(delta),\"finish_reason\":\(finish)}]}\n\n"
        }
        var events = [chunk("{\"role\":\"assistant\",\"content\":\"\"}")]
        events += pieces.map { chunk("{\"content\":\(quoted($0))}") }
        events.append(chunk("{}", finish: "\"stop\""))
        events.append("data: [DONE]\n\n")
        return events
    }

    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]), as: UTF8.self)
            .dropFirst().dropLast().description
    }
}

@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
private struct ScriptedResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let script: @Sendable (ScriptedModel.Received) -> ScriptedModel.Reply
    let log: RequestLog

    func respond(to request: Request, context: Context) async throws -> Response {
        let body = try await request.body.collect(upTo: 8 << 20)
        let received = ScriptedModel.Received(method: request.method.rawValue, path: request.uri.path,
                                              headers: request.headers.map { (name: $0.name.canonicalName, value: $0.value) }, body: String(buffer: body))
        log.append(received)
        switch script(received) {
        case let .completion(content):
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: ScriptedModel.completionJSON(content))))
        case let .body(status, contentType, text, extra):
            var headers: HTTPFields = [.contentType: contentType]
            for (name, value) in extra { headers.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
            return Response(status: HTTPResponse.Status(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        case let .events(events, pause):
            let log = self.log
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                            body: ResponseBody { writer in
                                do {
                                    for (number, event) in events.enumerated() {
                                        if number > 0 && pause > .zero { try await Task.sleep(for: pause) }
                                        try await writer.write(ByteBuffer(string: event))
                                    }
                                    try await writer.finish(nil)
                                    log.ended("completed")
                                } catch {
                                    log.ended("aborted")
                                    throw error
                                }
                            })
        case let .silence(seconds):
            try await Task.sleep(for: .seconds(seconds))
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: ScriptedModel.completionJSON("too late"))))
        }
    }
}

final class RequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var received: [ScriptedModel.Received] = []
    private var streamEndings: [String] = []

    func append(_ request: ScriptedModel.Received) {
        lock.lock()
        received.append(request)
        lock.unlock()
    }

    func ended(_ how: String) {
        lock.lock()
        streamEndings.append(how)
        lock.unlock()
    }

    func requests() -> [ScriptedModel.Received] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    func endings() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return streamEndings
    }
}
