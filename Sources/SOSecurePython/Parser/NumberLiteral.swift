import SOSecureCore

/// Converts NUMBER token text to a `ConstantValue`.
enum NumberLiteral {
    enum Outcome {
        case success(ConstantValue)
        case failure(String)
    }

    /// CPython 3.11+ refuses to convert decimal literals longer than this at parse time.
    static let maxDecimalDigits = 4_300

    static func parse(_ text: [UInt8], _ range: TextRange) -> Outcome {
        // Fast path: short plain decimal integers, the vast majority of literals.
        if range.length <= 15, range.length > 0 {
            var plain = true
            for index in range.start..<range.end where !(text[index] >= UInt8(ascii: "0") && text[index] <= UInt8(ascii: "9")) {
                plain = false
                break
            }
            if plain, range.length == 1 || text[range.start] != UInt8(ascii: "0") {
                return .success(.int(String(decoding: text[range.start..<range.end], as: UTF8.self)))
            }
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(range.length)
        for index in range.start..<range.end where text[index] != UInt8(ascii: "_") {
            digits.append(text[index])
        }
        guard let last = digits.last else { return .failure("invalid decimal literal") }
        if last == UInt8(ascii: "j") || last == UInt8(ascii: "J") {
            digits.removeLast()
            guard let value = Double(String(decoding: digits, as: UTF8.self)) else {
                return .failure("invalid imaginary literal")
            }
            return .success(.imaginary(value))
        }
        if digits.count > 1, digits[0] == UInt8(ascii: "0") {
            switch digits[1] {
            case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "o"), UInt8(ascii: "O"),
                 UInt8(ascii: "b"), UInt8(ascii: "B"):
                guard digits.count > 2 else { return .failure("invalid \(baseName(digits[1])) literal") }
                return .success(.int(String(decoding: digits, as: UTF8.self)))
            default:
                break
            }
        }
        let isFloat = digits.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        if isFloat {
            guard let value = Double(String(decoding: digits, as: UTF8.self)) else {
                return .failure("invalid float literal")
            }
            return .success(.float(value))
        }
        guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return .failure("invalid decimal literal")
        }
        if digits.count > 1, digits[0] == UInt8(ascii: "0"), digits.contains(where: { $0 != UInt8(ascii: "0") }) {
            return .failure("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
        }
        if digits.count > maxDecimalDigits {
            return .failure("Exceeds the limit (\(maxDecimalDigits) digits) for integer string conversion: value has \(digits.count) digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.")
        }
        return .success(.int(String(decoding: digits, as: UTF8.self)))
    }

    private static func baseName(_ letter: UInt8) -> String {
        switch letter {
        case UInt8(ascii: "x"), UInt8(ascii: "X"): return "hexadecimal"
        case UInt8(ascii: "o"), UInt8(ascii: "O"): return "octal"
        default: return "binary"
        }
    }
}
