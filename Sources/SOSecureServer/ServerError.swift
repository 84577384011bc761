import SOSecureReporters
import Foundation
import SOSecureCore

/// An error the API answers with: an HTTP status and the stable `{"error": {"code", "message"}}` body.
public struct ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    /// A short snake_case name a client can switch on; it never changes for a given condition.
    public let code: String
    /// A sentence for people; it names the offending field when there is one.
    public let message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status) \(code): \(message)" }

    /// The response body. Built by hand so the key order and escaping never depend on an encoder.
    public var body: String {
        "{\"error\":{\"code\":\(JSONText.quote(code)),\"message\":\(JSONText.quote(message))}}\n"
    }

    static func invalidJSON(_ message: String) -> ServerError {
        ServerError(status: 400, code: "invalid_json", message: message)
    }

    static func invalidField(_ message: String) -> ServerError {
        ServerError(status: 400, code: "invalid_field", message: message)
    }

    static func unauthorized() -> ServerError {
        ServerError(status: 401, code: "unauthorized", message: "missing or wrong bearer token (send Authorization: Bearer <token>)")
    }

    static func notFound(method: String, path: String) -> ServerError {
        ServerError(status: 404, code: "not_found", message: "no route for \(method) \(path)")
    }

    static func methodNotAllowed(method: String, path: String, allowed: [String]) -> ServerError {
        ServerError(status: 405, code: "method_not_allowed",
                    message: "\(path) does not accept \(method); use \(allowed.joined(separator: " or "))")
    }

    static func payloadTooLarge(limit: Int) -> ServerError {
        ServerError(status: 413, code: "payload_too_large", message: "request body is over the \(limit)-byte limit")
    }

    static func unsupportedMediaType(_ type: String) -> ServerError {
        ServerError(status: 415, code: "unsupported_media_type", message: "content type '\(type)' is not accepted; send application/json")
    }

    static func unknownLanguage(_ name: String, field: String) -> ServerError {
        ServerError(status: 422, code: "unknown_language",
                    message: "field '\(field)': unknown language '\(name)'; expected one of: \(Language.allCases.map(\.rawValue).joined(separator: ", "))")
    }

    /// The named language and the path's extension disagree: scanning as one and fixing as the other would
    /// answer about different programs, so the request is refused.
    static func conflictingLanguage(_ language: Language, path: String, pathLanguage: Language, field: String) -> ServerError {
        ServerError(status: 422, code: "conflicting_language",
                    message: "field '\(field)': language '\(language.rawValue)' but path '\(path)' is \(pathLanguage.rawValue); give one or make them agree")
    }

    static func overloaded() -> ServerError {
        ServerError(status: 503, code: "overloaded", message: "too many requests are waiting for a worker; retry later")
    }

    static func unavailable(_ message: String) -> ServerError {
        ServerError(status: 503, code: "unavailable", message: message)
    }

    static func timeout(seconds: Double) -> ServerError {
        ServerError(status: 504, code: "timeout", message: "the request did not finish within \(JSONText.seconds(seconds)) seconds")
    }

    static func internalError(_ message: String) -> ServerError {
        ServerError(status: 500, code: "internal_error", message: message)
    }
}

/// Small JSON spelling helpers for bodies written by hand.
enum JSONText {
    static func quote(_ text: String) -> String { JSONString.quoted(text) }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
    }
}
