import Foundation
import Logging
import MCP
import SOSecureReporters
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How `sosecure mcp` runs its tools.
public struct MCPServerConfiguration: Sendable {
    /// Seconds scan_code, search_knowledge and explain_rule may take before the call fails.
    public var requestTimeout: Double
    /// Seconds secure_code may take (it may wait for a model).
    public var fixTimeout: Double
    /// Threads that run scans and fixes.
    public var workers: Int

    public init(requestTimeout: Double = 60, fixTimeout: Double = 300, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.requestTimeout = requestTimeout
        self.fixTimeout = fixTimeout
        self.workers = workers
    }
}

/// The pipeline as a Model Context Protocol server over standard input and output (one JSON-RPC message
/// per line), for coding agents. `run` serves until standard input closes, answers the requests still in
/// flight, and returns. Only protocol messages go to standard output; logs go to the logger (standard error).
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
public final class MCPServer: Sendable {
    public let pipeline: SecurityPipeline
    public let configuration: MCPServerConfiguration

    static let instructions = """
    SOSecure checks code for security flaws before it is used. Call scan_code on code you wrote or were given; for each \
    finding, explain_rule tells why it matters and search_knowledge finds the Stack Overflow discussions that warned about \
    the pattern. secure_code returns a revision that SOSecure's own re-analysis verified, with the reasons for every change.
    """

    public init(pipeline: SecurityPipeline, configuration: MCPServerConfiguration = MCPServerConfiguration()) {
        self.pipeline = pipeline
        self.configuration = configuration
    }

    /// Serves over standard input and output until standard input closes. Logs go to standard error at the
    /// level named by `LOG_LEVEL` (default warning).
    public func run() async throws {
        var logger = Logger(label: "sosecure.mcp") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        // A client that goes away mid-answer must not kill the server with SIGPIPE; the write fails instead.
        signal(SIGPIPE, SIG_IGN)
        // The SDK's transport makes both descriptors non-blocking; a terminal shares that flag with the shell,
        // so it is put back on the way out.
        let savedFlags = (fcntl(STDIN_FILENO, F_GETFL), fcntl(STDOUT_FILENO, F_GETFL))
        defer {
            if savedFlags.0 >= 0 { _ = fcntl(STDIN_FILENO, F_SETFL, savedFlags.0) }
            if savedFlags.1 >= 0 { _ = fcntl(STDOUT_FILENO, F_SETFL, savedFlags.1) }
        }
        let pool = BlockingWorkPool(threads: configuration.workers)
        defer { pool.shutdown() }
        let toolbox = MCPToolbox(pipeline: pipeline, pool: pool, requestTimeout: configuration.requestTimeout,
                                 fixTimeout: configuration.fixTimeout)
        let server = Server(name: "sosecure", version: ToolInfo.sosecure.version, title: "SOSecure",
                            instructions: Self.instructions, capabilities: .init(tools: .init(listChanged: false)))
        let tools = toolbox.tools
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: tools) }
        await server.withMethodHandler(CallTool.self) { parameters in try await toolbox.call(parameters) }

        let transport = MCPLineTransport(inner: StdioTransport(logger: logger), logger: logger)
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
        // Standard input is closed; answer what was asked before stopping (each call is bounded by its deadline).
        let grace = max(configuration.requestTimeout, configuration.fixTimeout) + 5
        if !(await transport.drain(seconds: grace)) {
            let unanswered = await transport.unansweredCount
            logger.warning("stopping with \(unanswered) request(s) unanswered")
        }
        await server.stop()
    }
}
