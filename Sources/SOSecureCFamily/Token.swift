import SOSecureCore

/// What a C-family token is. Comments are kept as tokens so suppressions can be read,
/// but pattern matching skips them.
public enum TokenKind: Hashable, Sendable {
    case identifier
    case keyword
    case number
    /// A string or char literal, complete (quotes included in the range).
    case string
    /// A JS template literal's text parts and a Swift interpolated string's text parts;
    /// the `${…}` / `\(…)` expressions inside are ordinary tokens between them.
    case stringPart
    case regex
    case punctuation
    case openBracket
    case closeBracket
    /// One C/C++ preprocessor line (`#include <x>`), continuation lines included.
    case preprocessor
    /// A comment. PHP's inline HTML outside `<?php … ?>` (tags included), a leading `#!` line and a
    /// leading byte-order mark are comments too: they are not code, and the matcher skips them the same way.
    case comment
    /// A PHP `$variable` (its text keeps the `$`).
    case variable
    /// Bytes the dialect does not know; kept so nothing is lost.
    case unknown
}

/// Which pair a bracket token belongs to, so trees can be built from tokens alone.
public enum BracketShape: UInt8, Hashable, Sendable {
    /// `(` `)`
    case paren
    /// `[` `]`
    case square
    /// `{` `}`
    case brace
}

/// One token: its kind and the UTF-8 byte range of its text in the source file.
public struct Token: Hashable, Sendable {
    public let kind: TokenKind
    /// The bracket pair of an `.openBracket`/`.closeBracket` token (set by the lexer), nil for other kinds.
    /// A hand-built bracket token without it matches any bracket. Declared before `range` so a token
    /// stays 24 bytes.
    public let bracket: BracketShape?
    public let range: TextRange

    public init(kind: TokenKind, range: TextRange, bracket: BracketShape? = nil) {
        self.kind = kind
        self.bracket = bracket
        self.range = range
    }
}

/// A lexing or nesting problem; lexing and tree building go on after it.
public struct CFamilyDiagnostic: Hashable, Sendable {
    public let range: TextRange
    public let message: String

    public init(range: TextRange, message: String) {
        self.range = range
        self.message = message
    }
}
