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
    private let service = GracefulHTTPService()

    public init(configuration: APIServerConfiguration, pipeline: SecurityPipeline) {
        self.configuration = configuration
        self.pipeline = pipeline
    }

    /// Serves until shut down. `onListening` gets the bound host and port (useful with port 0).
    /// `handleSignals` installs the SIGTERM/SIGINT handlers; tests that share a process turn it off.
    public func run(handleSignals: Bool = true, onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }) async throws {
        let logger = GracefulHTTPService.logger(label: "sosecure.serve")
        let pool = BlockingWorkPool(threads: configuration.workers)
        defer { pool.shutdown() }
        let responder = APIResponder(pipeline: pipeline, configuration: configuration, metrics: metrics, pool: pool,
                                     gate: AdmissionGate(limit: configuration.maxQueued))
        try await service.run(responder: responder, host: configuration.host, port: configuration.port,
                              maxBodyBytes: configuration.maxBodyBytes,
                              idleTimeout: .milliseconds(Int64(configuration.idleTimeout * 1000)),
                              handleSignals: handleSignals, logger: logger, onListening: onListening)
    }

    /// Stops accepting connections and returns once `run` has been told; in-flight requests still finish.
    public func shutdown() async {
        await service.shutdown()
    }
}
