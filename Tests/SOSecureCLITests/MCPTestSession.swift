import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A `sosecure mcp` child process driven the way a coding agent drives it: raw JSON-RPC lines on its
/// standard input, one answer per line on its standard output. Every line the server prints must be a
/// JSON-RPC 2.0 message; anything else fails the read. Standard error goes to a file in the workspace.
final class MCPTestSession {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let workspace: URL
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending = Data()
    private var nextID = 1
    /// Seconds any single answer may take: generous, for a loaded two-core machine.
    let answerTimeout: Double

    init(arguments: [String] = [], answerTimeout: Double = 120) throws {
        self.answerTimeout = answerTimeout
        workspace = FileManager.default.temporaryDirectory.appendingPathComponent("sosecure-mcp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        process.executableURL = CLI.binary
        process.arguments = ["mcp"] + arguments
        process.currentDirectoryURL = workspace
        var environment = ProcessInfo.processInfo.environment
        for key in ["SOSECURE_LLM_MODEL", "SOSECURE_LLM_BASE_URL", "SOSECURE_LLM_API_KEY", "OPENAI_API_KEY", "LOG_LEVEL"] {
            environment.removeValue(forKey: key)
        }
        environment["SOSECURE_KB"] = workspace.appendingPathComponent("kb.sqlite").path
        process.environment = environment
        let errorLog = workspace.appendingPathComponent("stderr.log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: workspace)
    }

    var standardError: String {
        (try? String(contentsOf: workspace.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? ""
    }

    /// Writes one line as is (it may be anything, valid JSON or not).
    func sendLine(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    func send(_ message: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: message, options: [.sortedKeys])
        sendLine(String(decoding: data, as: UTF8.self))
    }

    func notify(_ method: String, params: [String: Any]? = nil) throws {
        var message: [String: Any] = ["jsonrpc": "2.0", "method": method]
        if let params { message["params"] = params }
        try send(message)
    }

    /// Sends a request and returns its id without waiting.
    @discardableResult
    func sendRequest(_ method: String, params: [String: Any]? = nil) throws -> Int {
        let id = nextID
        nextID += 1
        var message: [String: Any] = ["jsonrpc": "2.0", "id": id, "method": method]
        if let params { message["params"] = params }
        try send(message)
        return id
    }

    /// A request's whole response (`result` or `error`).
    func request(_ method: String, params: [String: Any]? = nil) throws -> [String: Any] {
        let id = try sendRequest(method, params: params)
        return try response(to: id)
    }

    /// Reads messages until the response with this id; any other message in between is a failure
    /// (the server sends no notifications or requests of its own in these tests).
    func response(to id: Int) throws -> [String: Any] {
        let message = try nextMessage()
        guard (message["id"] as? Int) == id else { throw Failure(description: "expected the response to request \(id), got \(message)") }
        return message
    }

    /// `tools/call`: the result object, which holds `content`, `structuredContent` and `isError`.
    func callTool(_ name: String, _ arguments: [String: Any]) throws -> [String: Any] {
        let response = try request("tools/call", params: ["name": name, "arguments": arguments])
        guard let result = response["result"] as? [String: Any] else {
            throw Failure(description: "tools/call \(name) got no result: \(response)")
        }
        return result
    }

    /// The next line of standard output as a JSON-RPC 2.0 message.
    func nextMessage() throws -> [String: Any] {
        let line = try nextLine()
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any], object["jsonrpc"] as? String == "2.0" else {
            throw Failure(description: "standard output carried a line that is not a JSON-RPC message: \(String(decoding: line, as: UTF8.self))")
        }
        return object
    }

    private func nextLine() throws -> Data {
        let deadline = Date().addingTimeInterval(answerTimeout)
        let descriptor = output.fileHandleForReading.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[pending.index(after: newline)...])
                return Data(line)
            }
            guard Date() < deadline else {
                throw Failure(description: "no answer within \(Int(answerTimeout)) s; stderr: \(standardError)")
            }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = read(descriptor, &buffer, buffer.count)
            if count <= 0 {
                throw Failure(description: "standard output closed before an answer; stderr: \(standardError)")
            }
            pending.append(contentsOf: buffer[..<count])
        }
    }

    /// Everything left on standard output after the process closed it.
    func remainingOutput() -> String {
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        return String(decoding: pending + rest, as: UTF8.self)
    }

    func closeInput() throws {
        try input.fileHandleForWriting.close()
    }

    /// The exit status, or nil when the process is still running after `seconds`.
    func waitForExit(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// `initialize` and `notifications/initialized`: the handshake every client starts with.
    @discardableResult
    func initialize() throws -> [String: Any] {
        let response = try request("initialize", params: [
            "protocolVersion": "2025-06-18",
            "capabilities": [String: Any](),
            "clientInfo": ["name": "sosecure-tests", "version": "1.0"],
        ])
        try notify("notifications/initialized")
        return response
    }
}

extension Dictionary where Key == String, Value == Any {
    /// `structuredContent` of a tool result.
    var structuredContent: [String: Any]? { self["structuredContent"] as? [String: Any] }

    /// The first text content item of a tool result.
    var firstText: String? { ((self["content"] as? [[String: Any]])?.first)?["text"] as? String }

    var isToolError: Bool { self["isError"] as? Bool == true }
}
