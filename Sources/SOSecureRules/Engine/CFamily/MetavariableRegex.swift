import Foundation

/// A `metavariable-regex` filter's expression, with its verdicts remembered by text. Bound names and
/// literals repeat across a codebase (`password`, `url`, `"UTF-8"`), and Foundation's regex engine
/// converts every subject to UTF-16 first, so asking again is far dearer than a dictionary lookup.
final class MetavariableRegex: @unchecked Sendable {
    let pattern: String
    /// Words one of which every match contains, when the expression guarantees some: a file without
    /// any of them cannot pass this filter.
    let requiredWords: RegexRequiredWords?
    // NSRegularExpression is immutable and documented thread-safe; the verdicts are behind the lock.
    private let regex: NSRegularExpression
    private let lock = NSLock()
    private var verdicts: [String: Bool] = [:]
    /// Enough for every distinct name of a large codebase; past it, answers are worked out, not stored.
    private static let rememberedLimit = 20_000
    /// Names and short literals repeat; a bound expression or block rarely does and would only hold memory.
    private static let rememberedLength = 128

    private init(_ pattern: String) throws {
        self.pattern = pattern
        regex = try NSRegularExpression(pattern: pattern)
        requiredWords = RegexRequiredWords(regex: pattern)
    }

    /// The filter for `pattern`, compiled once per process: the loader compiles it to check the rule,
    /// and each dialect's compiled rules use it again (sharing its remembered verdicts too).
    static func compiled(_ pattern: String) throws -> MetavariableRegex {
        if let known = memo.withLock({ $0[pattern] }) { return known }
        let regex = try MetavariableRegex(pattern)
        return memo.withLock { known in
            if let earlier = known[pattern] { return earlier }
            known[pattern] = regex
            return regex
        }
    }

    private static let memo = LockedDictionary<String, MetavariableRegex>()

    /// The bound code in `bytes` (a slice of the file) passes the filter.
    func matches(_ bytes: ArraySlice<UInt8>) -> Bool {
        if let requiredWords, !Self.mayMatch(bytes, requiredWords) { return false }
        let text = String(decoding: bytes, as: UTF8.self)
        let remembered = bytes.count <= Self.rememberedLength
        if remembered, let known = lock.withLock({ verdicts[text] }) { return known }
        let verdict = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        guard remembered else { return verdict }
        lock.withLock {
            if verdicts.count < Self.rememberedLimit { verdicts[text] = verdict }
        }
        return verdict
    }

    /// Whether the bytes start with a required leading word and hold a word of each required clause;
    /// far cheaper than running the expression, and most bindings fail it. Without case, ASCII letters
    /// are folded; a non-ASCII byte could fold to an ASCII letter in the regex engine, so such text is
    /// left to the expression.
    private static func mayMatch(_ bytes: ArraySlice<UInt8>, _ required: RegexRequiredWords) -> Bool {
        var subject = Array(bytes)
        if required.ignoringCase {
            for index in subject.indices {
                let byte = subject[index]
                if byte >= 0x80 { return true }
                if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { subject[index] = byte | 0x20 }
            }
        }
        if let leading = required.leading, !leading.contains(where: { subject.starts(with: $0.utf8) }) { return false }
        return required.clauses.allSatisfy { clause in clause.contains { Self.contains(subject, $0) } }
    }

    private static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let word = Array(needle.utf8)
        guard let first = word.first, haystack.count >= word.count else { return word.isEmpty }
        return haystack.withUnsafeBufferPointer { text in
            var start = 0
            let last = text.count - word.count
            while start <= last {
                if text[start] == first {
                    var offset = 1
                    while offset < word.count && text[start + offset] == word[offset] { offset += 1 }
                    if offset == word.count { return true }
                }
                start += 1
            }
            return false
        }
    }
}

/// A dictionary behind a lock, for memos filled from any scan thread.
final class LockedDictionary<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]

    func withLock<T>(_ body: (inout [Key: Value]) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&values)
    }
}
