extension CFamilyScanner {
    /// `"…"` in its dialect's form: Swift strings, Java text blocks, PHP multi-line strings, the rest
    /// single-line. `start` is where a prefix (`L`, `u8`) begins; the quote is at `start + prefixLength`.
    mutating func scanDoubleQuote(from start: Int, prefixLength: Int) {
        let quote = start + prefixLength
        if rules.swiftStrings {
            scanSwiftString(from: start, hashes: 0)
        } else if rules.textBlocks, byte(quote + 1) == UInt8(ascii: "\""), byte(quote + 2) == UInt8(ascii: "\"") {
            scanTextBlock(from: start)
        } else {
            scanQuoted(from: start, quoteAt: quote, multiLine: rules.multiLineDoubleQuotes, what: "string literal")
        }
    }

    mutating func scanSingleQuote(from start: Int, prefixLength: Int) {
        let what = rules.singleQuote == .character ? "character literal" : "string literal"
        scanQuoted(from: start, quoteAt: start + prefixLength, multiLine: rules.singleQuote == .multiLineString, what: what)
    }

    /// A literal closed by the byte that opened it, with `\` escapes. A single-line one left open ends
    /// before the line break with a diagnostic.
    mutating func scanQuoted(from start: Int, quoteAt quoteIndex: Int, multiLine: Bool, what: String) {
        let quote = bytes[quoteIndex]
        var p = quoteIndex + 1
        while p < end {
            let c = bytes[p]
            if c == quote {
                emitLiteral(start, literalSuffixEnd(after: p + 1))
                return
            }
            if c == UInt8(ascii: "\\") {
                p += 2
                // `\` CR LF is one line continuation.
                if p < end, bytes[p - 1] == 0x0D, bytes[p] == 0x0A { p += 1 }
                continue
            }
            if !multiLine, c == 0x0A || c == 0x0D {
                report("unterminated \(what): expected \(quote == UInt8(ascii: "'") ? "'" : "\"") before the end of the line", start, quoteIndex + 1)
                emitLiteral(start, p)
                return
            }
            p += 1
        }
        if multiLine {
            endUnterminated(.string, start, openerLength: quoteIndex + 1 - start, "unterminated \(what): expected a closing quote")
        } else {
            report("unterminated \(what): expected a closing quote before the end of the file", start, quoteIndex + 1)
            emitLiteral(start, end)
        }
    }

    @inline(__always)
    mutating func emitLiteral(_ start: Int, _ stop: Int) {
        let stop = min(stop, end)
        emit(.string, start, stop)
        pos = stop
        regexAllowed = false
    }

    /// C++ user-defined literal suffixes (`"abc"s`, `"x"_json`) belong to the literal.
    func literalSuffixEnd(after index: Int) -> Int {
        guard rules.cppRawStrings, index < end, isIdentifierStart(bytes[index]) else { return index }
        var p = index
        while p < end, isIdentifierByte(bytes[p]) { p += 1 }
        return p
    }

    /// Go `` `raw` `` and PHP `` `shell` `` strings: no escapes in Go, `\` escapes in PHP; may span lines.
    mutating func scanBackquoteString() {
        let start = pos
        var p = pos + 1
        while p < end {
            let c = bytes[p]
            if c == UInt8(ascii: "`") {
                emitLiteral(start, p + 1)
                return
            }
            p += (c == UInt8(ascii: "\\") && rules.phpVariables) ? 2 : 1
        }
        endUnterminated(.string, start, openerLength: 1, "unterminated raw string: expected '`'")
    }

    /// Java `"""` text block: ends at the next unescaped `"""`.
    mutating func scanTextBlock(from start: Int) {
        var p = start + 3
        while p < end {
            let c = bytes[p]
            if c == UInt8(ascii: "\\") {
                p += 2
                continue
            }
            if c == UInt8(ascii: "\""), byte(p + 1) == UInt8(ascii: "\""), byte(p + 2) == UInt8(ascii: "\"") {
                emitLiteral(start, p + 3)
                return
            }
            p += 1
        }
        endUnterminated(.string, start, openerLength: 3, "unterminated text block: expected '\"\"\"'")
    }

    /// C++ `R"delim(…)delim"` with its prefix; the delimiter is at most 16 bytes without spaces,
    /// parentheses or backslashes. A malformed one is reported and the literal read as an ordinary string.
    mutating func scanCppRawString(from start: Int, prefixLength: Int) {
        let quote = start + prefixLength
        var p = quote + 1
        while p < end, p - quote - 1 <= 16 {
            let c = bytes[p]
            if c == UInt8(ascii: "(") { break }
            if c == UInt8(ascii: " ") || c == UInt8(ascii: ")") || c == UInt8(ascii: "\\") || c == 0x0A || c == 0x0D
                || c == 0x09 || c == 0x0B || c == 0x0C {
                p = end
                break
            }
            p += 1
        }
        guard p < end, bytes[p] == UInt8(ascii: "(") else {
            report("invalid raw string delimiter: expected up to 16 characters and '('", start, quote + 1)
            scanQuoted(from: start, quoteAt: quote, multiLine: false, what: "string literal")
            return
        }
        let delimiter = (quote + 1)..<p
        let delimiterLength = delimiter.count
        var q = p + 1
        while q < end {
            let closingQuote = q + 1 + delimiterLength
            if bytes[q] == UInt8(ascii: ")"), closingQuote < end, bytes[closingQuote] == UInt8(ascii: "\""),
               (0..<delimiterLength).allSatisfy({ bytes[q + 1 + $0] == bytes[delimiter.lowerBound + $0] }) {
                emitLiteral(start, literalSuffixEnd(after: closingQuote + 1))
                return
            }
            q += 1
        }
        endUnterminated(.string, start, openerLength: p + 1 - start, "unterminated raw string: expected ')\(String(decoding: bytes[delimiter], as: UTF8.self))\"'")
    }
}
