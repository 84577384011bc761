import AsyncHTTPClient
import Foundation

/// What went wrong below HTTP, sorted into the few kinds the client treats differently.
///
/// SwiftNIO reports a refused connection as a `NIOConnectionError` wrapping an `IOError` with
/// `ECONNREFUSED`; those types are not part of AsyncHTTPClient's API, so the errno is recognised in
/// the error's reflection, which names it on every platform NIO supports.
enum TransportFailure: Equatable {
    case timedOut
    case refused
    case dropped(String)
    case tooLarge

    init(_ error: Error) {
        if let httpError = error as? HTTPClientError {
            switch httpError {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                self = .timedOut
                return
            default:
                break
            }
        }
        let reflection = String(reflecting: error)
        let lowered = reflection.lowercased()
        if lowered.contains("connection refused") || lowered.contains("econnrefused")
            || lowered.contains("errnocode: \(ECONNREFUSED)")
        {
            self = .refused
        } else if lowered.contains("toomanybytes") {
            self = .tooLarge
        } else {
            self = .dropped(String(describing: error))
        }
    }
}
