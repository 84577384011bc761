/// The names and keywords a dialect's patterns mention, as a test that can say "not one of them"
/// without hashing: by a text's length and first byte. A document indexes only the tokens that may be
/// pattern texts, since the index is only ever asked about those; most names of a file (`i`, `data`,
/// `module`) fail the test at once and cost no hash.
struct PatternVocabulary: Sendable {
    /// For each first byte, a bit per length (63 for anything longer).
    private let lengthsByFirstByte: [UInt64]

    init(_ texts: [String]) {
        var lengths = Array(repeating: UInt64(0), count: 256)
        for text in texts {
            guard let first = text.utf8.first else { continue }
            lengths[Int(first)] |= Self.bit(text.utf8.count)
        }
        lengthsByFirstByte = lengths
    }

    /// False only when no pattern text has this first byte and length (in bytes).
    func mayContain(first: UInt8, length: Int) -> Bool {
        lengthsByFirstByte[Int(first)] & Self.bit(length) != 0
    }

    private static func bit(_ length: Int) -> UInt64 { 1 << UInt64(min(length, 63)) }
}
