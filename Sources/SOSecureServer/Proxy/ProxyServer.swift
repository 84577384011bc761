import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `sosecure proxy`: an OpenAI-compatible endpoint in front of another one that inspects the code in
/// every answer. `run` serves until SIGTERM/SIGINT or `shutdown()`, then lets requests in flight finish.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
public final class ProxyServer: Sendable {
    public let configuration: ProxyConfiguration
    public let pipeline: SecurityPipeline
    private let service = GracefulHTTPService()

    public init(configuration: ProxyConfiguration, pipeline: SecurityPipeline) {
        self.configuration = configuration
        self.pipeline = pipeline
    }

    /// Serves until shut down. `onListening` gets the bound host and port (useful with port 0).
    public func run(handleSignals: Bool = true, onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }) async throws {
        let logger = GracefulHTTPService.logger(label: "sosecure.proxy")
        let pool = BlockingWorkPool(threads: configuration.workers)
        defer { pool.shutdown() }
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: Self.clientConfiguration(configuration))
        let responder = ProxyResponder(configuration: configuration, inspector: CodeBlockInspector(configuration: configuration, pipeline: pipeline),
                                       pool: pool, client: client, logger: logger)
        do {
            try await service.run(responder: responder, host: configuration.host, port: configuration.port,
                                  maxBodyBytes: configuration.maxBodyBytes, idleTimeout: nil,
                                  handleSignals: handleSignals, logger: logger, onListening: onListening)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// Stops accepting connections and returns once `run` has been told; in-flight requests still finish.
    public func shutdown() async {
        await service.shutdown()
    }

    /// Redirects are not followed (the client's key must not follow one to another host), a refused
    /// connection fails at once (502) instead of being retried until the deadline, and bodies are
    /// relayed as they are, compressed or not.
    static func clientConfiguration(_ configuration: ProxyConfiguration) -> HTTPClient.Configuration {
        var client = HTTPClient.Configuration()
        client.redirectConfiguration = .disallow
        client.decompression = .disabled
        client.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        client.connectionPool.retryConnectionEstablishment = false
        client.timeout.connect = .milliseconds(Int64(min(configuration.timeout, 30) * 1000))
        return client
    }
}
