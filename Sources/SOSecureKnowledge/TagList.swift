/// Stack Exchange tags in either dump spelling: `<python><flask>` (older dumps) or `|python|flask|` (newer).
enum TagList {
    static func parse(_ raw: String) -> [String] {
        var tags: [String] = []
        var copy = raw
        copy.withUTF8 { bytes in
            var start = 0
            func flush(_ end: Int) {
                if end > start {
                    let tag = lowercased(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                    if !tags.contains(tag) { tags.append(tag) }
                }
                start = end + 1
            }
            for (index, byte) in bytes.enumerated() {
                switch byte {
                case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: " "), UInt8(ascii: ","): flush(index)
                default: break
                }
            }
            flush(bytes.count)
        }
        return tags
    }

    /// ASCII tags are lowercased on bytes; others through `String.lowercased()`.
    private static func lowercased(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self).lowercased() }
        return String(unsafeUninitializedCapacity: bytes.count) { output in
            for (index, byte) in bytes.enumerated() { output[index] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
            return bytes.count
        }
    }

    /// Storage form `|a|b|`: a single `LIKE '%|tag|%'` finds a tag without false prefixes.
    static func encode(_ tags: [String]) -> String {
        tags.isEmpty ? "" : "|" + tags.joined(separator: "|") + "|"
    }
}
