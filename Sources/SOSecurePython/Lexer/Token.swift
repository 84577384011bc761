import SOSecureCore

/// Python's hard keywords. Soft keywords (`match`, `case`, `type`, `_`) are
/// lexed as names; the parser decides from context.
public enum HardKeyword: String, CaseIterable, Sendable {
    case `false` = "False", none = "None", `true` = "True"
    case and, `as`, assert, async, await, `break`, `class`, `continue`, def, del
    case elif, `else`, except, finally, `for`, from, global, `if`, `import`, `in`, `is`
    case lambda, nonlocal, not, or, pass, raise, `return`, `try`, `while`, with, yield
}

/// Operators and delimiters, named after CPython's token module.
public enum Punctuation: String, CaseIterable, Sendable {
    case lpar = "(", rpar = ")", lsqb = "[", rsqb = "]", lbrace = "{", rbrace = "}"
    case colon = ":", comma = ",", semi = ";", dot = ".", ellipsis = "..."
    case plus = "+", minus = "-", star = "*", slash = "/", vbar = "|", amper = "&"
    case less = "<", greater = ">", equal = "=", percent = "%", tilde = "~", circumflex = "^"
    case equalEqual = "==", notEqual = "!=", lessEqual = "<=", greaterEqual = ">="
    case leftShift = "<<", rightShift = ">>", doubleStar = "**", doubleSlash = "//"
    case plusEqual = "+=", minusEqual = "-=", starEqual = "*=", slashEqual = "/="
    case percentEqual = "%=", amperEqual = "&=", vbarEqual = "|=", circumflexEqual = "^="
    case leftShiftEqual = "<<=", rightShiftEqual = ">>=", doubleStarEqual = "**="
    case doubleSlashEqual = "//=", at = "@", atEqual = "@=", rarrow = "->", colonEqual = ":="
    /// `!` only appears as the conversion marker inside f-string replacement fields.
    case exclamation = "!"
    /// `<>` is only legal under `from __future__ import barry_as_FLUFL`; lexed so the parser can reject it clearly.
    case lessGreater = "<>"
}

/// The kind of a token. Payload-free where possible so tokens stay small;
/// the text of a name or literal is read back from the source through its range.
public enum TokenKind: Hashable, Sendable {
    case name
    case keyword(HardKeyword)
    case number
    /// A complete non-f string literal, prefix and quotes included (`rb'..'`, `"""..."""`).
    case string
    /// The prefix and opening quote of an f-string (`f"`, `rf'''`), PEP 701.
    case fstringStart
    /// Literal text inside an f-string or its format spec. `{{`/`}}` are left as written;
    /// the parser unescapes them.
    case fstringMiddle
    /// The closing quote of an f-string.
    case fstringEnd
    case punctuation(Punctuation)
    /// End of a logical line.
    case newline
    case indent
    case dedent
    case endOfFile
    /// Bytes the lexer could not make sense of; an error has been recorded for them.
    case error
}

public struct Token: Hashable, Sendable {
    public let kind: TokenKind
    /// Byte range in the (UTF-8) source text.
    public let range: TextRange

    public init(kind: TokenKind, range: TextRange) {
        self.kind = kind
        self.range = range
    }
}

/// A syntax error (from the lexer or the parser), always with a position.
public struct PythonSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public let range: TextRange
    /// 1-based line and 1-based UTF-8 column of `range.start`.
    public let location: SourceLocation

    public init(message: String, range: TextRange, location: SourceLocation) {
        self.message = message
        self.range = range
        self.location = location
    }

    public var description: String { "\(location.line):\(location.column): \(message)" }
}
