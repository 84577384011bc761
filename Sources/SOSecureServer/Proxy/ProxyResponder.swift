import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Answers every request to `sosecure proxy`: `POST /v1/chat/completions` is forwarded and its answer's
/// code blocks inspected (streamed or not); every other `/v1/...` request (`GET /v1/models`,
/// embeddings…) is relayed as it is. Headers are never logged: they carry the client's API key.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
struct ProxyResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let configuration: ProxyConfiguration
    let inspector: CodeBlockInspector
    let pool: BlockingWorkPool
    let client: HTTPClient
    let logger: Logger

    /// Upstream answers the proxy reads in full (non-streamed completions, error bodies) stay under this.
    static let maxAnswerBytes = 64 * 1024 * 1024

    func respond(to request: Request, context: Context) async throws -> Response {
        let response: Response
        do {
            response = try await handle(request)
        } catch let error as ServerError {
            response = APIResponder.error(error)
        } catch {
            response = APIResponder.error(.internalError("the request failed: \(error)"))
        }
        logger.info("\(request.method.rawValue) \(request.uri.path) → \(response.status.code)")
        return response
    }

    private func handle(_ request: Request) async throws -> Response {
        let path = Self.trimmed(request.uri.path)
        if path == "/healthz" {
            guard request.method == .get else {
                throw ServerError.methodNotAllowed(method: request.method.rawValue, path: path, allowed: ["GET"])
            }
            return APIResponder.json(Data("{\"status\":\"ok\",\"mode\":\(JSONText.quote(configuration.mode.rawValue))}\n".utf8))
        }
        guard path == "/v1" || path.hasPrefix("/v1/") else {
            throw ServerError.notFound(method: request.method.rawValue, path: request.uri.path)
        }
        let body = try await readBody(request)
        let completions = path == "/v1/chat/completions" && request.method == .post
        var upstream = HTTPClientRequest(url: configuration.upstreamURL(forPath: path, query: request.uri.query))
        upstream.method = HTTPMethod(rawValue: request.method.rawValue)
        upstream.headers = ForwardedHeaders.request(request.headers, dropEncoding: completions)
        if !body.isEmpty || request.method == .post || request.method == .put || request.method == .patch {
            upstream.body = .bytes(body)
        }
        let answer = try await send(upstream)
        if completions && (200..<300).contains(answer.status.code) {
            return try await completion(answer, request: request, requestBody: body)
        }
        return relay(answer)
    }

    // MARK: - Chat completions

    private func completion(_ answer: HTTPClientResponse, request: Request, requestBody: [UInt8]) async throws -> Response {
        let caller = ProxyCaller(model: configuration.mode == .fix ? RawJSON.parse(requestBody)?["model"]?.string : nil,
                                 authorization: request.headers[.authorization])
        let inspect = inspection(for: caller)
        let contentType = answer.headers.first(name: "content-type")?.lowercased() ?? ""
        let stream = UpstreamBodyStream(answer.body, idleTimeout: configuration.timeout)
        if contentType.hasPrefix("text/event-stream") {
            let timeout = configuration.timeout
            let upstream = configuration.upstreamBase
            return Response(status: HTTPResponse.Status(code: Int(answer.status.code)),
                            headers: ForwardedHeaders.response(answer.headers, rewritten: true),
                            body: ResponseBody { writer in
                                try await Self.relayEvents(from: stream, to: &writer, inspect: inspect, timeout: timeout, upstream: upstream)
                            })
        }
        let bytes = try await collect(stream)
        let rewritten = await ChatCompletionRewriter.rewrite(bytes, inspect: inspect)
        return Response(status: HTTPResponse.Status(code: Int(answer.status.code)),
                        headers: ForwardedHeaders.response(answer.headers, rewritten: rewritten != nil),
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: rewritten ?? bytes)))
    }

    /// Streams the upstream's events through the rewriter. A client that goes away makes the next write
    /// throw; the upstream request is then cancelled rather than left running. An upstream that stalls or
    /// breaks off after the status line went out gets its held text flushed and an error event.
    private static func relayEvents(from stream: UpstreamBodyStream, to writer: inout any ResponseBodyWriter,
                                    inspect: BlockInspect, timeout: Double, upstream: String) async throws {
        defer { stream.cancel() }
        var reader = ServerSentEventReader()
        var rewriter = ChatStreamRewriter()
        var iterator = stream.chunks.makeAsyncIterator()
        var failure: ServerError?
        while true {
            let chunk: ByteBuffer?
            do {
                chunk = try await iterator.next()
            } catch is UpstreamBodyStream.UpstreamTimedOut {
                failure = .upstreamTimeout(seconds: timeout)
                break
            } catch {
                failure = .upstreamUnreachable(upstream, detail: "the stream broke off: \(transportDetail(error))")
                break
            }
            guard let chunk else { break }
            for event in reader.append(chunk.readableBytesView) {
                let output = await rewriter.process(event, inspect: inspect)
                if !output.isEmpty { try await writer.write(ByteBuffer(bytes: output)) }
            }
        }
        var output: [UInt8] = []
        for event in reader.finish() { output += await rewriter.process(event, inspect: inspect) }
        output += await rewriter.end(inspect: inspect)
        if let failure { output += ChatStreamRewriter.event(failure.body.trimmingCharacters(in: .newlines)) }
        if !output.isEmpty { try await writer.write(ByteBuffer(bytes: output)) }
        try await writer.finish(nil)
    }

    /// How each code block is inspected for this caller: on the worker pool, bounded by the inspection
    /// timeout; a revision that runs out of time leaves the block annotated instead.
    private func inspection(for caller: ProxyCaller) -> BlockInspect {
        let inspector = self.inspector
        let pool = self.pool
        let seconds = configuration.inspectionTimeout
        return { block, number in
            guard CodeBlockInspector.scannableLanguage(block) != nil else { return .unchanged(block) }
            do {
                return try await Deadline.run(seconds: seconds, on: pool) { await inspector.inspect(block, number: number, caller: caller) }
            } catch {
                let fallback = try? await Deadline.run(seconds: seconds, on: pool) { inspector.annotateOnly(block, number: number) }
                return fallback ?? .unchanged(block)
            }
        }
    }

    // MARK: - Relaying

    /// Any other answer (errors included) goes back with its status, headers and body as they are.
    private func relay(_ answer: HTTPClientResponse) -> Response {
        let stream = UpstreamBodyStream(answer.body, idleTimeout: configuration.timeout)
        return Response(status: HTTPResponse.Status(code: Int(answer.status.code)),
                        headers: ForwardedHeaders.response(answer.headers, rewritten: false),
                        body: ResponseBody { writer in
                            defer { stream.cancel() }
                            do {
                                for try await chunk in stream.chunks { try await writer.write(chunk) }
                            } catch is UpstreamBodyStream.UpstreamTimedOut {
                                // Headers are out: cutting the body short is the only signal left.
                            }
                            try await writer.finish(nil)
                        })
    }

    /// Sends the request and waits at most `timeout` seconds for the answer to start. AsyncHTTPClient's own
    /// deadline would also cut a long stream off part-way, so the wait is raced here instead and the body
    /// is bounded by `UpstreamBodyStream`'s idle timeout.
    private func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        let client = self.client
        let timeout = configuration.timeout
        do {
            return try await withThrowingTaskGroup(of: HTTPClientResponse?.self) { group in
                group.addTask { try await client.execute(request, deadline: .distantFuture) }
                group.addTask {
                    try await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else { throw ServerError.upstreamTimeout(seconds: timeout) }
                return response
            }
        } catch let error as ServerError {
            throw error
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                throw ServerError.upstreamTimeout(seconds: configuration.timeout)
            default:
                throw ServerError.upstreamUnreachable(configuration.upstreamBase, detail: "\(error)")
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ServerError.upstreamUnreachable(configuration.upstreamBase, detail: Self.transportDetail(error))
        }
    }

    private func collect(_ stream: UpstreamBodyStream) async throws -> [UInt8] {
        do {
            return try await stream.collect(limit: Self.maxAnswerBytes)
        } catch is UpstreamBodyStream.UpstreamTimedOut {
            throw ServerError.upstreamTimeout(seconds: configuration.timeout)
        } catch let error as ServerError {
            throw error
        } catch {
            throw ServerError.upstreamUnreachable(configuration.upstreamBase, detail: "the answer broke off: \(Self.transportDetail(error))")
        }
    }

    /// The request body, refused with 413 once it is known to be over the limit.
    private func readBody(_ request: Request) async throws -> [UInt8] {
        let limit = configuration.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw ServerError.payloadTooLarge(limit: limit)
        }
        var collected: [UInt8] = []
        for try await chunk in request.body {
            guard collected.count + chunk.readableBytes <= limit else { throw ServerError.payloadTooLarge(limit: limit) }
            collected += chunk.readableBytesView
        }
        return collected
    }

    /// NIO's connection errors describe themselves at length; one line is enough for a client.
    private static func transportDetail(_ error: any Error) -> String {
        let text = String(describing: error)
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }

    private static func trimmed(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}
