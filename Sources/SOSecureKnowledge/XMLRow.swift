/// One `<row …/>` element of a Stack Exchange dump: its attributes, already entity-decoded.
/// Names and values live in one byte buffer so a row costs two allocations, whatever its width.
struct XMLRow {
    /// Decoded attribute names and values, back to back.
    var storage: [UInt8] = []
    /// (name start, name end, value start, value end) into `storage`.
    var spans: [(Int, Int, Int, Int)] = []
    /// 1-based line and byte column of the `<` that opens the row.
    var line: Int = 0
    var column: Int = 0

    func valueSpan(_ name: StaticString) -> Range<Int>? {
        let count = name.utf8CodeUnitCount
        let pointer = name.utf8Start
        for (nameStart, nameEnd, valueStart, valueEnd) in spans where nameEnd - nameStart == count {
            var equal = true
            for offset in 0..<count where storage[nameStart + offset] != pointer[offset] {
                equal = false
                break
            }
            if equal { return valueStart..<valueEnd }
        }
        return nil
    }

    func has(_ name: StaticString) -> Bool { valueSpan(name) != nil }

    /// The value as text; invalid UTF-8 is repaired with U+FFFD rather than rejected.
    func string(_ name: StaticString) -> String? {
        guard let span = valueSpan(name) else { return nil }
        return storage.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[span]), as: UTF8.self) }
    }

    /// The value as an integer, or nil when absent or not a (possibly signed) decimal number.
    func int(_ name: StaticString) -> Int? {
        guard let span = valueSpan(name), !span.isEmpty, span.count <= 19 else { return nil }
        var value = 0
        var index = span.lowerBound
        var negative = false
        if storage[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
            if index == span.upperBound { return nil }
        }
        while index < span.upperBound {
            let digit = storage[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
            index += 1
        }
        return negative ? -value : value
    }

    func byteCount(_ name: StaticString) -> Int { valueSpan(name)?.count ?? 0 }

    func withBytes<R>(_ name: StaticString, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard let span = valueSpan(name) else { return nil }
        return storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[span])) }
    }
}

/// Where a reader stands in its stream: enough to restart exactly there.
struct XMLPosition: Hashable, Codable, Sendable {
    /// Byte offset in the (decompressed) stream.
    var offset: Int64
    /// 1-based line and the stream offset at which that line starts.
    var line: Int
    var lineStart: Int64
    /// Open elements at this point (`["posts"]` between rows).
    var openElements: [String]

    static let start = XMLPosition(offset: 0, line: 1, lineStart: 0, openElements: [])
}
