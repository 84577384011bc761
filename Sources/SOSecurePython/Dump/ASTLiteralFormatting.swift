/// Python-style spellings of literal values, for the AST printers.
/// Invisible and direction-changing characters are always escaped: a tree viewer exists
/// to show what the code really says, and "Trojan Source" tricks hide in exactly those.
public enum ASTLiteralFormatting {
    /// `repr()` of a constant as Python would print it: `'text'`, `b'\x00'`, `42`, `1e-05`, `2j`, `None`, `Ellipsis`.
    public static func repr(_ value: ConstantValue) -> String {
        switch value {
        case .none: return "None"
        case let .bool(flag): return flag ? "True" : "False"
        case .ellipsis: return "Ellipsis"
        case let .int(literal): return decimalInteger(literal) ?? literal
        case let .float(number): return floatRepr(number)
        case let .imaginary(number): return complexRepr(number)
        case let .string(text): return stringRepr(text)
        case let .bytes(bytes): return bytesRepr(bytes)
        }
    }

    /// Python's `repr(str)`: single quotes unless the text has a `'` and no `"`.
    public static func stringRepr(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if Character(scalar) == quote {
                    result += "\\\(quote)"
                } else if isPrintable(scalar) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += escape(scalar)
                }
            }
        }
        result.append(quote)
        return result
    }

    /// Python's `repr(bytes)`: printable ASCII as is, everything else as `\xNN`.
    public static func bytesRepr(_ bytes: [UInt8]) -> String {
        let hasSingle = bytes.contains(UInt8(ascii: "'"))
        let hasDouble = bytes.contains(UInt8(ascii: "\""))
        let quote: UInt8 = hasSingle && !hasDouble ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        var result = "b" + String(UnicodeScalar(quote))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): result += "\\\\"
            case UInt8(ascii: "\n"): result += "\\n"
            case UInt8(ascii: "\r"): result += "\\r"
            case UInt8(ascii: "\t"): result += "\\t"
            case quote: result += "\\" + String(UnicodeScalar(quote))
            case 0x20..<0x7F: result.unicodeScalars.append(UnicodeScalar(byte))
            default: result += "\\x" + hex(UInt32(byte), digits: 2)
            }
        }
        result += String(UnicodeScalar(quote))
        return result
    }

    /// Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16 on.
    public static func floatRepr(_ value: Double) -> String {
        pythonDigits(value, addPointZero: true)
    }

    /// Python's `repr(complex)` for a pure imaginary literal: `2j`, `1.5j`, `1e+20j`.
    public static func complexRepr(_ imaginary: Double) -> String {
        pythonDigits(imaginary, addPointZero: false) + "j"
    }

    /// A Python integer literal (`0x1F`, `0o17`, `0b1`, `1_000`) in decimal, at any size.
    /// Nil when the text is not an integer literal.
    public static func decimalInteger(_ literal: String) -> String? {
        var text = Substring(literal.filter { $0 != "_" })
        var radix: UInt32 = 10
        if text.count > 2, text.first == "0", let marker = text.dropFirst().first {
            switch marker {
            case "x", "X": radix = 16
            case "o", "O": radix = 8
            case "b", "B": radix = 2
            default: break
            }
            if radix != 10 { text = text.dropFirst(2) }
        }
        guard !text.isEmpty else { return nil }
        // Little-endian limbs of 10^9, multiplied by the radix and added to per digit.
        let limbBase: UInt64 = 1_000_000_000
        var limbs: [UInt64] = [0]
        for character in text {
            guard let digit = character.hexDigitValue, UInt32(digit) < radix else { return nil }
            var carry = UInt64(digit)
            for index in limbs.indices {
                let product = limbs[index] * UInt64(radix) + carry
                limbs[index] = product % limbBase
                carry = product / limbBase
            }
            while carry > 0 {
                limbs.append(carry % limbBase)
                carry /= limbBase
            }
        }
        var result = String(limbs[limbs.count - 1])
        for limb in limbs.dropLast().reversed() {
            let digits = String(limb)
            result += String(repeating: "0", count: 9 - digits.count) + digits
        }
        return result
    }

    /// Characters Python's `str.isprintable()` accepts; also used by the code frame's cousin, the tree printer.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case ..<0x100: return "\\x" + hex(scalar.value, digits: 2)
        case ..<0x10000: return "\\u" + hex(scalar.value, digits: 4)
        default: return "\\U" + hex(scalar.value, digits: 8)
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Re-spells Swift's shortest round-trip digits the way CPython's `float_repr_style='short'` does.
    private static func pythonDigits(_ value: Double, addPointZero: Bool) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        let swiftText = "\(value.magnitude)"
        // Split "d.ddde±x" / "ddd.ddd" into its significant digits and decimal-point position.
        let mantissa: Substring
        var exponent = 0
        if let e = swiftText.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = swiftText[..<e]
            exponent = Int(swiftText[swiftText.index(after: e)...]) ?? 0
        } else {
            mantissa = Substring(swiftText)
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = parts.first.map(String.init) ?? "0"
        let fractionPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = integerPart + fractionPart
        var pointPosition = integerPart.count + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        if digits == "0" { return sign + (addPointZero ? "0.0" : "0") }

        if pointPosition > 16 || pointPosition < -3 {
            let shown = pointPosition - 1
            let rest = digits.dropFirst()
            let exponentDigits = String(abs(shown))
            return sign + String(digits.prefix(1)) + (rest.isEmpty ? "" : "." + rest) + "e" + (shown < 0 ? "-" : "+")
                + (exponentDigits.count < 2 ? "0" : "") + exponentDigits
        }
        if pointPosition <= 0 {
            return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
        }
        if pointPosition >= digits.count {
            let whole = digits + String(repeating: "0", count: pointPosition - digits.count)
            return sign + whole + (addPointZero ? ".0" : "")
        }
        let split = digits.index(digits.startIndex, offsetBy: pointPosition)
        return sign + digits[..<split] + "." + digits[split...]
    }
}
