/// Words every match of a regular expression must contain, read from the expression's text:
/// `^(MD4|MD5|SHA1)$` needs `MD4`, `MD5` or `SHA1`; `^EVP_(des|rc4\w*)$` needs `EVP_`;
/// `(?i)(token|secret)` needs `token` or `secret` in any case. A match of a `metavariable-regex` is a
/// piece of the file, so a file without those words cannot pass the filter and the rule's patterns
/// need not run there.
///
/// Only runs of word characters (`[A-Za-z0-9_]`) count. Anything this reader does not follow (a class,
/// `.`, an optional part, a lookaround) just ends a run, which only weakens the requirement.
struct RegexRequiredWords: Sendable, Equatable {
    /// Every match contains at least one word of each clause (`^(SSLv3|TLSv1)_method$` has two
    /// clauses: one of `SSLv3`, `TLSv1`; and `method`).
    let clauses: [[String]]
    /// Compare without case (the expression has `(?i)`); the words are then lowercase.
    let ignoringCase: Bool

    /// Nil when the expression guarantees no word (or is too intricate to read).
    init?(regex: String) {
        var reader = Reader(Array(regex.unicodeScalars))
        let found = reader.alternation()
        guard reader.atEnd else { return nil }
        let caseless = reader.sawIgnoreCase
        let useful = found.filter { clause in
            !clause.isEmpty && clause.count <= Self.mostWords && clause.allSatisfy { $0.count >= Self.shortestUseful }
        }
        let starts = Self.leadingWords(Array(regex.unicodeScalars)).map { words in caseless ? words.map { $0.lowercased() } : words }
        guard !useful.isEmpty || starts != nil else { return nil }
        leading = starts
        ignoringCase = caseless
        leadingKey = (caseless ? "i:" : "") + (starts ?? []).joined(separator: "|")
        var firstBytes = Array(repeating: false, count: 128)
        for word in starts ?? [] {
            guard let first = word.utf8.first, first < 0x80 else { continue }
            firstBytes[Int(first)] = true
            if caseless, let upper = Character(Unicode.Scalar(first)).uppercased().utf8.first, upper < 0x80 {
                firstBytes[Int(upper)] = true
            }
        }
        leadingFirstBytes = firstBytes
        clauses = useful.map { clause in Array(Set(caseless ? clause.map { $0.lowercased() } : Array(clause))).sorted() }
    }

    /// Words one of which every match starts with, when the expression is anchored at the start
    /// (`^(MD4|MD5)$`, `^EVP_`): checked on a binding's first bytes before any text is built.
    let leading: [String]?

    /// The leading words as one string, to tell apart results found under different ones.
    let leadingKey: String

    /// The first bytes of the leading words (both cases when case is ignored): most start tokens are
    /// turned away by one table lookup.
    private let leadingFirstBytes: [Bool]

    /// Whether a token whose first byte is `first` may start with one of the leading words (a test of
    /// the byte alone, before the token's text is built).
    func mayLeadWith(_ first: UInt8) -> Bool {
        leading == nil || first >= 0x80 || leadingFirstBytes[Int(first)]
    }

