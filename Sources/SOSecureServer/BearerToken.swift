/// The optional shared secret clients send as `Authorization: Bearer <token>`.
public struct BearerToken: Sendable {
    private let expected: [UInt8]

    /// Nil for an empty token: an empty secret would let anyone in, so it means "no auth" explicitly.
    public init?(_ token: String?) {
        guard let token, !token.isEmpty else { return nil }
        expected = Array(token.utf8)
    }

    /// Whether an `Authorization` header value carries the token. The comparison touches every byte of
    /// the longer input whatever the first difference, so response time does not reveal a matching prefix.
    public func accepts(authorization header: String?) -> Bool {
        guard let header else { return false }
        let bytes = Array(header.utf8)
        let scheme = Array("bearer ".utf8)
        guard bytes.count >= scheme.count,
              zip(bytes.prefix(scheme.count), scheme).allSatisfy({ ($0 | 0x20) == $1 }) else { return false }
        var offered = bytes.dropFirst(scheme.count)
        while offered.first == UInt8(ascii: " ") { offered = offered.dropFirst() }
        return Self.constantTimeEqual(Array(offered), expected)
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt(truncatingIfNeeded: lhs.count ^ rhs.count)
        let length = max(lhs.count, rhs.count)
        for index in 0..<length {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= UInt(left ^ right)
        }
        return difference == 0
    }
}
