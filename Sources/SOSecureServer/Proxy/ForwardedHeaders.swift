import Foundation
import HTTPTypes
import NIOHTTP1

/// Which headers cross the proxy. End-to-end headers — `Authorization`, API keys, content type — pass
/// through untouched in both directions; hop-by-hop headers (RFC 9110 §7.6.1, plus any the
/// `Connection` header names) and the framing the HTTP libraries set themselves do not.
enum ForwardedHeaders {
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade",
    ]

    /// Recomputed for the new hop, or meaningless on it.
    static let framing: Set<String> = ["host", "content-length", "expect"]

    /// The client's headers for the upstream request. `dropEncoding` asks for an uncompressed answer
    /// when the proxy has to read it.
    static func request(_ fields: HTTPFields, dropEncoding: Bool) -> HTTPHeaders {
        let named = connectionNamed(fields[values: .connection])
        var headers = HTTPHeaders()
        for field in fields {
            let name = field.name.canonicalName
            if hopByHop.contains(name) || framing.contains(name) || named.contains(name) { continue }
            if dropEncoding && name == "accept-encoding" { continue }
            headers.add(name: field.name.rawName, value: field.value)
        }
        return headers
    }

    /// The upstream's headers for the client. `rewritten` drops those that describe the upstream's bytes
    /// when the proxy sends different ones.
    static func response(_ headers: HTTPHeaders, rewritten: Bool) -> HTTPFields {
        let named = connectionNamed(headers[canonicalForm: "connection"].map(String.init))
        var fields = HTTPFields()
        for (name, value) in headers {
            let lowered = name.lowercased()
            if hopByHop.contains(lowered) || framing.contains(lowered) || named.contains(lowered) { continue }
            if rewritten && (lowered == "content-encoding" || lowered == "content-md5" || lowered == "etag") { continue }
            guard let fieldName = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: fieldName, value: value))
        }
        return fields
    }

    private static func connectionNamed(_ values: [String]) -> Set<String> {
        Set(values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
    }
}
