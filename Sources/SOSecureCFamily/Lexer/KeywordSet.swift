/// A fixed set of ASCII words looked up straight from the source bytes, without building a String:
/// an open-addressing table of (offset, length) into one pooled byte array.
struct KeywordSet: Sendable {
    private let pool: [UInt8]
    /// Per slot: offset into `pool` << 8 | length, or -1 when empty.
    private let slots: [Int]
    private let mask: Int
    let caseInsensitive: Bool
    let minLength: Int
    let maxLength: Int

    init(_ words: [String], caseInsensitive: Bool = false) {
        self.caseInsensitive = caseInsensitive
        var pool: [UInt8] = []
        var capacity = 8
        while capacity < words.count * 4 { capacity *= 2 }
        var slots = [Int](repeating: -1, count: capacity)
        var minLength = Int.max
        var maxLength = 0
        for word in words {
            let bytes = Array(caseInsensitive ? word.lowercased().utf8 : word.utf8)
            precondition(bytes.count < 256, "keyword too long")
            minLength = min(minLength, bytes.count)
            maxLength = max(maxLength, bytes.count)
            var slot = Self.hash(bytes, 0, bytes.count, caseInsensitive: false) & (capacity - 1)
            while slots[slot] != -1 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = pool.count << 8 | bytes.count
            pool.append(contentsOf: bytes)
        }
        self.pool = pool
        self.slots = slots
        self.mask = capacity - 1
        self.minLength = words.isEmpty ? 1 : minLength
        self.maxLength = maxLength
    }

    @inline(__always)
    private static func fold(_ byte: UInt8, _ caseInsensitive: Bool) -> UInt8 {
        caseInsensitive && byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
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
        guard length >= minLength, length <= maxLength else { return false }
        var slot = Self.hash(bytes, start, length, caseInsensitive: caseInsensitive) & mask
        while true {
            let entry = slots[slot]
            if entry == -1 { return false }
            if entry & 0xFF == length {
                let offset = entry >> 8
                var equal = true
                for index in 0..<length where Self.fold(bytes[start + index], caseInsensitive) != pool[offset + index] {
                    equal = false
                    break
                }
                if equal { return true }
            }
            slot = (slot + 1) & mask
        }
    }
}
