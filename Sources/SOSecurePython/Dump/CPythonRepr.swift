/// Python's `repr` of str and bytes values, byte for byte as CPython 3.11 prints them.
enum CPythonRepr {
    /// `repr(str)`: single quotes unless the text has `'` and no `"`; escapes per `str.isprintable`.
    static func string(_ codePoints: [UInt32], into out: inout [UInt8]) {
        let hasSingle = codePoints.contains(0x27)
        let hasDouble = codePoints.contains(0x22)
        let quote: UInt32 = hasSingle && !hasDouble ? 0x22 : 0x27
        out.append(UInt8(quote))
        for value in codePoints {
            switch value {
            case quote, 0x5C:
                out.append(0x5C)
                out.append(UInt8(value))
            case 0x09: appendASCII("\\t", into: &out)
            case 0x0A: appendASCII("\\n", into: &out)
            case 0x0D: appendASCII("\\r", into: &out)
            case 0..<0x20, 0x7F:
                appendEscape("\\x", value, digits: 2, into: &out)
            case 0x20..<0x7F:
                out.append(UInt8(value))
            default:
                if isPrintable(value), let scalar = Unicode.Scalar(value) {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                } else if value <= 0xFF {
                    appendEscape("\\x", value, digits: 2, into: &out)
                } else if value <= 0xFFFF {
                    appendEscape("\\u", value, digits: 4, into: &out)
                } else {
                    appendEscape("\\U", value, digits: 8, into: &out)
                }
            }
        }
        out.append(UInt8(quote))
    }

    /// `repr(bytes)`: `b'...'` with `\xhh` for everything outside printable ASCII.
    static func bytes(_ value: [UInt8], into out: inout [UInt8]) {
        let hasSingle = value.contains(0x27)
        let hasDouble = value.contains(0x22)
        let quote: UInt8 = hasSingle && !hasDouble ? 0x22 : 0x27
        out.append(UInt8(ascii: "b"))
        out.append(quote)
        for byte in value {
            switch byte {
            case quote, 0x5C:
                out.append(0x5C)
                out.append(byte)
            case 0x09: appendASCII("\\t", into: &out)
            case 0x0A: appendASCII("\\n", into: &out)
            case 0x0D: appendASCII("\\r", into: &out)
            case 0x20..<0x7F: out.append(byte)
            default: appendEscape("\\x", UInt32(byte), digits: 2, into: &out)
            }
        }
        out.append(quote)
    }

    /// CPython 3.11 is built on Unicode 14.0: characters assigned later are
    /// "unassigned" (not printable) there, whatever this Swift runtime knows.
    static let unicodeMajor = 14

    /// `str.isprintable` for one code point: false for categories Cc, Cf, Cs, Co,
    /// Cn, Zl, Zp and Zs (except the ASCII space).
    static func isPrintable(_ value: UInt32) -> Bool {
        if value == 0x20 { return true }
        guard let scalar = Unicode.Scalar(value) else { return false }
        let properties = scalar.properties
        guard let age = properties.age, age.major <= unicodeMajor else { return false }
        switch properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    private static func appendASCII(_ text: StaticString, into out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private static func appendEscape(_ prefix: StaticString, _ value: UInt32, digits: Int, into out: inout [UInt8]) {
        appendASCII(prefix, into: &out)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var shift = (digits - 1) * 4
        while shift >= 0 {
            out.append(hex[Int((value >> UInt32(shift)) & 0xF)])
            shift -= 4
        }
    }
}
