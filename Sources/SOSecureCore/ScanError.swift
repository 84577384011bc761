/// A problem with one input that is not a finding: unreadable file, syntax error, symlink loop.
public struct ScanError: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        case io
        case syntax
        case encoding
        case config
    }

    public let kind: Kind
    public let path: String
    /// 1-based; nil when the error concerns the whole file.
    public let line: Int?
    /// 1-based, counting UTF-8 bytes like `Finding.start.column`; nil when unknown.
    public let column: Int?
    public let message: String

    public init(kind: Kind, path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.kind = kind
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }
}
