extension CFamilyScanner {
    /// A number from a digit or a `.` before a digit: `0x1F`, `0b1010`, `0o17`, `1_000`, `1'000` (C/C++),
    /// `1.5e-3`, `0x1.8p3`, and any suffix (`10UL`, `1.0f`, `10n`, `2i`). Trailing letters stay in the token:
    /// the language's compiler decides whether they are valid, the matcher only needs one number.
    mutating func scanNumber(from start: Int) {
        var p = start
        var isHex = false
        var sawDot = false
        if bytes[p] == UInt8(ascii: "0") {
            switch byte(p + 1) | 0x20 {
            case UInt8(ascii: "x"):
                isHex = true
                p += 2
            case UInt8(ascii: "b"), UInt8(ascii: "o"):
                p += 2
            default:
                break
            }
        }
        scan: while p < end {
            let c = bytes[p]
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "_"):
                p += 1
            case UInt8(ascii: "'"):
                guard rules.digitSeparator == c, p > start, isHexDigit(byte(p + 1)) else { break scan }
                p += 1
            case UInt8(ascii: "."):
                guard !sawDot, acceptsDot(at: p) else { break scan }
                sawDot = true
                p += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let previous = bytes[p - 1] | 0x20
                let exponent = isHex ? previous == UInt8(ascii: "p") : previous == UInt8(ascii: "e")
                guard exponent, isDigit(byte(p + 1)) else { break scan }
                p += 1
            default:
                break scan
            }
        }
        emit(.number, start, p)
        pos = p
        regexAllowed = false
    }

    @inline(__always)
    func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "f"))
    }

    /// A `.` continues a number before a digit; after digits it may also end one (`1.`, `1.f`) except in
    /// Swift and before another `.` (`1...5`, `0..<n`).
    func acceptsDot(at index: Int) -> Bool {
        let next = byte(index + 1)
        if isDigit(next) { return true }
        return rules.trailingDotInNumbers && next != UInt8(ascii: ".")
    }
}