    /// Whether `text` (a token's) starts with one of the leading words, or there are none.
    func mayLead(_ text: String) -> Bool {
        guard let leading else { return true }
        guard let first = text.utf8.first, mayLeadWith(first) else { return false }
        if ignoringCase {
            // A non-ASCII letter may fold to an ASCII one in the regex engine: leave it to the expression.
            guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return true }
            let lowered = text.lowercased()
            return leading.contains { lowered.utf8.starts(with: $0.utf8) }
        }
        return leading.contains { text.utf8.starts(with: $0.utf8) }
    }

    /// Every word of every clause.
    var words: [String] { clauses.flatMap { $0 } }

    /// The leading words of `^word…` or `^(alt|alt)…` (flags such as `(?i)` may come first): each
    /// alternative's run of word characters up to its first character that may repeat or be absent.
    /// Nil when any alternative can start otherwise.
    private static func leadingWords(_ scalars: [Unicode.Scalar]) -> [String]? {
        var index = 0
        // Leading inline flags: `(?i)`, `(?is)`; `m` would let `^` match after any line break.
        while index + 1 < scalars.count, scalars[index] == "(", scalars[index + 1] == "?",
              let close = scalars[index...].firstIndex(of: ")"),
              scalars[(index + 2)..<close].allSatisfy({ ("a"..."z").contains($0) }) {
            if scalars[(index + 2)..<close].contains("m") { return nil }
            index = close + 1
        }
        guard index < scalars.count, scalars[index] == "^" else { return nil }
        index += 1
        let alternatives: [ArraySlice<Unicode.Scalar>]
        if index < scalars.count, scalars[index] == "(" {
            var start = index + 1
            if start + 1 < scalars.count, scalars[start] == "?", scalars[start + 1] == ":" {
                start += 2
            } else if start < scalars.count, scalars[start] == "?" {
                return nil
            }
            guard let (pieces, close) = topLevelAlternatives(scalars, from: start, until: ")") else { return nil }
            // `^(a|b)?`: the group may be absent.
            if close + 1 < scalars.count, scalars[close + 1] == "?" || scalars[close + 1] == "*" { return nil }
            if close + 2 < scalars.count, scalars[close + 1] == "{", scalars[close + 2] == "0" { return nil }
            alternatives = pieces
        } else {
            // A top-level `|` would leave later alternatives unanchored.
            guard let (pieces, _) = topLevelAlternatives(scalars, from: index, until: nil), pieces.count == 1 else { return nil }
            alternatives = pieces
        }
        var words: [String] = []
        for alternative in alternatives {
            var word = String.UnicodeScalarView()
            var cursor = alternative.startIndex
            while cursor < alternative.endIndex, Self.isWordScalar(alternative[cursor]) {
                let next = cursor + 1 < alternative.endIndex ? alternative[cursor + 1] : nil
                if next == "?" || next == "*" || next == "{" { break }
                word.append(alternative[cursor])
                cursor += 1
                if next == "+" { break }
            }
            guard !word.isEmpty else { return nil }
            words.append(String(word))
        }
        return words
    }

    /// The `|`-separated pieces from `from` up to the `until` that closes this level (or the end when
    /// nil), skipping escapes, classes and nested groups; and where that level ends.
    private static func topLevelAlternatives(_ scalars: [Unicode.Scalar], from: Int, until: Unicode.Scalar?)
        -> ([ArraySlice<Unicode.Scalar>], Int)? {
        var pieces: [ArraySlice<Unicode.Scalar>] = []
        var depth = 0
        var cursor = from
        var pieceStart = from
        while cursor < scalars.count {
            switch scalars[cursor] {
            case "\\":
                cursor += 2
                continue
            case "[":
                // A class ends at its first unescaped `]` after the opening one (`[]]` and `[^]]` hold one).
                cursor += 1
                if cursor < scalars.count, scalars[cursor] == "^" { cursor += 1 }
                if cursor < scalars.count, scalars[cursor] == "]" { cursor += 1 }
                while cursor < scalars.count, scalars[cursor] != "]" { cursor += scalars[cursor] == "\\" ? 2 : 1 }
            case "(":
                depth += 1
            case ")":
                if depth == 0 {
                    guard until == ")" else { return nil }
                    pieces.append(scalars[pieceStart..<cursor])
                    return (pieces, cursor)
                }
                depth -= 1
            case "|" where depth == 0:
                pieces.append(scalars[pieceStart..<cursor])
                pieceStart = cursor + 1
            default:
                break
            }
            cursor += 1
        }
        guard until == nil, depth == 0 else { return nil }
        pieces.append(scalars[pieceStart..<min(cursor, scalars.count)])
        return (pieces, scalars.count)
    }

    fileprivate static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// A one-letter word is in nearly every file; requiring it would cost a search and save nothing.
    private static let shortestUseful = 2
    /// Past this many alternatives the search costs more than it saves.
    static let mostWords = 64

    /// A recursive-descent reader over the subset of regex syntax rules use. Each level returns the
    /// words one of which it requires, or nil when it requires none.
    private struct Reader {
        let scalars: [Unicode.Scalar]
        var index = 0
        var sawIgnoreCase = false
        /// Set when the expression uses syntax the reader does not know; the result is then dropped.
        var confused = false

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { index >= scalars.count && !confused }

        private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        /// `a|b|c`: one alternative alone keeps all its clauses; several each give their strongest
        /// clause, and a match needs a word of the union. An alternative without a clause voids it.
        mutating func alternation() -> [Set<String>] {
            var alternatives: [[Set<String>]] = []
            repeat {
                if current == "|" { index += 1 }
                alternatives.append(sequence())
            } while current == "|"
            if alternatives.count == 1 { return alternatives[0] }
            var union: Set<String> = []
            for clauses in alternatives {
                guard let strongest = clauses.max(by: { Self.strength($0) < Self.strength($1) }) else { return [] }
                union.formUnion(strongest)
            }
            return [union]
        }

        /// A concatenation: each literal run and each group that must appear gives its clauses.
        mutating func sequence() -> [Set<String>] {
            var clauses: [Set<String>] = []
            var run = ""
            func closeRun() {
                if !run.isEmpty { clauses.append([run]) }
                run = ""
            }
            while let scalar = current, scalar != "|", scalar != ")" {
                switch scalar {
                case "(":
                    closeRun()
                    let inner = group()
                    if optionalQuantifier() { continue }
                    skipQuantifier()
                    clauses += inner
                case "\\":
                    closeRun()
                    index += 2
                    skipQuantifier()
                case "[":
                    closeRun()
                    skipClass()
                    skipQuantifier()
                case "^", "$":
                    closeRun()
                    index += 1
                default:
                    index += 1
                    if optionalQuantifier() {
                        // `ab?`: the `b` may be absent, so the run so far stops before it.
                        closeRun()
                    } else if RegexRequiredWords.isWordScalar(scalar) {
                        run.unicodeScalars.append(scalar)
                        // `ab+`: at least one `b`, but what follows need not touch it.
                        if skipQuantifier() { closeRun() }
                    } else {
                        closeRun()
                        skipQuantifier()
                    }
                }
            }
            closeRun()
            return clauses
        }

        /// `( … )`, `(?: … )`, `(?i)`, lookarounds: the clauses a capturing or plain group requires.
        private mutating func group() -> [Set<String>] {
            index += 1  // (
            var requires = true
            if current == "?" {
                index += 1
                switch current {
                case ":": index += 1
                case "=", "!": index += 1; requires = false
                case "<":
                    index += 1
                    if current == "=" || current == "!" { index += 1; requires = false } else { skipGroupName() }
                default:
                    // Inline flags: `(?i)` or `(?is)` alone, or `(?i: … )`.
                    var flags = ""
                    while let scalar = current, scalar != ")", scalar != ":" { flags.unicodeScalars.append(scalar); index += 1 }
                    if flags.contains("i") { sawIgnoreCase = true }
                    if current == ")" { index += 1; return [] }
                    index += 1
                }
            }
            let inner = alternation()
            guard current == ")" else { confused = true; return [] }
            index += 1
            return requires ? inner : []
        }

        private mutating func skipGroupName() {
            while let scalar = current, scalar != ">" { index += 1; _ = scalar }
            index += 1
        }

        private mutating func skipClass() {
            index += 1  // [
            if current == "^" { index += 1 }
            if current == "]" { index += 1 }
            while let scalar = current, scalar != "]" {
                index += scalar == "\\" ? 2 : 1
            }
            guard current == "]" else { confused = true; return }
            index += 1
        }

        /// Consumes a quantifier that allows zero repetitions (`?`, `*`, `{0,…}`) and says whether it did.
        private mutating func optionalQuantifier() -> Bool {
            guard let scalar = current else { return false }
            if scalar == "?" || scalar == "*" {
                index += 1
                if current == "?" || current == "+" { index += 1 }
                return true
            }
            if scalar == "{", index + 1 < scalars.count, scalars[index + 1] == "0" {
                skipQuantifier()
                return true
            }
            return false
        }

        /// Consumes any quantifier and says whether there was one.
        @discardableResult
        private mutating func skipQuantifier() -> Bool {
            guard let scalar = current else { return false }
            switch scalar {
            case "?", "*", "+":
                index += 1
            case "{":
                guard let close = scalars[index...].firstIndex(of: "}") else { return false }
                index = close + 1
            default:
                return false
            }
            if current == "?" || current == "+" { index += 1 }
            return true
        }

        /// How much a clause narrows the search: the length of its shortest word (longer words are rarer in code).
        private static func strength(_ clause: Set<String>) -> Int {
            clause.map(\.count).min() ?? 0
        }
    }
}
