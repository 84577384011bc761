/// Character references: the five XML ones plus numeric references for dump attributes,
/// and the named HTML references Stack Overflow bodies actually use.
enum HTMLEntities {
    /// Decodes the inside of `&…;` under XML rules; nil for anything XML does not define.
    static func decodeXMLEntity(_ body: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        guard let first = body.first else { return nil }
        if first == UInt8(ascii: "#") { return numeric(body) }
        switch body.count {
        case 2:
            if body[0] == UInt8(ascii: "l"), body[1] == UInt8(ascii: "t") { return "<" }
            if body[0] == UInt8(ascii: "g"), body[1] == UInt8(ascii: "t") { return ">" }
        case 3:
            if body[0] == UInt8(ascii: "a"), body[1] == UInt8(ascii: "m"), body[2] == UInt8(ascii: "p") { return "&" }
        case 4:
            if body[0] == UInt8(ascii: "q"), body[1] == UInt8(ascii: "u"), body[2] == UInt8(ascii: "o"), body[3] == UInt8(ascii: "t") { return "\"" }
            if body[0] == UInt8(ascii: "a"), body[1] == UInt8(ascii: "p"), body[2] == UInt8(ascii: "o"), body[3] == UInt8(ascii: "s") { return "'" }
        default:
            break
        }
        return nil
    }

    /// Decodes the inside of `&…;` under HTML rules (a practical subset of named references).
    static func decodeHTMLEntity(_ body: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        if let scalar = decodeXMLEntity(body) { return scalar }
        guard body.count <= 8 else { return nil }
        return htmlNamed[String(decoding: body, as: UTF8.self)]
    }

    /// `&#123;` / `&#x7B;`; invalid code points decode to U+FFFD instead of failing.
    private static func numeric(_ body: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        guard body.count >= 2 else { return nil }
        var value: UInt32 = 0
        let hex = body[1] == UInt8(ascii: "x") || body[1] == UInt8(ascii: "X")
        let digits = body[(hex ? 2 : 1)...]
        if digits.isEmpty || digits.count > 8 { return nil }
        for byte in digits {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value &* (hex ? 16 : 10) &+ digit
        }
        if value == 0 { return "\u{FFFD}" }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    static func appendUTF8(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        let value = scalar.value
        switch value {
        case 0..<0x80:
            output.append(UInt8(value))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (value >> 6)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (value >> 12)))
            output.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (value >> 18)))
            output.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// Decodes HTML references in already-unescaped text (API titles arrive as `&quot;…&quot;`).
    static func decodeHTML(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var output: [UInt8] = []
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { input in
            var index = 0
            while index < input.count {
                let byte = input[index]
                if byte == UInt8(ascii: "&") {
                    var end = index + 1
                    while end < input.count, end - index <= 10, input[end] != UInt8(ascii: ";") { end += 1 }
                    if end < input.count, input[end] == UInt8(ascii: ";"),
                       let scalar = decodeHTMLEntity(UnsafeBufferPointer(rebasing: input[(index + 1)..<end])) {
                        appendUTF8(scalar, to: &output)
                        index = end + 1
                        continue
                    }
                }
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static let htmlNamed: [String: Unicode.Scalar] = [
        "nbsp": " ", "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "hellip": "\u{2026}",
        "mdash": "\u{2014}", "ndash": "\u{2013}", "lsquo": "\u{2018}", "rsquo": "\u{2019}",
        "ldquo": "\u{201C}", "rdquo": "\u{201D}", "laquo": "\u{AB}", "raquo": "\u{BB}",
        "times": "\u{D7}", "divide": "\u{F7}", "deg": "\u{B0}", "middot": "\u{B7}", "bull": "\u{2022}",
        "rarr": "\u{2192}", "larr": "\u{2190}", "euro": "\u{20AC}", "pound": "\u{A3}", "sect": "\u{A7}",
    ]
}
