/// The routes of the HTTP API. The route name, not the request path, labels metrics.
enum APIRoute: String, CaseIterable, Sendable {
    case scan = "/v1/scan"
    case fix = "/v1/fix"
    case knowledgeSearch = "/v1/kb/search"
    case rules = "/v1/rules"
    case health = "/healthz"
    case metrics = "/metrics"

    /// The one method each route answers.
    var method: String {
        switch self {
        case .scan, .fix, .knowledgeSearch: return "POST"
        case .rules, .health, .metrics: return "GET"
        }
    }

    /// Liveness probes run without credentials; everything else needs the token when one is set.
    var needsToken: Bool { self != .health }

    /// The route for a request path; a trailing slash is tolerated.
    init?(path: String) {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        self.init(rawValue: String(trimmed))
    }
}
