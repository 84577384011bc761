import Foundation

/// Request counts, a latency histogram and findings by rule, exposed in the Prometheus text format
/// (version 0.0.4). Written by hand: the format is a few lines and a metrics package would add a
/// dependency to every build of the server.
public final class ServerMetrics: @unchecked Sendable {
    /// Upper bounds of the latency buckets, in seconds; `+Inf` is added when rendering.
    public static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    private struct RequestKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct Histogram {
        var buckets = [Int](repeating: 0, count: ServerMetrics.latencyBuckets.count)
        var count = 0
        var sum = 0.0
    }

    private let lock = NSLock()
    private var requests: [RequestKey: Int] = [:]
    private var latency: [String: Histogram] = [:]
    private var findings: [String: Int] = [:]
    private var inFlight = 0

    public init() {}

    /// Counts a finished request. `route` is the route template (or `unmatched`), never the raw path,
    /// so a client cannot create unbounded label values.
    public func record(route: String, method: String, status: Int, seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        requests[RequestKey(route: route, method: method, status: status), default: 0] += 1
        var histogram = latency[route] ?? Histogram()
        if let bucket = Self.latencyBuckets.firstIndex(where: { seconds <= $0 }) { histogram.buckets[bucket] += 1 }
        histogram.count += 1
        histogram.sum += seconds
        latency[route] = histogram
    }

    public func recordFindings(byRule counts: [String: Int]) {
        guard !counts.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        for (rule, count) in counts { findings[rule, default: 0] += count }
    }

    func requestStarted() {
        lock.lock()
        inFlight += 1
        lock.unlock()
    }

    func requestFinished() {
        lock.lock()
        inFlight -= 1
        lock.unlock()
    }

    /// The exposition text, series sorted so that two scrapes of the same state are byte-identical.
    public func render() -> String {
        lock.lock()
        let requests = self.requests
        let latency = self.latency
        let findings = self.findings
        let inFlight = self.inFlight
        lock.unlock()

        var lines: [String] = []
        lines.append("# HELP sosecure_http_requests_total HTTP requests answered, by route, method and status.")
        lines.append("# TYPE sosecure_http_requests_total counter")
        let requestKeys = requests.keys.sorted { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }
        for key in requestKeys {
            lines.append("sosecure_http_requests_total{route=\(Self.label(key.route)),method=\(Self.label(key.method)),status=\"\(key.status)\"} \(requests[key] ?? 0)")
        }

        lines.append("# HELP sosecure_http_request_duration_seconds Time from request head to response, by route.")
        lines.append("# TYPE sosecure_http_request_duration_seconds histogram")
        for route in latency.keys.sorted() {
            guard let histogram = latency[route] else { continue }
            var cumulative = 0
            for (bound, count) in zip(Self.latencyBuckets, histogram.buckets) {
                cumulative += count
                lines.append("sosecure_http_request_duration_seconds_bucket{route=\(Self.label(route)),le=\"\(Self.number(bound))\"} \(cumulative)")
            }
            lines.append("sosecure_http_request_duration_seconds_bucket{route=\(Self.label(route)),le=\"+Inf\"} \(histogram.count)")
            lines.append("sosecure_http_request_duration_seconds_sum{route=\(Self.label(route))} \(Self.number(histogram.sum))")
            lines.append("sosecure_http_request_duration_seconds_count{route=\(Self.label(route))} \(histogram.count)")
        }

        lines.append("# HELP sosecure_http_requests_in_flight Requests being handled now.")
        lines.append("# TYPE sosecure_http_requests_in_flight gauge")
        lines.append("sosecure_http_requests_in_flight \(inFlight)")

        lines.append("# HELP sosecure_findings_total Findings reported by /v1/scan and found before fixing by /v1/fix, by rule.")
        lines.append("# TYPE sosecure_findings_total counter")
        for rule in findings.keys.sorted() {
            lines.append("sosecure_findings_total{rule=\(Self.label(rule))} \(findings[rule] ?? 0)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A quoted label value with the three escapes the format defines.
    static func label(_ value: String) -> String {
        var out = "\""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
