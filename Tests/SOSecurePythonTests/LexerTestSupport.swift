import SOSecureCore
import SOSecurePython

/// Short, readable token descriptions for lexer tests: `NAME x`, `OP +=`, `KW if`, `NEWLINE`, ...
enum LexerTestSupport {
    static func lex(_ source: String) -> LexResult {
        PythonLexer.tokenize(SourceFile(path: "test.py", text: source))
    }

    static func lex(bytes: [UInt8]) -> LexResult {
        PythonLexer.tokenize(SourceFile(path: "test.py", bytes: bytes))
    }

    static func describe(_ token: Token, in result: LexResult) -> String {
        let text = String(decoding: result.text[token.range.start..<token.range.end], as: UTF8.self)
        switch token.kind {
        case .name: return "NAME \(text)"
        case let .keyword(keyword): return "KW \(keyword.rawValue)"
        case .number: return "NUMBER \(text)"
        case .string: return "STRING \(text)"
        case .fstringStart: return "FSTART \(text)"
        case .fstringMiddle: return "FMIDDLE \(text)"
        case .fstringEnd: return "FEND \(text)"
        case let .punctuation(punctuation): return "OP \(punctuation.rawValue)"
        case .newline: return "NEWLINE"
        case .indent: return "INDENT"
        case .dedent: return "DEDENT"
        case .endOfFile: return "EOF"
        case .error: return "ERROR \(text)"
        }
    }

    /// Every token described, end of file included.
    static func tokens(_ source: String) -> [String] {
        let result = lex(source)
        return result.tokens.map { describe($0, in: result) }
    }

    /// Errors as "line:column: message".
    static func errors(_ source: String) -> [String] {
        lex(source).errors.map(\.description)
    }
}
