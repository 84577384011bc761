import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The HTTP API over the pipeline (`sosecure serve`). `run` serves until SIGTERM/SIGINT or `shutdown()`,
/// then stops accepting connections, lets in-flight requests finish, and returns.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
public final class APIServer: Sendable {
    public let configuration: APIServerConfiguration
    public let pipeline: SecurityPipeline
    public let metrics = ServerMetrics()
    private let state = ServerState()

    public init(configuration: APIServerConfiguration, pipeline: SecurityPipeline) {
        self.configuration = configuration
        self.pipeline = pipeline
    }

    /// Serves until shut down. `onListening` gets the bound host and port (useful with port 0).
    /// `handleSignals` installs the SIGTERM/SIGINT handlers; tests that share a process turn it off.
    public func run(handleSignals: Bool = true, onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }) async throws {
        var logger = Logger(label: "sosecure.serve")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let pool = BlockingWorkPool(threads: configuration.workers)
        defer { pool.shutdown() }
        let responder = APIResponder(pipeline: pipeline, configuration: configuration, metrics: metrics, pool: pool,
                                     gate: AdmissionGate(limit: configuration.maxQueued))
        let host = configuration.host
        let maxBody = configuration.maxBodyBytes
        let idle = TimeAmount.milliseconds(Int64(configuration.idleTimeout * 1000))
        let app = Application(
            responder: responder,
            server: .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler(maxBodyBytes: maxBody)], idleTimeout: idle)),
            configuration: ApplicationConfiguration(address: .hostname(host, port: configuration.port)),
            onServerRunning: { channel in
                await onListening(host, channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
                                                      logger: logger))
        if state.install(group) { await group.triggerGracefulShutdown() }
        try await group.run()
    }

    /// Stops accepting connections and returns once `run` has been told; in-flight requests still finish.
    public func shutdown() async {
        if let group = state.requestShutdown() { await group.triggerGracefulShutdown() }
    }
}

/// The running service group, and whether shutdown was asked for before it existed.
private final class ServerState: @unchecked Sendable {
    private let lock = NSLock()
    private var group: ServiceGroup?
    private var shutdownRequested = false

    /// Stores the group; true when a shutdown was requested before it started.
    func install(_ group: ServiceGroup) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        self.group = group
        return shutdownRequested
    }

    func requestShutdown() -> ServiceGroup? {
        lock.lock()
        defer { lock.unlock() }
        shutdownRequested = true
        return group
    }
}
