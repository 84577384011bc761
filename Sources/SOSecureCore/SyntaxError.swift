/// A place where a file does not parse, whatever its language: what is wrong and where. The Python
/// parser's errors and the C-family lexer's diagnostics (an unterminated string, an unbalanced bracket)
/// both come down to this, so the judge and its callers compare them without knowing the language.
public struct SyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    /// Byte offsets into the judged file.
    public let range: TextRange

    public init(message: String, range: TextRange) {
        self.message = message
        self.range = range
    }

    public var description: String { message }
}
