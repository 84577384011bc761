extension PythonScanner {
    /// A name, a keyword, or the prefix of a string (`rb"..."`, `f'...'`).
    mutating func scanIdentifierOrPrefixedString() {
        let start = pos
        var p = pos + 1
        while isASCIIIdentifierContinue(byte(at: p)) { p += 1 }
        if p < end, bytes[p] >= 0x80 { p = scanUnicodeIdentifierTail(from: p) }
        let length = p - start
        let next = byte(at: p)
        if length <= 2, next == UInt8(ascii: "\"") || next == UInt8(ascii: "'"), let prefix = stringPrefix(start, length) {
            if prefix.isFormatted {
                startFString(start: start, quoteAt: p, raw: prefix.isRaw)
            } else {
                scanString(start: start, quoteAt: p)
            }
            return
        }
        finishIdentifier(start, p)
    }

    /// A character >= 0x80 outside strings and comments: an identifier start, an invalid character, or bad UTF-8.
    mutating func scanNonASCII() {
        let start = pos
        guard let (scalar, length) = UTF8Scalar.decode(bytes, at: start, end: end) else {
            // Invalid UTF-8 was reported by the decoder; swallow the whole run of undecodable bytes.
            var p = start + 1
            while p < end, bytes[p] >= 0x80, UTF8Scalar.decode(bytes, at: p, end: end) == nil { p += 1 }
            emit(.error, start, p)
            pos = p
            return
        }
        if scalar.properties.isXIDStart {
            finishIdentifier(start, scanUnicodeIdentifierTail(from: start + length))
            return
        }
        if recordsErrors { error(Self.invalidCharacterMessage(scalar), start, start + length) }
        emit(.error, start, start + length)
        pos = start + length
    }

    /// CPython's wording: printable characters are quoted, others shown only by code point.
    static func invalidCharacterMessage(_ scalar: Unicode.Scalar) -> String {
        var code = String(scalar.value, radix: 16, uppercase: true)
        if code.count < 4 { code = String(repeating: "0", count: 4 - code.count) + code }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return "invalid non-printable character U+\(code)"
        case .spaceSeparator where scalar != " ":
            return "invalid non-printable character U+\(code)"
        default:
            return "invalid character '\(Character(scalar))' (U+\(code))"
        }
    }

    /// Continues an identifier over ASCII and XID_Continue characters.
    private func scanUnicodeIdentifierTail(from index: Int) -> Int {
        var p = index
        while p < end {
            let c = bytes[p]
            if c < 0x80 {
                guard isASCIIIdentifierContinue(c) else { break }
                p += 1
            } else if let (scalar, length) = UTF8Scalar.decode(bytes, at: p, end: end), scalar.properties.isXIDContinue {
                p += length
            } else {
                break
            }
        }
        return p
    }

    private mutating func finishIdentifier(_ start: Int, _ stop: Int) {
        if let keyword = KeywordLookup.keyword(bytes, start, stop - start) {
            emit(.keyword(keyword), start, stop)
        } else {
            emit(.name, start, stop)
        }
        pos = stop
    }

    /// Valid prefixes: r, u, b, br, rb, f, fr, rf in any case; `u` combines with nothing.
    private func stringPrefix(_ start: Int, _ length: Int) -> (isRaw: Bool, isFormatted: Bool)? {
        var raw = false
        var bytesPrefix = false
        var formatted = false
        var unicode = false
        for index in start..<start + length {
            switch bytes[index] | 0x20 {
            case UInt8(ascii: "r") where !raw: raw = true
            case UInt8(ascii: "b") where !bytesPrefix: bytesPrefix = true
            case UInt8(ascii: "f") where !formatted: formatted = true
            case UInt8(ascii: "u") where !unicode: unicode = true
            default: return nil
            }
        }
        if unicode && length > 1 { return nil }
        if bytesPrefix && formatted { return nil }
        return (raw, formatted)
    }
}
