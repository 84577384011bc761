extension PythonScanner {
    /// Integer, float and imaginary literals, with CPython's checks on underscores, leading zeros and what
    /// may follow a number. On error the rest of the alphanumeric run becomes one `.error` token.
    mutating func scanNumber() {
        let start = pos
        switch scanNumberEnd(start) {
        case let .success(stop):
            emit(.number, start, stop)
            pos = stop
        case let .failure(failure):
            if recordsErrors { error(failure.problem.message, failure.at, failure.through ?? failure.at + 1) }
            var stop = max(failure.at, start + 1)
            while stop < end, isASCIIIdentifierContinue(bytes[stop]) || bytes[stop] == UInt8(ascii: ".") { stop += 1 }
            emit(.error, start, stop)
            pos = stop
        }
    }

    /// What is wrong with a number; the message is built only when the error is recorded.
    enum NumberProblem {
        case invalid(kind: StaticString)
        case invalidDigit(UInt8, kind: StaticString)
        case leadingZeros

        var message: String {
            switch self {
            case let .invalid(kind): return "invalid \(kind) literal"
            case let .invalidDigit(digit, kind): return "invalid digit '\(Character(Unicode.Scalar(digit)))' in \(kind) literal"
            case .leadingZeros:
                return "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"
            }
        }
    }

    struct NumberFailure: Error {
        let problem: NumberProblem
        /// Offset the error points at.
        let at: Int
        /// End of the highlighted range (CPython highlights the zeros of `0012`).
        let through: Int?

        init(_ problem: NumberProblem, at: Int, through: Int? = nil) {
            self.problem = problem
            self.at = at
            self.through = through
        }
    }

    private func scanNumberEnd(_ start: Int) -> Result<Int, NumberFailure> {
        var p = start
        if bytes[p] == UInt8(ascii: "0") {
            switch byte(at: p + 1) | 0x20 {
            case UInt8(ascii: "x"):
                return scanRadixDigits(from: p + 2, kind: "hexadecimal") { ($0 &- UInt8(ascii: "0") < 10) || ($0 | 0x20) &- UInt8(ascii: "a") < 6 }
            case UInt8(ascii: "o"):
                return scanRadixDigits(from: p + 2, kind: "octal") { $0 &- UInt8(ascii: "0") < 8 }
            case UInt8(ascii: "b"):
                return scanRadixDigits(from: p + 2, kind: "binary") { $0 &- UInt8(ascii: "0") < 2 }
            default:
                break
            }
            // Zeros (with single underscores) may be followed by digits only if this turns out to be a float.
            var sawNonZero = false
            while byte(at: p) == UInt8(ascii: "0") {
                p += 1
                if byte(at: p) == UInt8(ascii: "_") {
                    p += 1
                    guard isDigit(byte(at: p)) else { return .failure(NumberFailure(.invalid(kind: "decimal"), at: p - 1)) }
                }
            }
            let zerosEnd = p
            if isDigit(byte(at: p)) {
                sawNonZero = true
                switch scanDecimalTail(from: p) {
                case let .success(next): p = next
                case let .failure(failure): return .failure(failure)
                }
            }
            let c = byte(at: p)
            if c == UInt8(ascii: ".") {
                return scanFraction(from: p + 1)
            }
            if c | 0x20 == UInt8(ascii: "e") { return scanExponent(from: p) }
            if c | 0x20 == UInt8(ascii: "j") { return verifyEnd(p + 1, kind: "imaginary") }
            if sawNonZero {
                return .failure(NumberFailure(.leadingZeros, at: start, through: zerosEnd))
            }
            return verifyEnd(p, kind: "decimal")
        }
        if bytes[p] == UInt8(ascii: ".") {
            return scanFraction(from: p + 1)
        }
        switch scanDecimalTail(from: p) {
        case let .success(next): p = next
        case let .failure(failure): return .failure(failure)
        }
        let c = byte(at: p)
        if c == UInt8(ascii: ".") { return scanFraction(from: p + 1) }
        if c | 0x20 == UInt8(ascii: "e") { return scanExponent(from: p) }
        if c | 0x20 == UInt8(ascii: "j") { return verifyEnd(p + 1, kind: "imaginary") }
        return verifyEnd(p, kind: "decimal")
    }

    /// Digits with single underscores between them; `p` is at a digit.
    private func scanDecimalTail(from start: Int) -> Result<Int, NumberFailure> {
        var p = start
        while true {
            while isDigit(byte(at: p)) { p += 1 }
            guard byte(at: p) == UInt8(ascii: "_") else { return .success(p) }
            p += 1
            guard isDigit(byte(at: p)) else { return .failure(NumberFailure(.invalid(kind: "decimal"), at: p - 1)) }
        }
    }

    /// After the `.` of a float: optional digits, optional exponent, optional `j`.
    private func scanFraction(from start: Int) -> Result<Int, NumberFailure> {
        var p = start
        if isDigit(byte(at: p)) {
            switch scanDecimalTail(from: p) {
            case let .success(next): p = next
            case let .failure(failure): return .failure(failure)
            }
        }
        let c = byte(at: p)
        if c | 0x20 == UInt8(ascii: "e") { return scanExponent(from: p) }
        if c | 0x20 == UInt8(ascii: "j") { return verifyEnd(p + 1, kind: "imaginary") }
        return verifyEnd(p, kind: "decimal")
    }

    /// `p` is at `e`/`E`. Without digits after it (and no sign) the number ends before the `e`, which lets
    /// `1else` lex as `1 else` like CPython.
    private func scanExponent(from e: Int) -> Result<Int, NumberFailure> {
        var p = e + 1
        let c = byte(at: p)
        if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
            p += 1
            guard isDigit(byte(at: p)) else { return .failure(NumberFailure(.invalid(kind: "decimal"), at: p)) }
        } else if !isDigit(c) {
            return verifyEnd(e, kind: "decimal")
        }
        switch scanDecimalTail(from: p) {
        case let .success(next): p = next
        case let .failure(failure): return .failure(failure)
        }
        if byte(at: p) | 0x20 == UInt8(ascii: "j") { return verifyEnd(p + 1, kind: "imaginary") }
        return verifyEnd(p, kind: "decimal")
    }

    /// `0x`, `0o`, `0b` digits: at least one, single underscores allowed before any digit.
    private func scanRadixDigits(from start: Int, kind: StaticString, isRadixDigit: (UInt8) -> Bool) -> Result<Int, NumberFailure> {
        // Octal and binary name the offending decimal digit; every decimal digit is a hexadecimal digit.
        let checksDigits = !isRadixDigit(UInt8(ascii: "9"))
        var p = start
        repeat {
            let afterUnderscore = byte(at: p) == UInt8(ascii: "_")
            if afterUnderscore { p += 1 }
            guard isRadixDigit(byte(at: p)) else {
                let c = byte(at: p)
                if checksDigits, isDigit(c) { return .failure(NumberFailure(.invalidDigit(c, kind: kind), at: p)) }
                // Point at a dangling underscore rather than past it.
                return .failure(NumberFailure(.invalid(kind: kind), at: afterUnderscore ? p - 1 : p))
            }
            while isRadixDigit(byte(at: p)) { p += 1 }
        } while byte(at: p) == UInt8(ascii: "_")
        if checksDigits, isDigit(byte(at: p)) { return .failure(NumberFailure(.invalidDigit(byte(at: p), kind: kind), at: p)) }
        return verifyEnd(p, kind: kind)
    }

    /// What follows a number may not be an ASCII identifier character, except the start of a keyword that can
    /// legally follow a number (`1if x else y`, `0x1for`), which CPython 3.12 accepts with a warning.
    private func verifyEnd(_ p: Int, kind: StaticString) -> Result<Int, NumberFailure> {
        let c = byte(at: p)
        let keywordFollows: Bool
        switch c {
        case UInt8(ascii: "a"): keywordFollows = follows(p + 1, "nd")
        case UInt8(ascii: "e"): keywordFollows = follows(p + 1, "lse")
        case UInt8(ascii: "f"): keywordFollows = follows(p + 1, "or")
        case UInt8(ascii: "i"):
            let next = byte(at: p + 1)
            keywordFollows = next == UInt8(ascii: "f") || next == UInt8(ascii: "n") || next == UInt8(ascii: "s")
        case UInt8(ascii: "n"): keywordFollows = follows(p + 1, "ot")
        case UInt8(ascii: "o"): keywordFollows = follows(p + 1, "r")
        default: keywordFollows = false
        }
        if !keywordFollows, isASCIIIdentifierContinue(c) {
            return .failure(NumberFailure(.invalid(kind: kind), at: p))
        }
        return .success(p)
    }

    private func follows(_ p: Int, _ text: StaticString) -> Bool {
        let expected = text.utf8Start
        for index in 0..<text.utf8CodeUnitCount where byte(at: p + index) != expected[index] {
            return false
        }
        return true
    }
}
