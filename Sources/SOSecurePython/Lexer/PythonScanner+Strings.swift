extension PythonScanner {
    /// A complete non-f string, prefix and quotes included. Backslashes protect the next byte from ending
    /// the string, in raw strings too (a raw string cannot end in an odd number of backslashes).
    mutating func scanString(start: Int, quoteAt quoteOffset: Int) {
        let quote = bytes[quoteOffset]
        if byte(at: quoteOffset + 1) == quote, byte(at: quoteOffset + 2) == quote {
            scanTripleQuotedString(start: start, quoteAt: quoteOffset, quote: quote)
            return
        }
        var p = quoteOffset + 1
        while p < end {
            let c = bytes[p]
            if c == quote {
                emit(.string, start, p + 1)
                pos = p + 1
                return
            }
            if c == UInt8(ascii: "\\") {
                p += byte(at: p + 1) == UInt8(ascii: "\r") && byte(at: p + 2) == UInt8(ascii: "\n") ? 3 : 2
                continue
            }
            if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") { break }
            p += 1
        }
        p = min(p, end)
        if recoverMissingFieldClose(quote: quote, quoteOffset: quoteOffset, tripleQuoted: false) { return }
        error("unterminated string literal (detected at line \(lineNumber(of: p)))", start, quoteOffset + 1)
        emit(.error, start, p)
        pos = p
    }

    private mutating func scanTripleQuotedString(start: Int, quoteAt quoteOffset: Int, quote: UInt8) {
        var p = quoteOffset + 3
        while p < end {
            p = ByteSearch.firstIndex(of: quote, or: UInt8(ascii: "\\"), in: bytes, from: p, to: end)
            guard p < end else { break }
            let c = bytes[p]
            if c == quote {
                if byte(at: p + 1) == quote, byte(at: p + 2) == quote, p + 2 < end {
                    emit(.string, start, p + 3)
                    pos = p + 3
                    return
                }
                p += 1
            } else {
                p += 2
            }
        }
        if recoverMissingFieldClose(quote: quote, quoteOffset: quoteOffset, tripleQuoted: true) { return }
        error("unterminated triple-quoted string literal (detected at line \(lastLineNumber))", start, quoteOffset + 3)
        emit(.error, start, end)
        pos = end
    }

    /// The line CPython names in "detected at line N" at end of input: the line holding the last byte.
    var lastLineNumber: Int {
        lineNumber(of: max(0, end - 1))
    }

    /// Inside an f-string replacement field, an unterminated string that opens with the f-string's own
    /// quote is really the f-string's end with the `}` missing (`f"{x"`). Closes the f-string there.
    private mutating func recoverMissingFieldClose(quote: UInt8, quoteOffset: Int, tripleQuoted: Bool) -> Bool {
        guard let mode = fstrings.last, fields.count > mode.fieldBase,
              mode.quote == quote, mode.tripleQuoted == tripleQuoted
        else { return false }
        error("f-string: expecting '}'", quoteOffset, quoteOffset + 1)
        closeFString(quoteAt: quoteOffset)
        return true
    }
}
