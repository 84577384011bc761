/// One f-string being scanned (PEP 701). Its replacement fields live in `PythonScanner.fields` from `fieldBase` on.
struct FStringMode {
    let quote: UInt8
    let tripleQuoted: Bool
    let raw: Bool
    /// Offset of the prefix, where unterminated-literal errors point.
    let start: Int
    /// `brackets.count` and `fields.count` when the f-string started.
    let bracketBase: Int
    let fieldBase: Int

    var quoteLength: Int { tripleQuoted ? 3 : 1 }
}

/// An open `{...}` replacement field.
struct FStringField {
    /// `brackets.count` right after its `{` was pushed: the field's top level.
    let bracketDepth: Int
    /// After the top-level `:`, the rest up to `}` is format-spec text (with nested fields).
    var inFormatSpec = false
}

extension PythonScanner {
    /// Whether the next bytes are f-string literal text: outside any field of the innermost f-string,
    /// or in a format spec at its field's top level.
    var isScanningFStringLiteral: Bool {
        guard let mode = fstrings.last else { return false }
        guard fields.count > mode.fieldBase else { return true }
        let field = fields[fields.count - 1]
        return field.inFormatSpec && brackets.count == field.bracketDepth
    }

    /// Index in `fields` of the innermost f-string's open field when scanning is at that field's top level.
    var openFieldAtTopLevel: Int? {
        guard let mode = fstrings.last, fields.count > mode.fieldBase else { return nil }
        let index = fields.count - 1
        return brackets.count == fields[index].bracketDepth && !fields[index].inFormatSpec ? index : nil
    }

    mutating func startFString(start: Int, quoteAt quoteOffset: Int, raw: Bool) {
        let quote = bytes[quoteOffset]
        let tripleQuoted = byte(at: quoteOffset + 1) == quote && byte(at: quoteOffset + 2) == quote
        let mode = FStringMode(
            quote: quote, tripleQuoted: tripleQuoted, raw: raw, start: start,
            bracketBase: brackets.count, fieldBase: fields.count)
        emit(.fstringStart, start, quoteOffset + mode.quoteLength)
        pos = quoteOffset + mode.quoteLength
        fstrings.append(mode)
    }

    /// Literal text up to the next `{` field, `}` or closing quote, emitted as one `.fstringMiddle`.
    mutating func scanFStringLiteral() {
        guard let mode = fstrings.last else { return }
        let inFormatSpec = fields.count > mode.fieldBase
        let start = pos
        var p = pos
        while true {
            guard p < end else {
                emitMiddle(start, p)
                pos = p
                abandonFString(at: p)
                return
            }
            let c = bytes[p]
            switch c {
            case mode.quote:
                if mode.tripleQuoted, byte(at: p + 1) != c || byte(at: p + 2) != c {
                    p += 1
                    continue
                }
                emitMiddle(start, p)
                if inFormatSpec { error("f-string: expecting '}'", p, p + 1) }
                closeFString(quoteAt: p)
                return
            case UInt8(ascii: "\\"):
                p = skipEscape(at: p, mode: mode)
            case UInt8(ascii: "{"):
                if !inFormatSpec, byte(at: p + 1) == UInt8(ascii: "{") {
                    p += 2
                    continue
                }
                emitMiddle(start, p)
                openField(at: p)
                return
            case UInt8(ascii: "}"):
                if inFormatSpec {
                    emitMiddle(start, p)
                    pos = p + 1
                    closeField(at: p)
                    return
                }
                if byte(at: p + 1) == UInt8(ascii: "}") {
                    p += 2
                    continue
                }
                error("f-string: single '}' is not allowed", p, p + 1)
                p += 1
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                if mode.tripleQuoted {
                    p += 1
                    continue
                }
                emitMiddle(start, p)
                pos = p
                if inFormatSpec {
                    error("f-string: newlines are not allowed in format specifiers for single quoted f-strings", p, p + 1)
                }
                abandonFString(at: p, reporting: !inFormatSpec)
                return
            default:
                p += 1
            }
        }
    }

    /// Skips a backslash escape in literal text. `{` and `}` after a backslash still open and close fields;
    /// `\N{...}` (non-raw) is a character name, not a field.
    private func skipEscape(at p: Int, mode: FStringMode) -> Int {
        let next = byte(at: p + 1)
        if next == UInt8(ascii: "{") || next == UInt8(ascii: "}") || p + 1 >= end { return p + 1 }
        if next == UInt8(ascii: "\r"), byte(at: p + 2) == UInt8(ascii: "\n") { return p + 3 }
        if !mode.raw, next == UInt8(ascii: "N"), byte(at: p + 2) == UInt8(ascii: "{") {
            var q = p + 3
            while q < end {
                let c = bytes[q]
                if c == UInt8(ascii: "}") { return q + 1 }
                if c == mode.quote || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") { return q }
                q += 1
            }
            return q
        }
        return p + 2
    }

    private mutating func emitMiddle(_ start: Int, _ stop: Int) {
        if stop > start { emit(.fstringMiddle, start, stop) }
    }

    private mutating func openField(at p: Int) {
        if brackets.count >= Self.maxBracketDepth, !reportedBracketOverflow {
            reportedBracketOverflow = true
            error("too many nested parentheses", p, p + 1)
        }
        emit(.punctuation(.lbrace), p, p + 1)
        brackets.append(OpenBracket(byte: UInt8(ascii: "{"), offset: p, isFStringField: true))
        fields.append(FStringField(bracketDepth: brackets.count))
        pos = p + 1
    }

    /// The `}` at `p` closes the innermost field; the caller has moved `pos` past it.
    mutating func closeField(at p: Int) {
        emit(.punctuation(.rbrace), p, p + 1)
        fields.removeLast()
        brackets.removeLast()
    }

    /// The closing quote at `quoteOffset` ends the innermost f-string, closing any fields left open.
    mutating func closeFString(quoteAt quoteOffset: Int) {
        guard let mode = fstrings.popLast() else { return }
        dropOpenParts(of: mode)
        emit(.fstringEnd, quoteOffset, quoteOffset + mode.quoteLength)
        pos = quoteOffset + mode.quoteLength
    }

    /// The innermost f-string has no closing quote (end of line or input): report it at its start and close it
    /// with an empty `.fstringEnd`, so the parser still sees balanced f-string tokens.
    mutating func abandonFString(at p: Int, reporting: Bool = true) {
        guard let mode = fstrings.popLast() else { return }
        if reporting {
            let message = mode.tripleQuoted
                ? "unterminated triple-quoted f-string literal (detected at line \(p >= end ? lastLineNumber : lineNumber(of: p)))"
                : "unterminated f-string literal (detected at line \(lineNumber(of: p)))"
            error(message, mode.start, mode.start + 1)
        }
        dropOpenParts(of: mode)
        emit(.fstringEnd, p, p)
        pos = p
    }

    private mutating func dropOpenParts(of mode: FStringMode) {
        if fields.count > mode.fieldBase { fields.removeSubrange(mode.fieldBase...) }
        if brackets.count > mode.bracketBase { brackets.removeSubrange(mode.bracketBase...) }
    }
}
