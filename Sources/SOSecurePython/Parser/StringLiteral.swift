import SOSecureCore

/// Receives the decoded content of a string literal. Two sinks exist: one builds
/// UTF-8 for the AST's Swift `String`, the other keeps exact code points
/// (lone surrogates included) for the CPython-compatible dump.
protocol DecodedTextSink {
    /// Raw source bytes copied unchanged (valid UTF-8 from the lexer).
    mutating func appendSource(_ bytes: ArraySlice<UInt8>)
    /// One code point produced by an escape; may be a lone surrogate.
    mutating func appendCodePoint(_ value: UInt32)
}

/// UTF-8 output; a lone surrogate (which a Swift `String` cannot hold) becomes U+FFFD.
struct UTF8TextSink: DecodedTextSink {
    var bytes: [UInt8] = []

    mutating func appendSource(_ source: ArraySlice<UInt8>) { bytes.append(contentsOf: source) }

    mutating func appendCodePoint(_ value: UInt32) {
        let scalar = (0xD800...0xDFFF).contains(value) || value > 0x10FFFF ? 0xFFFD : value
        switch scalar {
        case 0..<0x80:
            bytes.append(UInt8(scalar))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (scalar >> 6)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (scalar >> 12)))
            bytes.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (scalar >> 18)))
            bytes.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}

/// Exact code points, as CPython's `str` holds them.
struct CodePointSink: DecodedTextSink {
    var codePoints: [UInt32] = []

    mutating func appendSource(_ source: ArraySlice<UInt8>) {
        for scalar in String(decoding: source, as: UTF8.self).unicodeScalars {
            codePoints.append(scalar.value)
        }
    }

    mutating func appendCodePoint(_ value: UInt32) { codePoints.append(value) }
}

/// The prefix and quoting of a string token (`rb'''`, `U"`, `f'` ...).
struct StringPrefix {
    var isRaw = false
    var isBytes = false
    var isUnicode = false
    var isFormat = false
    /// Bytes of prefix letters plus opening quotes.
    var openLength = 0
    /// 1 or 3.
    var quoteLength = 1

    /// Reads the prefix and quotes of the token starting at `start`.
    init(_ text: [UInt8], start: Int, end: Int) {
        var index = start
        while index < end {
            switch text[index] {
            case UInt8(ascii: "r"), UInt8(ascii: "R"): isRaw = true
            case UInt8(ascii: "b"), UInt8(ascii: "B"): isBytes = true
            case UInt8(ascii: "u"), UInt8(ascii: "U"): isUnicode = true
            case UInt8(ascii: "f"), UInt8(ascii: "F"): isFormat = true
            default:
                let quote = text[index]
                if index + 2 < end, text[index + 1] == quote, text[index + 2] == quote {
                    quoteLength = 3
                } else {
                    quoteLength = 1
                }
                openLength = index - start + quoteLength
                return
            }
            index += 1
        }
        openLength = end - start
    }

    /// The content of a complete string token (without prefix and quotes). An
    /// unterminated literal (already reported by the lexer) keeps its tail.
    func contentRange(_ text: [UInt8], _ range: TextRange) -> (Int, Int) {
        let contentStart = min(range.start + openLength, range.end)
        guard contentStart > range.start, range.end - quoteLength >= contentStart else { return (contentStart, range.end) }
        let quote = text[contentStart - 1]
        for index in (range.end - quoteLength)..<range.end where text[index] != quote {
            return (contentStart, range.end)
        }
        return (contentStart, range.end - quoteLength)
    }
}

/// Decodes Python string literal contents: escapes, `{{`/`}}` in f-strings, bytes.
enum StringLiteral {
    struct DecodeError: Error {
        let message: String
        /// Offset of the offending escape in the source text.
        let offset: Int
    }

