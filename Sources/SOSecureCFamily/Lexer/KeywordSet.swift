/// A fixed set of words looked up straight from the source bytes, without building a String: an
/// open-addressing table of (offset, length) into one pooled byte array. Lexers ask it for keywords,
/// the rule engine for the names its patterns mention (`index(of:…)` gives the word's position).
public struct KeywordSet: Sendable {
    private let pool: [UInt8]
    /// Per slot: offset into `pool` << 8 | length, or -1 when empty.
    private let slots: [Int]
    /// Per slot: the word's position in the list it was built from.
    private let positions: [Int32]
    private let mask: Int
    /// Whether ASCII letters match either case (the words are kept lowercased).
    public let caseInsensitive: Bool
    /// For each first byte, a bit per length the words starting with it have (63: longer): most
    /// lookups (a file's many names that are no keyword) end at this one test, before any hashing.
    private let lengthsByFirstByte: [UInt64]

    /// Words of 255 bytes or more are left out: no lookup finds them. A repeated word keeps its first position.
    public init(_ words: [String], caseInsensitive: Bool = false) {
        self.caseInsensitive = caseInsensitive
        var pool: [UInt8] = []
        var capacity = 8
        while capacity < words.count * 4 { capacity *= 2 }
        var slots = [Int](repeating: -1, count: capacity)
        var positions = [Int32](repeating: -1, count: capacity)
        var lengths = [UInt64](repeating: 0, count: 256)
        for (position, word) in words.enumerated() {
            let bytes = caseInsensitive ? word.utf8.map(ASCIIBytes.lowercased) : Array(word.utf8)
            guard let first = bytes.first, bytes.count < 256 else { continue }
            lengths[Int(first)] |= Self.bit(bytes.count)
            // Folded lookups may meet the capital too.
            if caseInsensitive, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") {
                lengths[Int(first) - 32] |= Self.bit(bytes.count)
            }
            var slot = Self.hash(bytes, 0, bytes.count, caseInsensitive: false) & (capacity - 1)
            var repeated = false
            while slots[slot] != -1 {
                let entry = slots[slot]
                if entry & 0xFF == bytes.count && pool[(entry >> 8)..<((entry >> 8) + bytes.count)].elementsEqual(bytes) {
                    repeated = true
                    break
                }
                slot = (slot + 1) & (capacity - 1)
            }
            if repeated { continue }
            slots[slot] = pool.count << 8 | bytes.count
            positions[slot] = Int32(position)
            pool.append(contentsOf: bytes)
        }
        self.pool = pool
        self.slots = slots
        self.positions = positions
        self.mask = capacity - 1
        lengthsByFirstByte = lengths
    }

    private static func bit(_ length: Int) -> UInt64 { 1 << UInt64(min(length, 63)) }

    @inline(__always)
    private static func fold(_ byte: UInt8, _ caseInsensitive: Bool) -> UInt8 {
        caseInsensitive ? ASCIIBytes.lowercased(byte) : byte
    }

    @inline(__always)
    private static func hash<C: RandomAccessCollection>(_ bytes: C, _ start: Int, _ length: Int, caseInsensitive: Bool) -> Int
    where C.Element == UInt8, C.Index == Int {
        var h: UInt32 = 2_166_136_261
        for index in start..<(start + length) {
            h = (h ^ UInt32(fold(bytes[index], caseInsensitive))) &* 16_777_619
        }
        return Int(h)
    }

    /// Whether `bytes[start..<start+length]` is one of the words.
    @inline(__always)
    func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Bool {
        index(of: bytes, start, length) != nil
    }

    /// The position, in the list the set was built from, of the word `bytes[start..<start+length]`.
    @inline(__always)
    public func index(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Int? {
        guard length > 0, lengthsByFirstByte[Int(bytes[start])] & Self.bit(length) != 0 else { return nil }
        var slot = Self.hash(bytes, start, length, caseInsensitive: caseInsensitive) & mask
        while true {
            let entry = slots[slot]
            if entry == -1 { return nil }
            if entry & 0xFF == length {
                let offset = entry >> 8
                var equal = true
                for index in 0..<length where Self.fold(bytes[start + index], caseInsensitive) != pool[offset + index] {
                    equal = false
                    break
                }
                if equal { return Int(positions[slot]) }
            }
            slot = (slot + 1) & mask
        }
    }
}
