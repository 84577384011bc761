import SOSecureCore

/// Everything the lexer learned about one file: tokens, comments and errors over the decoded text.
public struct LexResult: Sendable {
    /// The UTF-8 text that was tokenized. For UTF-8 input (with or without BOM) this is the file's bytes unchanged,
    /// so token offsets are file offsets. For a PEP 263 non-UTF-8 encoding it is the input transcoded to UTF-8.
    public let text: [UInt8]
    /// Always ends with `.endOfFile`.
    public let tokens: [Token]
    /// Every `#...` comment, `#` included, line break excluded.
    public let comments: [TextRange]
    /// Sorted by position.
    public let errors: [PythonSyntaxError]
    /// Over `text`.
    public let lineIndex: LineIndex
    /// The encoding `text` was decoded from, e.g. "utf-8", "latin-1".
    public let encoding: String

    public init(
        text: [UInt8], tokens: [Token], comments: [TextRange], errors: [PythonSyntaxError],
        lineIndex: LineIndex, encoding: String
    ) {
        self.text = text
        self.tokens = tokens
        self.comments = comments
        self.errors = errors
        self.lineIndex = lineIndex
        self.encoding = encoding
    }
}
