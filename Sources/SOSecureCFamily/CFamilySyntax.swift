import SOSecureCore

/// One file lexed and nested: what the C-family rule engine works on.
public struct CFamilySyntax: Sendable {
    public let file: SourceFile
    public let dialect: Dialect
    /// Every token, comments included, in source order.
    public let tokens: [Token]
    /// The non-comment tokens nested by brackets, as flat lists.
    public let forest: TokenForest
    /// Lexing and nesting problems, sorted by position.
    public let diagnostics: [CFamilyDiagnostic]

    /// The non-comment tokens nested by brackets, as nested values (built on each call).
    public var trees: [TokenTree] { forest.trees(tokens) }

    public init(file: SourceFile, dialect: Dialect, tokens: [Token], forest: TokenForest, diagnostics: [CFamilyDiagnostic]) {
        self.file = file
        self.dialect = dialect
        self.tokens = tokens
        self.forest = forest
        self.diagnostics = diagnostics
    }

    public static func parse(_ file: SourceFile, dialect: Dialect) -> CFamilySyntax {
        let lexed = CFamilyLexer.lex(file.bytes, dialect: dialect)
        let nested = TokenTreeBuilder.build(lexed.tokens, in: file.bytes)
        let diagnostics = (lexed.diagnostics + nested.diagnostics).sorted { $0.range < $1.range }
        return CFamilySyntax(file: file, dialect: dialect, tokens: lexed.tokens, forest: nested.forest, diagnostics: diagnostics)
    }

    /// Parses with the dialect of the file's extension; nil when the file is not C-family.
    public static func parse(_ file: SourceFile) -> CFamilySyntax? {
        guard let language = file.language, let dialect = Dialect(language: language) else { return nil }
        return parse(file, dialect: dialect)
    }

    /// The token's source text (invalid UTF-8 repaired). Allocates: for comparisons use `tokenEquals`.
    public func text(_ token: Token) -> String {
        file.text(in: token.range)
    }

    /// The token's bytes, without copying.
    public func tokenText(_ token: Token) -> ArraySlice<UInt8> {
        file.bytes[token.range.start..<token.range.end]
    }

    /// Whether the token's text is exactly `text`, compared byte by byte without allocating.
    public func tokenEquals(_ token: Token, _ text: String) -> Bool {
        ASCIIBytes.equal(file.bytes, token.range.start..<token.range.end, text)
    }

    /// Like `tokenEquals`, ignoring ASCII case: PHP keywords and function names (`ECHO`, `System(…)`).
    public func tokenEqualsIgnoringCase(_ token: Token, _ text: String) -> Bool {
        ASCIIBytes.equalIgnoringCase(file.bytes, token.range.start..<token.range.end, text)
    }

    /// Whether the token's text begins with `prefix` (`"sosecure:"` in a comment, `"$_GET"` in PHP).
    public func tokenHasPrefix(_ token: Token, _ prefix: String) -> Bool {
        guard token.range.length >= prefix.utf8.count else { return false }
        return prefix.utf8.elementsEqual(file.bytes[token.range.start..<(token.range.start + prefix.utf8.count)])
    }

    /// The comments, for suppressions (`// sosecure: ignore[…]`).
    public var comments: [Token] { tokens.filter { $0.kind == .comment } }

}
