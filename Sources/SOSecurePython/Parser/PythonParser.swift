import SOSecureCore

/// The result of parsing one file: always a module (every statement that parsed)
/// plus every syntax error found, lexer and parser errors merged by position.
public struct ParseResult: Sendable {
    public let file: SourceFile
    /// The UTF-8 text that was parsed (the lexer's decoded text).
    public let text: [UInt8]
    /// Line index over `text`.
    public let lineIndex: LineIndex
    public let module: Module
    /// Sorted by position.
    public let errors: [PythonSyntaxError]
    public let comments: [TextRange]

    public init(file: SourceFile, text: [UInt8], lineIndex: LineIndex, module: Module,
                errors: [PythonSyntaxError], comments: [TextRange]) {
        self.file = file
        self.text = text
        self.lineIndex = lineIndex
        self.module = module
        self.errors = errors
        self.comments = comments
    }
}

/// Python 3.12 parser: hand-written recursive descent that accepts exactly what
/// CPython's `ast.parse` accepts and recovers after errors.
public enum PythonParser {
    /// Parses on a large-stack thread so deep nesting cannot overflow the caller's stack.
    public static func parse(_ file: SourceFile) -> ParseResult {
        LargeStackThread.run { parseOnCurrentThread(file) }
    }

    public static func parse(_ source: String, path: String = "<string>") -> ParseResult {
        parse(SourceFile(path: path, text: source))
    }

    /// Parses on the calling thread; the caller guarantees enough stack (about 16 MB).
    public static func parseOnCurrentThread(_ file: SourceFile) -> ParseResult {
        let lexed = PythonLexer.tokenize(file)
        var parser = Parser(tokens: lexed.tokens, text: lexed.text, lineIndex: lexed.lineIndex)
        let body = parser.parseModule()
        let errors = mergeErrors(lexer: lexed.errors, parser: parser, lineIndex: lexed.lineIndex)
        return ParseResult(file: file, text: lexed.text, lineIndex: lexed.lineIndex, module: Module(body: body),
                           errors: errors, comments: lexed.comments)
    }

    /// Lexer errors first; a parser error at a place the lexer already reported
    /// (an error token, or the same start) is the same problem seen twice.
    static func mergeErrors(lexer: [PythonSyntaxError], parser: Parser, lineIndex: LineIndex) -> [PythonSyntaxError] {
        if parser.diagnostics.isEmpty { return lexer }
        var reportedStarts = Set(lexer.map(\.range.start))
        for token in parser.tokens where token.kind == .error {
            reportedStarts.insert(token.range.start)
        }
        var errors = lexer
        for diagnostic in parser.diagnostics where !reportedStarts.contains(diagnostic.range.start) {
            reportedStarts.insert(diagnostic.range.start)
            errors.append(PythonSyntaxError(message: diagnostic.message, range: diagnostic.range,
                                            location: lineIndex.location(of: diagnostic.range.start)))
        }
        return errors.enumerated().sorted { lhs, rhs in
            (lhs.element.range.start, lhs.offset) < (rhs.element.range.start, rhs.offset)
        }.map(\.element)
    }
}
