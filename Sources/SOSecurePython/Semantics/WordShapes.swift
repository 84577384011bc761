/// A quick test of whether a word can belong to a fixed set, by its length and first byte: most
/// identifiers and call names of a file have a shape no word of the set has, and skip the hashing of a
/// set or dictionary lookup. Never wrong about a member; a yes still needs the real lookup.
public struct WordShapes: Sendable {
    public static let maximumLength = 64
    /// Indexed by length * 128 + first byte; nil turns the test off (see `init`).
    @usableFromInline let table: [Bool]?

    public init<Words: Sequence>(_ words: Words) where Words.Element == String {
        var table = [Bool](repeating: false, count: Self.maximumLength * 128)
        for word in words {
            let bytes = Array(word.utf8)
            // Strings compare by canonical equivalence: `K` (U+004B) equals the Kelvin sign (U+212A), which
            // is longer in UTF-8. A set with `K` or long or non-ASCII words is always searched.
            guard let first = bytes.first, first < 128, bytes.count < Self.maximumLength, !bytes.contains(UInt8(ascii: "K")) else {
                self.table = nil
                return
            }
            table[bytes.count * 128 + Int(first)] = true
        }
        self.table = table
    }

    /// False only when no word of the set can equal `word`: an ASCII first byte (no other character is
    /// equivalent to one, the Kelvin sign aside) and a length that no word starting with it has.
    /// Inlinable, so callers in other modules get it specialized (it runs on every name of a scan).
    @inlinable
    public func mayContain(_ word: String) -> Bool {
        shapeFits(first: word.utf8.first, count: word.utf8.count)
    }

    @inlinable
    public func mayContain(_ word: Substring) -> Bool {
        shapeFits(first: word.utf8.first, count: word.utf8.count)
    }

    @inlinable
    func shapeFits(first: UInt8?, count: Int) -> Bool {
        guard let table else { return true }
        guard let first, first < 128 else { return true }
        return count >= Self.maximumLength || table[count * 128 + Int(first)]
    }
}
