import Foundation

/// How `sosecure proxy` listens, where it forwards, and what it does with code in answers.
public struct ProxyConfiguration: Sendable {
    /// The OpenAI-compatible base URL requests are forwarded to, `/v1` included
    /// (`http://localhost:11434/v1`); a request for `/v1/chat/completions` goes to `<upstream>/chat/completions`.
    public var upstream: URL
    public var host: String
    /// 0 picks a free port; `ProxyServer.run` reports the one bound.
    public var port: Int
    public var mode: ProxyMode
    /// Seconds to wait for the upstream's answer to start, for a whole non-streamed answer, and for each
    /// next piece of a streamed one. Past it the client gets 504 (or the stream ends with an error event).
    public var timeout: Double
    /// Seconds the inspection of one answer may take (model revisions in `fix` mode); past it the block
    /// is annotated instead of revised.
    public var inspectionTimeout: Double
    /// Larger request bodies are refused with 413.
    public var maxBodyBytes: Int
    /// Threads that scan and fix code blocks.
    public var workers: Int
    /// Whether `fix` mode asks the upstream model for revisions (rule fixes are always tried).
    public var useModelForFixes: Bool
    /// Model revisions tried per block.
    public var maxRounds: Int
    /// Discussions retrieved per block with findings.
    public var k: Int

    public static let defaultMaxBodyBytes = 16 * 1024 * 1024

    public init(upstream: URL, host: String = "127.0.0.1", port: Int = 8089, mode: ProxyMode = .annotate, timeout: Double = 300,
                inspectionTimeout: Double = 300, maxBodyBytes: Int = defaultMaxBodyBytes,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount, useModelForFixes: Bool = true, maxRounds: Int = 2, k: Int = 3) {
        self.upstream = upstream
        self.host = host
        self.port = port
        self.mode = mode
        self.timeout = timeout
        self.inspectionTimeout = inspectionTimeout
        self.maxBodyBytes = maxBodyBytes
        self.workers = workers
        self.useModelForFixes = useModelForFixes
        self.maxRounds = maxRounds
        self.k = k
    }

    /// The upstream URL for a proxied path: `/v1/models?x=1` → `<upstream>/models?x=1`.
    func upstreamURL(forPath path: String, query: String?) -> String {
        var base = upstream.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var rest = path
        if rest == "/v1" {
            rest = ""
        } else if rest.hasPrefix("/v1/") {
            rest = String(rest.dropFirst(3))
        }
        let suffix = (query?.isEmpty ?? true) ? "" : "?" + query!
        return base + rest + suffix
    }

    /// The base URL revision requests go to (the same upstream, so the same model answers).
    public var upstreamBase: String {
        var base = upstream.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
