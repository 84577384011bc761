import SOSecureReporters

/// The proxy's own failures, in the server's `{"error": {"code", "message"}}` shape. Upstream errors
/// with an HTTP answer are relayed as they are; these cover the cases where there is none.
extension ServerError {
    static func upstreamUnreachable(_ url: String, detail: String) -> ServerError {
        ServerError(status: 502, code: "upstream_unreachable", message: "cannot reach the upstream at \(url): \(detail)")
    }

    static func upstreamTimeout(seconds: Double) -> ServerError {
        ServerError(status: 504, code: "upstream_timeout",
                    message: "the upstream did not answer within \(JSONText.seconds(seconds)) seconds")
    }

    static func upstreamProtocol(_ message: String) -> ServerError {
        ServerError(status: 502, code: "upstream_bad_response", message: message)
    }
}
