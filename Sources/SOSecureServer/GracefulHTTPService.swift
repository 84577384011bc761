import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The HTTP/1 service `sosecure serve` and `sosecure proxy` both run: a Hummingbird application in a
/// service group that stops on SIGTERM/SIGINT or `shutdown()`, stops accepting connections and lets
/// requests in flight finish. A shutdown asked for before the group exists is kept and honoured on start.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class GracefulHTTPService: @unchecked Sendable {
    private let lock = NSLock()
    private var group: ServiceGroup?
    private var shutdownRequested = false

    /// A logger at LOG_LEVEL (default: warning).
    static func logger(label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }

    /// Serves `responder` on `host:port` until shut down. Bodies over `maxBodyBytes` are refused before
    /// `100 Continue`; `idleTimeout` (nil: none) closes silent connections.
    func run<Responder: HTTPResponder>(
        responder: Responder, host: String, port: Int, maxBodyBytes: Int, idleTimeout: TimeAmount?, handleSignals: Bool,
        logger: Logger, onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void
    ) async throws where Responder.Context == BasicRequestContext {
        let app = Application(
            responder: responder,
            server: .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler(maxBodyBytes: maxBodyBytes)],
                                                idleTimeout: idleTimeout)),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                await onListening(host, channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
                                                      logger: logger))
        if install(group) { await group.triggerGracefulShutdown() }
        try await group.run()
    }

    /// Stops accepting connections and returns once `run` has been told; in-flight requests still finish.
    func shutdown() async {
        if let group = requestShutdown() { await group.triggerGracefulShutdown() }
    }

    /// Stores the group; true when a shutdown was requested before it started.
    private func install(_ group: ServiceGroup) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        self.group = group
        return shutdownRequested
    }

    private func requestShutdown() -> ServiceGroup? {
        lock.lock()
        defer { lock.unlock() }
        shutdownRequested = true
        return group
    }
}
