/// The rules of one `.gitignore` file, applying to paths relative to the folder that holds it.
public struct GitIgnore: Sendable {
    public struct Rule: Sendable, Hashable {
        public let pattern: GlobPattern
        /// `!pattern`: re-includes what an earlier rule ignored.
        public let negated: Bool
    }

    public let rules: [Rule]

    public init(text: String) {
        var rules: [Rule] = []
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var line = Substring(rawLine)
            if line.hasPrefix("#") { continue }
            line = Self.trimUnescapedTrailingSpaces(line)
            if line.isEmpty { continue }
            var negated = false
            if line.hasPrefix("!") {
                negated = true
                line = line.dropFirst()
            } else if line.hasPrefix("\\!") || line.hasPrefix("\\#") {
                // An escaped leading `!` or `#` is a literal character, not a negation or comment.
                line = line.dropFirst()
            }
            // `\ ` (a kept trailing space) needs no unescaping: the glob matcher reads `\x` as `x`.
            guard let pattern = GlobPattern(String(line)) else { continue }
            rules.append(Rule(pattern: pattern, negated: negated))
        }
        self.rules = rules
    }

    public enum Verdict: Sendable, Equatable {
        case ignored
        case included
        case unmatched
    }

    /// The last rule that matches decides, as in git.
    public func verdict(for components: [Substring], isDirectory: Bool) -> Verdict {
        for rule in rules.reversed() where rule.pattern.matches(components, isDirectory: isDirectory) {
            return rule.negated ? .included : .ignored
        }
        return .unmatched
    }

    private static func trimUnescapedTrailingSpaces(_ line: Substring) -> Substring {
        var end = line.endIndex
        while end > line.startIndex {
            let before = line.index(before: end)
            guard line[before] == " " || line[before] == "\t" else { break }
            if before > line.startIndex, line[line.index(before: before)] == "\\" { break }
            end = before
        }
        return line[..<end]
    }
}
