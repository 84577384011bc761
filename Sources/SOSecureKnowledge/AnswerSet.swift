/// A set of post ids as a growable bitmap: Stack Overflow ids are dense, so even the full
/// dump's answers fit in about 10 MB, where a hash set would need gigabytes.
struct AnswerSet {
    private var words: [UInt64] = []
    private(set) var count = 0

    mutating func insert(_ id: Int) {
        guard id >= 0, id < (1 << 36) else { return }
        let word = id >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: max(word + 1 - words.count, words.count / 2))) }
        let mask: UInt64 = 1 << UInt64(id & 63)
        if words[word] & mask == 0 {
            words[word] |= mask
            count += 1
        }
    }

    func contains(_ id: Int) -> Bool {
        guard id >= 0 else { return false }
        let word = id >> 6
        return word < words.count && words[word] & (1 << UInt64(id & 63)) != 0
    }
}
