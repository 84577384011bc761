import Foundation

/// A `metavariable-regex` filter's expression, with its verdicts remembered by text. Bound names and
/// literals repeat across a codebase (`password`, `url`, `"UTF-8"`), and Foundation's regex engine
/// converts every subject to UTF-16 first, so asking again is far dearer than a dictionary lookup.
final class MetavariableRegex: @unchecked Sendable {
    let pattern: String
    // NSRegularExpression is immutable and documented thread-safe; the verdicts are behind the lock.
    private let regex: NSRegularExpression
    private let lock = NSLock()
    private var verdicts: [String: Bool] = [:]
    /// Enough for every distinct name of a large codebase; past it, answers are worked out, not stored.
    private static let rememberedLimit = 20_000
    /// Names and short literals repeat; a bound expression or block rarely does and would only hold memory.
    private static let rememberedLength = 128

    init(_ pattern: String) throws {
        self.pattern = pattern
        regex = try NSRegularExpression(pattern: pattern)
    }

    func matches(_ text: String) -> Bool {
        let remembered = text.utf8.count <= Self.rememberedLength
        if remembered, let known = lock.withLock({ verdicts[text] }) { return known }
        let verdict = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        guard remembered else { return verdict }
        lock.withLock {
            if verdicts.count < Self.rememberedLimit { verdicts[text] = verdict }
        }
        return verdict
    }
}
