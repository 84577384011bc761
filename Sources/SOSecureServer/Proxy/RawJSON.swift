/// A JSON value read together with the byte range it occupies in its text, so the proxy can replace one
/// string (an answer's `content`) and leave every other byte of the upstream body exactly as it was —
/// key order, number spelling and whitespace included.
struct RawJSON: Sendable {
    enum Kind: Sendable {
        case object([(key: String, value: RawJSON)])
        case array([RawJSON])
        case string(String)
        case number
        case bool(Bool)
        case null
    }

    let kind: Kind
    /// Byte offsets of the value in the text it was read from.
    let range: Range<Int>

    /// The member named `key` of an object (the first one, when a key repeats).
    subscript(key: String) -> RawJSON? {
        guard case let .object(members) = kind else { return nil }
        return members.first { $0.key == key }?.value
    }

    var elements: [RawJSON] {
        if case let .array(items) = kind { return items }
        return []
    }

    var string: String? {
        if case let .string(text) = kind { return text }
        return nil
    }

    var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    /// A whole number's value, read from the text the value was parsed from.
    func int(in bytes: [UInt8]) -> Int? {
        guard case .number = kind else { return nil }
        return Int(String(decoding: bytes[range], as: UTF8.self))
    }

    /// The value exactly as it was spelled.
    func text(in bytes: [UInt8]) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// Reads one JSON document; nil when the bytes are not exactly one well-formed value (with optional
    /// surrounding whitespace). Nesting is bounded so a hostile body cannot exhaust the stack.
    static func parse(_ bytes: [UInt8]) -> RawJSON? {
        var reader = Reader(bytes: bytes)
        guard let value = reader.value(depth: 0) else { return nil }
        reader.skipWhitespace()
        return reader.position == bytes.count ? value : nil
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0
        static let maxDepth = 256

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
        }

        mutating func value(depth: Int) -> RawJSON? {
            guard depth < Self.maxDepth else { return nil }
            skipWhitespace()
            guard position < bytes.count else { return nil }
            let start = position
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                var members: [(key: String, value: RawJSON)] = []
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    return RawJSON(kind: .object(members), range: start..<position)
                }
                while true {
                    skipWhitespace()
                    guard let key = string() else { return nil }
                    skipWhitespace()
                    guard expect(UInt8(ascii: ":")), let member = value(depth: depth + 1) else { return nil }
                    members.append((key, member))
                    skipWhitespace()
                    if expect(UInt8(ascii: ",")) { continue }
                    guard expect(UInt8(ascii: "}")) else { return nil }
                    return RawJSON(kind: .object(members), range: start..<position)
                }
            case UInt8(ascii: "["):
                position += 1
                var items: [RawJSON] = []
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return RawJSON(kind: .array(items), range: start..<position)
                }
                while true {
                    guard let item = value(depth: depth + 1) else { return nil }
                    items.append(item)
                    skipWhitespace()
                    if expect(UInt8(ascii: ",")) { continue }
                    guard expect(UInt8(ascii: "]")) else { return nil }
                    return RawJSON(kind: .array(items), range: start..<position)
                }
            case UInt8(ascii: "\""):
                guard let text = string() else { return nil }
                return RawJSON(kind: .string(text), range: start..<position)
            case UInt8(ascii: "t"):
                guard literal("true") else { return nil }
                return RawJSON(kind: .bool(true), range: start..<position)
            case UInt8(ascii: "f"):
                guard literal("false") else { return nil }
                return RawJSON(kind: .bool(false), range: start..<position)
            case UInt8(ascii: "n"):
                guard literal("null") else { return nil }
                return RawJSON(kind: .null, range: start..<position)
            default:
                guard number() else { return nil }
                return RawJSON(kind: .number, range: start..<position)
            }
        }

        mutating func expect(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        mutating func literal(_ word: String) -> Bool {
            let expected = Array(word.utf8)
            guard position + expected.count <= bytes.count, Array(bytes[position..<position + expected.count]) == expected else { return false }
            position += expected.count
            return true
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
        mutating func number() -> Bool {
            func digits() -> Int {
                let start = position
                while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
                return position - start
            }
            _ = expect(UInt8(ascii: "-"))
            guard position < bytes.count else { return false }
            if bytes[position] == UInt8(ascii: "0") {
                position += 1
            } else if digits() == 0 {
                return false
            }
            if expect(UInt8(ascii: ".")), digits() == 0 { return false }
            if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
                position += 1
                if !expect(UInt8(ascii: "+")) { _ = expect(UInt8(ascii: "-")) }
                if digits() == 0 { return false }
            }
            return true
        }

        /// A string literal at the current position, decoded; escapes include `\uXXXX` surrogate pairs.
        mutating func string() -> String? {
            guard expect(UInt8(ascii: "\"")) else { return nil }
            var decoded: [UInt8] = []
            var runStart = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    decoded += bytes[runStart..<position]
                    position += 1
                    return String(decoding: decoded, as: UTF8.self)
                }
                if byte < 0x20 { return nil }
                guard byte == UInt8(ascii: "\\") else {
                    position += 1
                    continue
                }
                decoded += bytes[runStart..<position]
                position += 1
                guard position < bytes.count else { return nil }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar), position + 1 < bytes.count,
                       bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        let saved = position
                        position += 2
                        if let low = hex4(), (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            position = saved
                        }
                    }
                    // A lone surrogate cannot be spelled in UTF-8; it reads as the replacement character.
                    decoded += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                default:
                    return nil
                }
                runStart = position
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[position..<position + 4] {
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x41 + 10
                case 0x61...0x66: digit = byte - 0x61 + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            position += 4
            return value
        }
    }
}

extension [UInt8] {
    /// These bytes with each range replaced by its text; ranges must not overlap.
    func replacing(_ replacements: [(range: Range<Int>, text: String)]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(count + replacements.reduce(0) { $0 + $1.text.utf8.count })
        var cursor = 0
        for replacement in replacements.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            output += self[cursor..<replacement.range.lowerBound]
            output += replacement.text.utf8
            cursor = replacement.range.upperBound
        }
        output += self[cursor...]
        return output
    }
}
