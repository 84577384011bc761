import SOSecureCFamily
import SOSecureCore

/// Lexes `source` and returns the tokens as (kind, text) pairs, for compact expectations.
func lexPairs(_ source: String, _ dialect: Dialect) -> [Pair] {
    let bytes = Array(source.utf8)
    return CFamilyLexer.lex(bytes, dialect: dialect).tokens.map { Pair($0.kind, String(decoding: bytes[$0.range.start..<$0.range.end], as: UTF8.self)) }
}

/// The texts of the tokens of one kind.
func texts(_ source: String, _ dialect: Dialect, _ kind: TokenKind) -> [String] {
    lexPairs(source, dialect).filter { $0.kind == kind }.map(\.text)
}

func diagnostics(_ source: String, _ dialect: Dialect) -> [CFamilyDiagnostic] {
    CFamilyLexer.lex(Array(source.utf8), dialect: dialect).diagnostics
}

struct Pair: Equatable, CustomStringConvertible {
    let kind: TokenKind
    let text: String

    init(_ kind: TokenKind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    var description: String { "\(kind) \(text.debugDescription)" }
}

/// Whitespace as the coverage check counts it: everything else must sit inside exactly one token.
func isLexerWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
}

/// Nil when the tokens are in order, do not overlap, and cover every non-whitespace byte; otherwise
/// a message naming the first offending offset.
func coverageProblem(_ bytes: [UInt8], _ tokens: [Token]) -> String? {
    var offset = 0
    for token in tokens {
        if token.range.start < offset { return "token \(token.kind) at \(token.range) overlaps the previous one ending at \(offset)" }
        if token.range.isEmpty { return "empty token \(token.kind) at \(token.range.start)" }
        for index in offset..<token.range.start where !isLexerWhitespace(bytes[index]) {
            return "byte \(bytes[index]) at \(index) is in no token"
        }
        offset = token.range.end
    }
    if offset > bytes.count { return "token past the end: \(offset) > \(bytes.count)" }
    for index in offset..<bytes.count where !isLexerWhitespace(bytes[index]) {
        return "byte \(bytes[index]) at \(index) is in no token"
    }
    return nil
}
