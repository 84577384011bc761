/// A human-facing position. Lines and columns are 1-based.
/// `column` counts UTF-8 bytes (what terminals and most linters print);
/// `utf16Column` counts UTF-16 code units (what SARIF and LSP expect by default).
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var utf16Column: Int

    public init(line: Int, column: Int, utf16Column: Int) {
        self.line = line
        self.column = column
        self.utf16Column = utf16Column
    }

    public var description: String { "\(line):\(column)" }
}
