/// A problem with one input that is not a finding: unreadable file, syntax error, discovery failure.
public struct FileIssue: Sendable, Hashable {
    public enum Kind: String, Sendable { case io, syntax, encoding, config }

    public let kind: Kind
    public let path: String
    public let line: Int?
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
