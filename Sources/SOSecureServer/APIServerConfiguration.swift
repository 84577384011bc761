import Foundation

/// How the HTTP API listens and what it accepts. The `serve` command fills it from flags.
public struct APIServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port; `APIServer.run` reports the one bound.
    public var port: Int
    /// Larger request bodies are refused with 413 before they are read in full.
    public var maxBodyBytes: Int
    /// Seconds a scan, knowledge search or rule-fix request may take before it is answered with 504.
    public var requestTimeout: Double
    /// Seconds a `/v1/fix` request may take; model revisions need longer than a scan.
    public var fixTimeout: Double
    /// Requests without this bearer token get 401; nil serves everyone.
    public var token: BearerToken?
    /// Threads that run scans and fixes.
    public var workers: Int
    /// Requests allowed to wait for a worker before new ones get 503.
    public var maxQueued: Int
    /// A connection that sends nothing for this long is closed (slow or abandoned clients).
    public var idleTimeout: Double

    public static let defaultMaxBodyBytes = 2 * 1024 * 1024

    public init(host: String = "127.0.0.1", port: Int = 8088, maxBodyBytes: Int = defaultMaxBodyBytes,
                requestTimeout: Double = 30, fixTimeout: Double = 300, token: BearerToken? = nil,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount, maxQueued: Int = 1024, idleTimeout: Double = 30) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeout = requestTimeout
        self.fixTimeout = fixTimeout
        self.token = token
        self.workers = workers
        self.maxQueued = maxQueued
        self.idleTimeout = idleTimeout
    }
}
