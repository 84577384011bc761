import SOSecureCore

/// Python 3.12 tokenizer, modelled on CPython's: same tokens, same layout rules, same error messages where it has them.
public enum PythonLexer {
    public static func tokenize(_ file: SourceFile) -> LexResult {
        let decoded = SourceDecoder.decode(file)
        var diagnostics = LexerDiagnostics(text: decoded.text, lineIndex: decoded.lineIndex)
        for issue in decoded.issues {
            diagnostics.report(issue.message, issue.range)
        }
        let (tokens, comments, finalDiagnostics) = decoded.text.withUnsafeBufferPointer { buffer in
            var scanner = PythonScanner(bytes: buffer, start: decoded.contentStart, diagnostics: diagnostics)
            scanner.run()
            return (scanner.tokens.finish(), scanner.comments, scanner.diagnostics)
        }
        return LexResult(
            text: decoded.text, tokens: tokens, comments: comments, errors: finalDiagnostics.sortedErrors(),
            lineIndex: decoded.lineIndex, encoding: decoded.encoding
        )
    }
}
