import Foundation
import Hummingbird

/// Answers every HTTP request: authentication, routing, body limits, decoding, then one call into the
/// pipeline on the worker pool under a deadline. Every failure becomes a JSON error with a fixed shape.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
struct APIResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let pipeline: SecurityPipeline
    let configuration: APIServerConfiguration
    let metrics: ServerMetrics
    let pool: BlockingWorkPool
    let gate: AdmissionGate

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        metrics.requestStarted()
        defer { metrics.requestFinished() }
        let route = APIRoute(path: request.uri.path)
        var response: Response
        do {
            response = try await handle(request, route: route)
        } catch let error as ServerError {
            response = Self.error(error)
        } catch {
            response = Self.error(.internalError("the request failed: \(error)"))
        }
        if response.status.code == 405, let route { response.headers[.allow] = route.method }
        if response.status.code == 401 { response.headers[.wwwAuthenticate] = "Bearer" }
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.record(route: route?.rawValue ?? "unmatched", method: request.method.rawValue, status: response.status.code, seconds: seconds)
        return response
    }

    private func handle(_ request: Request, route: APIRoute?) async throws -> Response {
        if route?.needsToken ?? true, let token = configuration.token,
           !token.accepts(authorization: request.headers[.authorization]) {
            throw ServerError.unauthorized()
        }
        let method = request.method.rawValue
        guard let route else { throw ServerError.notFound(method: method, path: request.uri.path) }
        guard method == route.method else {
            throw ServerError.methodNotAllowed(method: method, path: route.rawValue, allowed: [route.method])
        }
        switch route {
        case .health:
            return Self.json(pipeline.health())
        case .metrics:
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render())))
        case .rules:
            return Self.json(pipeline.rulesBody)
        case .scan:
            let body = try await readJSONBody(request)
            let pipeline = self.pipeline
            let metrics = self.metrics
            return Self.json(try await onWorker(seconds: configuration.requestTimeout) {
                let inputs = try SecurityPipeline.inputs(try RequestDecoding.decode(CodeRequest.self, from: body))
                try Task.checkCancellation()
                let result = pipeline.scan(inputs)
                metrics.recordFindings(byRule: result.findingsByRule)
                return result.body
            })
        case .fix:
            let body = try await readJSONBody(request)
            let pipeline = self.pipeline
            let metrics = self.metrics
            return Self.json(try await onWorker(seconds: configuration.fixTimeout) {
                let inputs = try SecurityPipeline.inputs(try RequestDecoding.decode(CodeRequest.self, from: body))
                let result = try await pipeline.fix(inputs)
                metrics.recordFindings(byRule: result.findingsByRule)
                return result.body
            })
        case .knowledgeSearch:
            let body = try await readJSONBody(request)
            let pipeline = self.pipeline
            return Self.json(try await onWorker(seconds: configuration.requestTimeout) {
                try pipeline.searchKnowledge(try RequestDecoding.decode(KnowledgeSearchRequest.self, from: body))
            })
        }
    }

    /// Runs pipeline work on the pool under the route's deadline, if a place in the queue is free.
    private func onWorker(seconds: Double, _ body: @escaping @Sendable () async throws -> Data) async throws -> Data {
        guard gate.enter() else { throw ServerError.overloaded() }
        defer { gate.leave() }
        return try await Deadline.run(seconds: seconds, on: pool, body)
    }

    /// The body, refused with 415 when it is declared as something other than JSON and with 413 as soon
    /// as it is known to be over the limit: from Content-Length, or while it streams in.
    private func readJSONBody(_ request: Request) async throws -> Data {
        if let type = request.headers[.contentType] {
            let media = type.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            guard media == "application/json" || media.hasSuffix("+json") else { throw ServerError.unsupportedMediaType(media) }
        }
        let limit = configuration.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw ServerError.payloadTooLarge(limit: limit)
        }
        var collected = ByteBuffer()
        for try await chunk in request.body {
            guard collected.readableBytes + chunk.readableBytes <= limit else { throw ServerError.payloadTooLarge(limit: limit) }
            var chunk = chunk
            collected.writeBuffer(&chunk)
        }
        return Data(collected.readableBytesView)
    }

    static func json(_ body: Data, status: Int = 200) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: HTTPResponse.Status(code: status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func error(_ error: ServerError) -> Response {
        json(Data(error.body.utf8), status: error.status)
    }
}
