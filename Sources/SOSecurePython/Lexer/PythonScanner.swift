import SOSecureCore

/// An open `(`, `[` or `{`; `{` of an f-string replacement field is marked so `}` closes the field.
struct OpenBracket {
    let byte: UInt8
    let offset: Int
    let isFStringField: Bool
}

/// The tokenizer state machine over UTF-8 bytes. One pass, no allocation per token.
///
/// Layout follows CPython: indentation is measured at the start of each logical line outside brackets,
/// blank and comment-only lines produce nothing, and NEWLINE/INDENT/DEDENT never appear inside brackets.
struct PythonScanner {
    /// CPython's MAXINDENT and MAXLEVEL.
    static let maxIndentLevels = 100
    static let maxBracketDepth = 200

    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    var pos: Int
    var tokens: TokenBuffer
    var comments: [TextRange] = []
    var diagnostics: LexerDiagnostics

    /// Indentation columns with tabs to multiples of 8, and the same with tabs as 1 column (consistency check).
    var indents: [Int] = [0]
    var altIndents: [Int] = [0]
    var atLineStart = true
    /// Whether the current logical line has produced a token, so it needs a NEWLINE.
    var lineHasTokens = false
    var brackets: [OpenBracket] = []
    var reportedBracketOverflow = false

    /// f-strings being scanned, innermost last, and their open replacement fields.
    var fstrings: [FStringMode] = [] {
        didSet { fstringDepth = fstrings.count }
    }
    var fields: [FStringField] = []
    /// `fstrings.count`, kept inline so the main loop's check does not load the array.
    var fstringDepth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, start: Int, diagnostics: LexerDiagnostics) {
        self.bytes = bytes
        self.end = bytes.count
        self.pos = min(start, bytes.count)
        self.diagnostics = diagnostics
        tokens = TokenBuffer(capacity: bytes.count / 4 + 16)
    }

    /// The byte at `index`, or 0 past the end (callers that care about NUL check `index < end`).
    @inline(__always)
    func byte(at index: Int) -> UInt8 {
        index < end ? bytes[index] : 0
    }

    @inline(__always)
    mutating func emit(_ kind: TokenKind, _ start: Int, _ stop: Int) {
        tokens.append(Token(kind: kind, range: TextRange(start: start, end: stop)))
        lineHasTokens = true
    }

    /// NEWLINE, INDENT, DEDENT and end of file do not make a line non-blank.
    @inline(__always)
    mutating func emitLayout(_ kind: TokenKind, _ start: Int, _ stop: Int) {
        tokens.append(Token(kind: kind, range: TextRange(start: start, end: stop)))
    }

    /// Records an error over `start..<stop`, clamped to the text.
    mutating func error(_ message: String, _ start: Int, _ stop: Int) {
        let from = min(start, end)
        diagnostics.report(message, TextRange(start: from, end: max(from, min(stop, end))))
    }

    /// Whether errors are still recorded; checked before building messages on paths that can repeat millions
    /// of times (a file of 10 million `$`).
    var recordsErrors: Bool { diagnostics.acceptsMore }

    func lineNumber(of offset: Int) -> Int {
        diagnostics.lineNumber(of: offset)
    }

    mutating func run() {
        while true {
            if fstringDepth > 0, isScanningFStringLiteral {
                scanFStringLiteral()
                continue
            }
            if atLineStart {
                atLineStart = false
                if brackets.isEmpty { scanIndentation() }
            }
            while pos < end, bytes[pos] == UInt8(ascii: " ") || bytes[pos] == UInt8(ascii: "\t") || bytes[pos] == 0x0C {
                pos += 1
            }
            guard pos < end else {
                finish()
                return
            }
            let c = bytes[pos]
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                scanIdentifierOrPrefixedString()
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                scanNumber()
            case UInt8(ascii: "."):
                if isDigit(byte(at: pos + 1)) { scanNumber() } else { scanOperator(c) }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                scanString(start: pos, quoteAt: pos)
            case UInt8(ascii: "#"):
                scanComment()
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                scanLineBreak()
            case UInt8(ascii: "\\"):
                scanContinuation()
            case 0x80...0xFF:
                scanNonASCII()
            default:
                scanOperator(c)
            }
        }
    }

    mutating func scanComment() {
        let start = pos
        pos = ByteSearch.firstIndex(of: UInt8(ascii: "\n"), or: UInt8(ascii: "\r"), in: bytes, from: pos, to: end)
        comments.append(TextRange(start: start, end: pos))
    }

    mutating func scanLineBreak() {
        let start = pos
        pos += bytes[pos] == UInt8(ascii: "\r") && byte(at: pos + 1) == UInt8(ascii: "\n") ? 2 : 1
        guard brackets.isEmpty else { return }
        if lineHasTokens {
            emitLayout(.newline, start, pos)
            lineHasTokens = false
        }
        atLineStart = true
    }

    /// A backslash must be followed by a line break; the next physical line continues the logical one.
    mutating func scanContinuation() {
        let next = byte(at: pos + 1)
        if next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r") {
            let backslash = pos
            pos += next == UInt8(ascii: "\r") && byte(at: pos + 2) == UInt8(ascii: "\n") ? 3 : 2
            // The continued line must exist.
            if pos >= end { error("unexpected EOF while parsing", backslash + 1, backslash + 1) }
        } else if pos + 1 >= end {
            error("unexpected EOF while parsing", pos, pos + 1)
            emit(.error, pos, pos + 1)
            pos += 1
        } else {
            error("unexpected character after line continuation character", pos, pos + 1)
            emit(.error, pos, pos + 1)
            pos += 1
        }
    }

    /// End of input: close what is open, then NEWLINE (if the last line lacks one), DEDENTs and end of file.
    mutating func finish() {
        while !fstrings.isEmpty {
            abandonFString(at: end)
        }
        if let open = brackets.last {
            error("'\(Character(Unicode.Scalar(open.byte)))' was never closed", open.offset, open.offset + 1)
            brackets.removeAll()
        }
        if lineHasTokens {
            emitLayout(.newline, end, end)
            lineHasTokens = false
        }
        for _ in 1..<min(indents.count, Self.maxIndentLevels) {
            emitLayout(.dedent, end, end)
        }
        emitLayout(.endOfFile, end, end)
    }
}

@inline(__always)
func isDigit(_ byte: UInt8) -> Bool {
    byte &- UInt8(ascii: "0") < 10
}

@inline(__always)
func isASCIIIdentifierContinue(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "_"):
        return true
    default:
        return false
    }
}
