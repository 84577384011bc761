/// A JSON document built in memory and written with sorted keys and two-space indentation.
///
/// The JSON and SARIF reporters write through this instead of `JSONSerialization` so that the
/// bytes are identical on every platform: Foundation's serializers differ between Linux and
/// macOS in how they escape `/`, print doubles, and tell `Bool` from a number-typed `1`.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Pretty-printed text with a trailing newline.
    func rendered() -> String {
        // Built as bytes: appending to a String re-checks its encoding on every piece, and a report of
        // 60,000 findings is tens of megabytes.
        var output: [UInt8] = []
        write(to: &output, indent: 0)
        output.append(UInt8(ascii: "\n"))
        return String(decoding: output, as: UTF8.self)
    }

    private func write(to output: inout [UInt8], indent: Int) {
        switch self {
        case .null:
            output += "null".utf8
        case let .bool(value):
            output += (value ? "true" : "false").utf8
        case let .int(value):
            output += String(value).utf8
        case let .double(value):
            output += Self.number(value).utf8
        case let .string(value):
            Self.writeString(value, to: &output)
        case let .array(items):
            guard !items.isEmpty else { output += "[]".utf8; return }
            output += "[\n".utf8
            for (position, item) in items.enumerated() {
                Self.writeSpaces(indent + 1, to: &output)
                item.write(to: &output, indent: indent + 1)
                output += (position == items.count - 1 ? "\n" : ",\n").utf8
            }
            Self.writeSpaces(indent, to: &output)
            output.append(UInt8(ascii: "]"))
        case let .object(members):
            guard !members.isEmpty else { output += "{}".utf8; return }
            output += "{\n".utf8
            // Keys compare by their UTF-8 bytes, the order `sort` gives in every locale.
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (position, key) in keys.enumerated() {
                Self.writeSpaces(indent + 1, to: &output)
                Self.writeString(key, to: &output)
                output += ": ".utf8
                members[key]!.write(to: &output, indent: indent + 1)
                output += (position == keys.count - 1 ? "\n" : ",\n").utf8
            }
            Self.writeSpaces(indent, to: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeSpaces(_ level: Int, to output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    /// Shortest text that reads back as the same double; JSON has no NaN or infinity, so those are null.
    private static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) + ".0" }
        return String(value)
    }

    /// `value` as a JSON string literal, quotes included.
    static func quoted(_ value: String) -> String {
        var output: [UInt8] = []
        writeString(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func writeString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most strings need no escaping; copy those whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
            output += value.utf8
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case 0x22: output += "\\\"".utf8
            case 0x5C: output += "\\\\".utf8
            case 0x0A: output += "\\n".utf8
            case 0x0D: output += "\\r".utf8
            case 0x09: output += "\\t".utf8
            case 0x08: output += "\\b".utf8
            case 0x0C: output += "\\f".utf8
            case ..<0x20, 0x7F:
                let hex = String(byte, radix: 16, uppercase: true)
                output += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
            default:
                // Bytes of multi-byte scalars are all 0x80 or above and pass through unchanged.
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// An optional value, or `null`.
    static func from<T>(_ value: T?, _ transform: (T) -> JSONValue) -> JSONValue {
        value.map(transform) ?? .null
    }
}

/// JSON string escaping for other modules' hand-written JSON bodies (the server's error replies), so the
/// project has one escaper.
public enum JSONString {
    public static func quoted(_ value: String) -> String { JSONValue.quoted(value) }
}
