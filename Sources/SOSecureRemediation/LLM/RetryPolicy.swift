import Foundation

/// When to try a failed request again: exponential backoff with full jitter, unless the server said
/// how long to wait with `Retry-After`.
struct RetryPolicy: Sendable {
    /// The delay before the first retry's window; doubles each attempt.
    var baseDelay: Double
    /// No single wait is longer than this, whatever the server asks.
    var maxDelay: Double

    init(baseDelay: Double = 0.5, maxDelay: Double = 60) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Seconds to wait before retry number `retry` (1 for the first retry).
    /// Full jitter (a uniform pick in 0…window) spreads clients that failed together.
    func delay(beforeRetry retry: Int, retryAfter: Double?) -> Double {
        if let retryAfter {
            return min(max(retryAfter, 0), maxDelay)
        }
        let exponent = Double(min(max(retry - 1, 0), 30))
        let window = min(baseDelay * pow(2, exponent), maxDelay)
        return window <= 0 ? 0 : Double.random(in: 0...window)
    }

    /// `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3); `nil` if neither.
    static func parseRetryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds.isFinite {
            return max(seconds, 0)
        }
        for format in httpDateFormats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: value) {
                return max(date.timeIntervalSince(now), 0)
            }
        }
        return nil
    }

    /// IMF-fixdate first; the two obsolete forms recipients must still accept.
    private static let httpDateFormats = [
        "EEE, dd MMM yyyy HH:mm:ss zzz",
        "EEEE, dd-MMM-yy HH:mm:ss zzz",
        "EEE MMM d HH:mm:ss yyyy",
    ]
}
