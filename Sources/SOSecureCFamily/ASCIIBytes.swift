/// Byte-level text comparisons the lexers and the rule engine share: a token's bytes against a word,
/// without building a String, and the ASCII-only case folding PHP names and case-insensitive keyword
/// sets use.
public enum ASCIIBytes {
    /// The byte with an ASCII capital letter lowercased; every other byte as it is.
    @inline(__always)
    public static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// Whether `bytes[range]` spells `text` exactly.
    public static func equal(_ bytes: [UInt8], _ range: Range<Int>, _ text: String) -> Bool {
        let utf8 = text.utf8
        guard range.count == utf8.count else { return false }
        return utf8.withContiguousStorageIfAvailable { $0.elementsEqual(bytes[range]) } ?? utf8.elementsEqual(bytes[range])
    }

    /// Whether `bytes[range]` spells `text` with ASCII letters of either case.
    public static func equalIgnoringCase(_ bytes: [UInt8], _ range: Range<Int>, _ text: String) -> Bool {
        guard range.count == text.utf8.count else { return false }
        return zip(text.utf8, bytes[range]).allSatisfy { lowercased($0) == lowercased($1) }
    }
}
