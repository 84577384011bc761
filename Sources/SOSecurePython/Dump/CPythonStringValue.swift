import SOSecureCore

/// Recovers the exact code points of a str constant. A Swift `String` cannot hold
/// the lone surrogates Python allows (`'\ud800'`), so the AST stores U+FFFD there;
/// the dump re-decodes the literal's source when it sees one.
enum CPythonStringValue {
    static func codePoints(of value: String, range: TextRange, text: [UInt8]) -> [UInt32] {
        let stored = value.unicodeScalars.map(\.value)
        guard stored.contains(0xFFFD), range.start >= 0, range.end <= text.count, range.start < range.end,
              let exact = redecode(Array(text[range.start..<range.end])) else {
            return stored
        }
        return exact
    }

    /// Decodes every plain string token of a source fragment, concatenated.
    private static func redecode(_ fragment: [UInt8]) -> [UInt32]? {
        let lexed = PythonLexer.tokenize(SourceFile(path: "<literal>", bytes: fragment))
        var sink = CodePointSink()
        for token in lexed.tokens {
            switch token.kind {
            case .string:
                let prefix = StringPrefix(lexed.text, start: token.range.start, end: token.range.end)
                guard !prefix.isBytes else { return nil }
                let (start, end) = prefix.contentRange(lexed.text, token.range)
                StringLiteral.decodeString(lexed.text, start, end, raw: prefix.isRaw, fstring: false,
                                           into: &sink) { _ in }
            case .fstringStart:
                return nil
            default:
                continue
            }
        }
        return sink.codePoints
    }
}