    /// Decodes str content `text[start..<end]`. `fstring` unescapes doubled braces.
    /// Reports the first bad escape through `error` and keeps decoding.
    static func decodeString<Sink: DecodedTextSink>(
        _ text: [UInt8], _ start: Int, _ end: Int, raw: Bool, fstring: Bool,
        into sink: inout Sink, error: (DecodeError) -> Void
    ) {
        var index = start
        var runStart = start
        while index < end {
            let byte = text[index]
            if fstring, byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}"),
               index + 1 < end, text[index + 1] == byte {
                sink.appendSource(text[runStart..<(index + 1)])
                index += 2
                runStart = index
                continue
            }
            guard byte == UInt8(ascii: "\\"), !raw, index + 1 < end else {
                index += 1
                continue
            }
            sink.appendSource(text[runStart..<index])
            let escapeStart = index
            let next = text[index + 1]
            index += 2
            switch next {
            case UInt8(ascii: "\n"):
                break
            case UInt8(ascii: "\r"):
                if index < end, text[index] == UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""):
                sink.appendCodePoint(UInt32(next))
            case UInt8(ascii: "a"): sink.appendCodePoint(7)
            case UInt8(ascii: "b"): sink.appendCodePoint(8)
            case UInt8(ascii: "f"): sink.appendCodePoint(12)
            case UInt8(ascii: "n"): sink.appendCodePoint(10)
            case UInt8(ascii: "r"): sink.appendCodePoint(13)
            case UInt8(ascii: "t"): sink.appendCodePoint(9)
            case UInt8(ascii: "v"): sink.appendCodePoint(11)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(next - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, index < end, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(text[index]) {
                    value = value * 8 + UInt32(text[index] - UInt8(ascii: "0"))
                    index += 1
                    digits += 1
                }
                sink.appendCodePoint(value)
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let width = next == UInt8(ascii: "x") ? 2 : next == UInt8(ascii: "u") ? 4 : 8
                let name = next == UInt8(ascii: "x") ? "\\xXX" : next == UInt8(ascii: "u") ? "\\uXXXX" : "\\UXXXXXXXX"
                guard let value = hexValue(text, index, min(end, index + width), width: width) else {
                    error(unicodeError(text, start, escapeStart, min(end, index + width), "truncated \(name) escape"))
                    index = skipHex(text, index, min(end, index + width))
                    break
                }
                index += width
                if value > 0x10FFFF {
                    error(unicodeError(text, start, escapeStart, index, "illegal Unicode character"))
                    break
                }
                sink.appendCodePoint(value)
            case UInt8(ascii: "N"):
                guard index < end, text[index] == UInt8(ascii: "{"),
                      let close = text[index..<end].firstIndex(of: UInt8(ascii: "}")), close > index + 1 else {
                    error(unicodeError(text, start, escapeStart, index, "malformed \\N character escape"))
                    break
                }
                let name = String(decoding: text[(index + 1)..<close], as: UTF8.self)
                index = close + 1
                guard let value = UnicodeNames.lookup(name) else {
                    error(unicodeError(text, start, escapeStart, index, "unknown Unicode character name"))
                    break
                }
                sink.appendCodePoint(value)
            default:
                // An unknown escape keeps its backslash (CPython only warns).
                sink.appendSource(text[escapeStart..<escapeStart + 1])
                index -= 1
            }
            runStart = index
        }
        sink.appendSource(text[runStart..<end])
    }

    /// Decodes bytes content; non-ASCII source characters are an error.
    static func decodeBytes(_ text: [UInt8], _ start: Int, _ end: Int, raw: Bool,
                            into output: inout [UInt8], error: (DecodeError) -> Void) {
        var index = start
        var reportedNonASCII = false
        while index < end {
            let byte = text[index]
            if byte >= 0x80 {
                if !reportedNonASCII {
                    error(DecodeError(message: "bytes can only contain ASCII literal characters", offset: index))
                    reportedNonASCII = true
                }
                output.append(byte)
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "\\"), !raw, index + 1 < end else {
                output.append(byte)
                index += 1
                continue
            }
            let next = text[index + 1]
            let escapeStart = index
            index += 2
            switch next {
            case UInt8(ascii: "\n"):
                break
            case UInt8(ascii: "\r"):
                if index < end, text[index] == UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): output.append(next)
            case UInt8(ascii: "a"): output.append(7)
            case UInt8(ascii: "b"): output.append(8)
            case UInt8(ascii: "f"): output.append(12)
            case UInt8(ascii: "n"): output.append(10)
            case UInt8(ascii: "r"): output.append(13)
            case UInt8(ascii: "t"): output.append(9)
            case UInt8(ascii: "v"): output.append(11)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(next - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, index < end, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(text[index]) {
                    value = value * 8 + Int(text[index] - UInt8(ascii: "0"))
                    index += 1
                    digits += 1
                }
                output.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "x"):
                guard let value = hexValue(text, index, min(end, index + 2), width: 2) else {
                    error(DecodeError(message: "(value error) invalid \\x escape at position \(escapeStart - start)",
                                      offset: escapeStart))
                    index = skipHex(text, index, min(end, index + 2))
                    break
                }
                output.append(UInt8(value))
                index += 2
            default:
                output.append(UInt8(ascii: "\\"))
                index -= 1
            }
        }
    }

    private static func hexValue(_ text: [UInt8], _ start: Int, _ end: Int, width: Int) -> UInt32? {
        guard end - start == width else { return nil }
        var value: UInt32 = 0
        for index in start..<end {
            guard let digit = hexDigit(text[index]) else { return nil }
            value = value &* 16 &+ UInt32(digit)
        }
        return value
    }

    private static func skipHex(_ text: [UInt8], _ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end, hexDigit(text[index]) != nil { index += 1 }
        return index
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func unicodeError(_ text: [UInt8], _ contentStart: Int, _ escapeStart: Int, _ escapeEnd: Int,
                                     _ reason: String) -> DecodeError {
        let first = escapeStart - contentStart
        let last = max(first, escapeEnd - contentStart - 1)
        return DecodeError(message: "(unicode error) 'unicodeescape' codec can't decode bytes in position \(first)-\(last): \(reason)",
                           offset: escapeStart)
    }
}
