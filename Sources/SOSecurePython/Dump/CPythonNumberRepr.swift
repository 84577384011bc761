/// Python's `repr` of int, float and imaginary literals.
enum CPythonNumberRepr {
    /// `repr(float)`: shortest round-trip digits, positional when the decimal
    /// exponent is in [-4, 16), otherwise `d.ddde+XX`; `.0` added to integral values.
    static func float(_ value: Double) -> String {
        format(value, addDotZero: true)
    }

    /// `repr(complex(0, value))` for an imaginary literal: like float but without `.0`.
    static func imaginary(_ value: Double) -> String {
        format(value, addDotZero: false) + "j"
    }

    private static func format(_ value: Double, addDotZero: Bool) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        let (digits, pointPosition) = shortestDigits(abs(value))
        if digits.isEmpty { return sign + (addDotZero ? "0.0" : "0") }
        let count = digits.count
        if pointPosition > -4 && pointPosition <= 16 {
            if pointPosition <= 0 {
                return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
            }
            if pointPosition >= count {
                return sign + digits + String(repeating: "0", count: pointPosition - count) + (addDotZero ? ".0" : "")
            }
            let split = digits.index(digits.startIndex, offsetBy: pointPosition)
            return sign + digits[..<split] + "." + digits[split...]
        }
        let exponent = pointPosition - 1
        var mantissa = String(digits.prefix(1))
        if count > 1 { mantissa += "." + digits.dropFirst() }
        let exponentDigits = String(abs(exponent))
        let paddedExponent = exponentDigits.count < 2 ? "0" + exponentDigits : exponentDigits
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + paddedExponent
    }

    /// The shortest round-trip decimal digits of a finite non-negative value and
    /// the position of the decimal point (value = 0.d1d2... x 10^position).
    /// Swift's `description` already produces the shortest round-trip digits.
    static func shortestDigits(_ value: Double) -> (String, Int) {
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var integerPart = mantissa
        var fractionPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = Array(integerPart + fractionPart)
        var position = integerPart.count + exponent
        while let first = digits.first, first == "0" {
            digits.removeFirst()
            position -= 1
        }
        while let last = digits.last, last == "0" { digits.removeLast() }
        return (String(digits), position)
    }

    /// Decimal digits of an integer literal kept as written (`0x1F`, `0o17`, `0b1`, `007`).
    static func integer(_ literal: String) -> String {
        let bytes = Array(literal.utf8)
        var base: UInt32 = 10
        var digitStart = 0
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            switch bytes[1] {
            case UInt8(ascii: "x"), UInt8(ascii: "X"): base = 16
            case UInt8(ascii: "o"), UInt8(ascii: "O"): base = 8
            case UInt8(ascii: "b"), UInt8(ascii: "B"): base = 2
            default: break
            }
            if base != 10 { digitStart = 2 }
        }
        if base == 10 {
            let trimmed = literal.drop { $0 == "0" || $0 == "_" }.filter { $0 != "_" }
            return trimmed.isEmpty ? "0" : String(trimmed)
        }
        // Little-endian base-2^32 limbs, then repeated division by 10^9.
        var limbs: [UInt32] = []
        for byte in bytes[digitStart...] where byte != UInt8(ascii: "_") {
            guard let digit = StringLiteral.hexDigit(byte), UInt32(digit) < base else { continue }
            var carry = UInt64(digit)
            for index in limbs.indices {
                let product = UInt64(limbs[index]) * UInt64(base) + carry
                limbs[index] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            if carry > 0 { limbs.append(UInt32(carry)) }
        }
        if limbs.isEmpty { return "0" }
        var chunks: [UInt32] = []
        while !limbs.isEmpty {
            var remainder: UInt64 = 0
            for index in limbs.indices.reversed() {
                let current = (remainder << 32) | UInt64(limbs[index])
                limbs[index] = UInt32(current / 1_000_000_000)
                remainder = current % 1_000_000_000
            }
            chunks.append(UInt32(remainder))
            while let last = limbs.last, last == 0 { limbs.removeLast() }
        }
        var result = String(chunks[chunks.count - 1])
        for chunk in chunks.dropLast().reversed() {
            let part = String(chunk)
            result += String(repeating: "0", count: 9 - part.count) + part
        }
        return result
    }
}
