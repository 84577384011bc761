/// The lexer's answer: every token in source order (comments included) and the problems found.
public struct LexedSource: Sendable {
    /// Tokens in source order. Every byte of the input is inside exactly one token or is whitespace
    /// (space, tab, CR, LF, form feed, vertical tab).
    public let tokens: [Token]
    /// Unterminated literals and comments, in source order. Each one's range starts at the opening
    /// delimiter; lexing went on after it.
    public let diagnostics: [CFamilyDiagnostic]

    public init(tokens: [Token], diagnostics: [CFamilyDiagnostic]) {
        self.tokens = tokens
        self.diagnostics = diagnostics
    }
}
