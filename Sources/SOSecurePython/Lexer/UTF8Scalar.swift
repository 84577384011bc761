/// Strict UTF-8 decoding (Unicode table 3-7: no overlongs, no surrogates, nothing past U+10FFFF).
enum UTF8Scalar {
    enum Failure {
        case invalidStartByte, invalidContinuationByte, truncated

        var explanation: String {
            switch self {
            case .invalidStartByte: return "invalid start byte"
            case .invalidContinuationByte: return "invalid continuation byte"
            case .truncated: return "unexpected end of data"
            }
        }
    }

    /// Decodes the non-ASCII scalar starting at `index`; `end` bounds the read.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> (scalar: Unicode.Scalar, length: Int)? {
        let (length, failure) = validate(bytes, at: index, end: end)
        guard failure == nil else { return nil }
        return Unicode.Scalar(value(bytes, at: index, length: length)).map { ($0, length) }
    }

    /// Length of the valid sequence at `index`, or why it is not valid (then `length` is 1).
    @inline(__always)
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> (length: Int, failure: Failure?) {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0x00...0x7F: return (1, nil)
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return (1, .invalidStartByte)
        }
        for position in 1..<length {
            guard index + position < end else { return (1, .truncated) }
            let byte = bytes[index + position]
            let (min, max) = position == 1 ? (low, high) : (0x80, 0xBF)
            guard byte >= min, byte <= max else { return (1, .invalidContinuationByte) }
        }
        return (length, nil)
    }

    @inline(__always)
    private static func value(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> UInt32 {
        let lead = UInt32(bytes[index])
        switch length {
        case 2: return (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        case 3: return (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
        default:
            return (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
        }
    }

    /// Appends the UTF-8 encoding of `scalar`.
    static func append(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | (scalar >> 12) & 0x3F))
            output.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
