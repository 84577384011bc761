import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A real HTTP/1.1 server on 127.0.0.1 that plays an OpenAI-compatible endpoint from a script.
///
/// Tests start it, point an `OpenAICompatibleClient` (or the whole revision loop) at `baseURL`, and
/// then read back every request it received. Each request takes the next scripted response; when the
/// script runs out it answers 500 "script exhausted" so a test that sends too much fails visibly.
/// Blocking POSIX sockets on plain threads: nothing here shares the client's event loops, so it cannot
/// hide a client bug by accident. Production code knows nothing of this type.
public final class ScriptedOpenAIServer: @unchecked Sendable {
    /// One scripted answer.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(name: String, value: String)]
        public var body: Data
        /// Seconds to wait after reading the request and before answering.
        public var delay: Double
        /// Close the connection without answering (a dropped connection for the client).
        public var dropsConnection: Bool
        /// Seconds to wait between sending the head and the body (a stalled body).
        public var bodyDelay: Double = 0

        public init(
            status: Int, headers: [(name: String, value: String)] = [], body: Data = Data(),
            delay: Double = 0, dropsConnection: Bool = false
        ) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
            self.dropsConnection = dropsConnection
        }

        /// A successful chat completion whose `choices[0].message.content` is `content`.
        public static func completion(_ content: String, model: String = "scripted-model") -> Response {
            let object: [String: Any] = [
                "id": "chatcmpl-scripted",
                "object": "chat.completion",
                "created": 0,
                "model": model,
                "choices": [
                    [
                        "index": 0,
                        "message": ["role": "assistant", "content": content],
                        "finish_reason": "stop",
                    ] as [String: Any]
                ],
                "usage": ["prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2],
            ]
            return json(status: 200, object)
        }

        /// A successful legacy text completion (`POST /completions`) whose `choices[0].text` is `text`.
        public static func textCompletion(_ text: String, model: String = "scripted-model") -> Response {
            let object: [String: Any] = [
                "id": "cmpl-scripted",
                "object": "text_completion",
                "created": 0,
                "model": model,
                "choices": [["index": 0, "text": text, "finish_reason": "stop"] as [String: Any]],
                "usage": ["prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2],
            ]
            return json(status: 200, object)
        }

        /// Any JSON body with `status`.
        public static func json(status: Int, _ object: Any, headers: [(name: String, value: String)] = []) -> Response {
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return Response(
                status: status, headers: [("Content-Type", "application/json")] + headers, body: data)
        }

        /// A raw body, for answers that are not JSON.
        public static func text(status: Int, _ body: String, contentType: String = "text/plain") -> Response {
            Response(status: status, headers: [("Content-Type", contentType)], body: Data(body.utf8))
        }

        /// An OpenAI-style error envelope: `{"error": {"message", "type", "code"}}`.
        public static func error(status: Int, message: String, code: String? = nil, headers: [(name: String, value: String)] = [])
            -> Response
        {
            var error: [String: Any] = ["message": message, "type": "invalid_request_error"]
            error["code"] = code ?? NSNull()
            return json(status: status, ["error": error], headers: headers)
        }

        /// 429, optionally with a `Retry-After` value (seconds or an HTTP-date).
        public static func rateLimited(retryAfter: String? = nil) -> Response {
            error(
                status: 429, message: "Rate limit reached", code: "rate_limit_exceeded",
                headers: retryAfter.map { [("Retry-After", $0)] } ?? [])
        }

        /// 500 with an error envelope.
        public static func serverError(_ status: Int = 500, message: String = "internal error") -> Response {
            error(status: status, message: message, code: nil)
        }

        /// OpenAI's answer for a model it does not have.
        public static func modelNotFound(_ model: String) -> Response {
            error(
                status: 404, message: "The model `\(model)` does not exist or you do not have access to it.",
                code: "model_not_found")
        }

        /// Close the connection after reading the request, without a response.
        public static var dropConnection: Response { Response(status: 0, dropsConnection: true) }

        /// The same response, sent `seconds` later.
        public func delayed(by seconds: Double) -> Response {
            var copy = self
            copy.delay = seconds
            return copy
        }

        /// The same response with its body sent `seconds` after its head.
        public func bodyDelayed(by seconds: Double) -> Response {
            var copy = self
            copy.bodyDelay = seconds
            return copy
        }
    }

    /// One request as the server read it.
    public struct RecordedRequest: Sendable {
        public var method: String
        public var path: String
        /// Header names lower-cased; a repeated header keeps its last value.
        public var headers: [String: String]
        public var body: Data
        /// When the request was fully read, for measuring client backoff.
        public var receivedAt: Date

        /// The body parsed as a JSON object, or `nil`.
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        }

        /// The chat messages of a `/chat/completions` body.
        public var messages: [(role: String, content: String)] {
            guard let list = json?["messages"] as? [[String: Any]] else { return [] }
            return list.map { ($0["role"] as? String ?? "", $0["content"] as? String ?? "") }
        }

        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    public let port: Int
    /// What to pass as the client's base URL: `http://127.0.0.1:<port>/v1`.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    private let listenFD: Int32
    private let lock = NSLock()
    private var script: [Response]
    private var responderHook: (@Sendable (RecordedRequest) -> Response?)?
    private var recorded: [RecordedRequest] = []
    private var stopped = false
    private var connectionFDs: Set<Int32> = []

    /// Starts listening at once on an ephemeral port of 127.0.0.1.
    public init(script: [Response] = []) throws {
        self.script = script
        let (fd, port) = try Self.bindLoopback()
        guard listen(fd, 16) == 0 else {
            close(fd)
            throw ServerError.socket("listen", errno)
        }
        self.listenFD = fd
        self.port = port
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "ScriptedOpenAIServer.accept"
        thread.start()
    }

    deinit { stop() }

    /// Answers chosen by the request (its path, its prompt): consulted before the script, which
    /// answers whenever the responder returns `nil`. Tests whose model calls depend on earlier answers
    /// (self-play trees, evaluation runs) key their answers on the request instead of on arrival order.
    public var responder: (@Sendable (RecordedRequest) -> Response?)? {
        get { lock.withLock { responderHook } }
        set { lock.withLock { responderHook = newValue } }
    }

    /// Adds responses to the end of the script.
    public func enqueue(_ responses: Response...) {
        lock.withLock { script.append(contentsOf: responses) }
    }

    /// Every request received so far, in arrival order.
    public var requests: [RecordedRequest] { lock.withLock { recorded } }

    /// Responses not yet used.
    public var remainingScript: Int { lock.withLock { script.count } }

    /// Stops accepting and closes open connections. Safe to call more than once.
    public func stop() {
        let fds: [Int32]? = lock.withLock {
            if stopped { return nil }
            stopped = true
            return Array(connectionFDs)
        }
        guard let fds else { return }
        for fd in fds { _ = shutdown(fd, Int32(SHUT_RDWR)) }
        _ = shutdown(listenFD, Int32(SHUT_RDWR))
    }

    /// A loopback port with nothing listening: bound to find a free number, then closed.
    public static func unusedPort() throws -> Int {
        let (fd, port) = try bindLoopback()
        close(fd)
        return port
    }

    public enum ServerError: Error { case socket(String, Int32) }

    // MARK: - Sockets

    private static func bindLoopback() throws -> (Int32, Int) {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ServerError.socket("socket", errno) }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            close(fd)
            throw ServerError.socket("bind", errno)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        defer { close(listenFD) }
        while !isStopped {
            guard waitReadable(listenFD) else { continue }
            let client = accept(listenFD, nil, nil)
            if client < 0 { continue }
            let registered: Bool = lock.withLock {
                if stopped { return false }
                connectionFDs.insert(client)
                return true
            }
            guard registered else {
                close(client)
                return
            }
            let thread = Thread { [self] in serve(client) }
            thread.name = "ScriptedOpenAIServer.connection"
            thread.start()
        }
    }

    /// Polls in short slices so `stop()` is noticed even on an idle socket.
    private func waitReadable(_ fd: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 100) > 0
    }

    /// Serves requests on one keep-alive connection until the client closes it.
    private func serve(_ fd: Int32) {
        defer {
            lock.withLock { _ = connectionFDs.remove(fd) }
            close(fd)
        }
        var buffer = Data()
        while !isStopped {
            guard let request = readRequest(fd, buffer: &buffer) else { return }
            let hook = responder
            let answer = hook?(request)
            let response: Response = lock.withLock {
                recorded.append(request)
                if let answer { return answer }
                return script.isEmpty
                    ? Response.error(status: 500, message: "ScriptedOpenAIServer: script exhausted")
                    : script.removeFirst()
            }
            if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
            if response.dropsConnection { return }
            let message = Self.serialize(response)
            if response.bodyDelay > 0 {
                let headLength = message.count - response.body.count
                guard write(fd, message.prefix(headLength)) else { return }
                Thread.sleep(forTimeInterval: response.bodyDelay)
                guard write(fd, message.suffix(response.body.count)) else { return }
            } else {
                guard write(fd, message) else { return }
            }
        }
    }

    private static func serialize(_ response: Response) -> Data {
        var head = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        for header in response.headers { head += "\(header.name): \(header.value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: keep-alive\r\n\r\n"
        return Data(head.utf8) + response.body
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    /// Reads one request (head, then exactly Content-Length body bytes); `nil` when the connection ends.
    private func readRequest(_ fd: Int32, buffer: inout Data) -> RecordedRequest? {
        let separator = Data("\r\n\r\n".utf8)
        var headEnd = buffer.range(of: separator)
        while headEnd == nil {
            guard readMore(fd, into: &buffer) else { return nil }
            headEnd = buffer.range(of: separator)
        }
        let head = String(decoding: buffer[buffer.startIndex..<headEnd!.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = headEnd!.upperBound
        while buffer.distance(from: bodyStart, to: buffer.endIndex) < length {
            guard readMore(fd, into: &buffer) else { return nil }
        }
        let bodyEnd = buffer.index(bodyStart, offsetBy: length)
        let body = Data(buffer[bodyStart..<bodyEnd])
        buffer = Data(buffer[bodyEnd...])
        return RecordedRequest(
            method: requestLine.first.map(String.init) ?? "",
            path: requestLine.count > 1 ? String(requestLine[1]) : "",
            headers: headers, body: body, receivedAt: Date())
    }

    private func readMore(_ fd: Int32, into buffer: inout Data) -> Bool {
        while !isStopped {
            guard waitReadable(fd) else { continue }
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { return false }
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
        return false
    }

    private func write(_ fd: Int32, _ data: Data) -> Bool {
        var sent = 0
        let bytes = [UInt8](data)
        while sent < bytes.count {
            #if canImport(Darwin)
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            #else
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            #endif
            if count <= 0 { return false }
            sent += count
        }
        return true
    }
}
