import Foundation

/// A `metavariable-regex` filter's expression. The expression is compiled and its verdicts are
/// remembered by the scan-wide `RegexCache` the Python rules use too: bound names and literals repeat
/// across a codebase (`password`, `url`, `"UTF-8"`), and asking the regex engine again is far dearer
/// than a lookup.
final class MetavariableRegex: Sendable {
    let pattern: String
    /// Words one of which every match contains, when the expression guarantees some: a file without
    /// any of them cannot pass this filter.
    let requiredWords: RegexRequiredWords?

    init(_ pattern: String) throws {
        guard RegexCache.shared.regex(pattern) != nil else { throw CodePatternError(message: "invalid regular expression '\(pattern)'") }
        self.pattern = pattern
        requiredWords = RegexRequiredWords(regex: pattern)
    }

    /// The bound code in `bytes` (a slice of the file) passes the filter.
    func matches(_ bytes: ArraySlice<UInt8>) -> Bool {
        if let requiredWords, !Self.mayMatch(bytes, requiredWords) { return false }
        return RegexCache.shared.matches(pattern, String(decoding: bytes, as: UTF8.self))
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
