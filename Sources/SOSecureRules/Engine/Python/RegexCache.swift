import Foundation

/// Compiled regular expressions shared by all files of a scan. Patterns were validated by the loader.
final class RegexCache: @unchecked Sendable {
    private var compiled: [String: NSRegularExpression] = [:]
    private let lock = NSLock()

    func regex(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let regex = compiled[pattern] { return regex }
        let regex = try? NSRegularExpression(pattern: pattern)
        compiled[pattern] = regex
        return regex
    }

    /// Answers already computed: rules test the same short names (`password`, `verbose_name`) over and over,
    /// and a lookup costs far less than running the expression again.
    private var answers: [String: [String: Bool]] = [:]
    private var answerCount = 0
    private static let maximumAnswers = 200_000
    private static let maximumRememberedLength = 256

    /// Whether `pattern` finds a match anywhere in `text`.
    func matches(_ pattern: String, _ text: String) -> Bool {
        let remember = text.utf8.count <= Self.maximumRememberedLength
        if remember {
            lock.lock()
            let known = answers[pattern]?[text]
            lock.unlock()
            if let known { return known }
        }
        guard let regex = regex(pattern) else { return false }
        let result = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        if remember {
            lock.lock()
            if answerCount >= Self.maximumAnswers {
                answers.removeAll(keepingCapacity: true)
                answerCount = 0
            }
            answers[pattern, default: [:]][text] = result
            answerCount += 1
            lock.unlock()
        }
        return result
    }

    static let shared = RegexCache()
}
