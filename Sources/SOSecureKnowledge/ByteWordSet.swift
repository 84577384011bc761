/// A fixed set of short words looked up by their UTF-8 bytes, without building a `String`:
/// the tokenizer checks every identifier of every indexed entry against the keyword list.
/// Open addressing over an FNV-1a hash; lookups compare bytes exactly (case-sensitive).
struct ByteWordSet: Sendable {
    private let slots: [Int32]
    private let words: [[UInt8]]
    private let mask: Int

    init(_ strings: some Sequence<String>) {
        let words = Array(Set(strings)).map { Array($0.utf8) }
        var size = 16
        while size < words.count * 4 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        for (index, word) in words.enumerated() {
            var slot = Int(truncatingIfNeeded: word.withUnsafeBufferPointer { ByteWordSet.hash($0) }) & (size - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(index)
        }
        self.slots = slots
        self.words = words
        self.mask = size - 1
    }

    func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var slot = Int(truncatingIfNeeded: ByteWordSet.hash(bytes)) & mask
        while true {
            let index = slots[slot]
            if index < 0 { return false }
            let word = words[Int(index)]
            if word.count == bytes.count, word.withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) { return true }
            slot = (slot + 1) & mask
        }
    }

    func contains(_ string: String) -> Bool {
        var copy = string
        return copy.withUTF8 { contains($0) }
    }

    @inline(__always) private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100000001b3
        }
        return hash ^ (hash >> 29)
    }
}
