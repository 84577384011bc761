import SOSecureCFamily

/// The names and keywords a dialect's patterns mention, numbered. A document indexes only its tokens
/// that are one of them, found straight from the source bytes (no string is built and nothing is
/// hashed with SipHash); patterns and rules ask the index by number. A cheap screen by length and
/// first byte turns most of a file's names (`i`, `data`, `module`) away before the table is probed.
struct PatternVocabulary: Sendable {
    /// The texts by number, as documents compare them (PHP names lowercased).
    let texts: [String]
    private let numbers: [String: Int]
    /// Names and keywords; in PHP they ignore case.
    private let names: KeywordSet
    /// PHP `$variables`, whose case counts.
    private let variables: KeywordSet
    /// For each first byte, a bit per length (63 for anything longer).
    private let lengthsByFirstByte: [UInt64]
    /// By pattern id: the numbers of the pattern's own-level texts and of all its texts.
    private let patternTexts: [PatternTextNumbers?]

    /// `patterns`: every pattern the documents will be asked about.
    init(patterns: [CompiledPattern], dialect: Dialect) {
        var texts: [String] = []
        var numbers: [String: Int] = [:]
        for pattern in patterns {
            for text in pattern.allTexts where numbers[text] == nil {
                numbers[text] = texts.count
                texts.append(text)
            }
        }
        self.texts = texts
        self.numbers = numbers
        // Numbering the tables' words by their place in `texts` (a word the other table holds is an
        // empty string there, which no token spells).
        let isVariable = texts.map { dialect == .php && $0.hasPrefix("$") }
        names = KeywordSet(texts.indices.map { isVariable[$0] ? "" : texts[$0] }, caseInsensitive: dialect == .php)
        variables = KeywordSet(texts.indices.map { isVariable[$0] ? texts[$0] : "" })
        var lengths = Array(repeating: UInt64(0), count: 256)
        for text in texts {
            guard let first = text.utf8.first else { continue }
            lengths[Int(first)] |= Self.bit(text.utf8.count)
            // PHP names are found whatever their case.
            if dialect == .php, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") {
                lengths[Int(first) - 32] |= Self.bit(text.utf8.count)
            }
        }
        lengthsByFirstByte = lengths
        var byPattern: [PatternTextNumbers?] = Array(repeating: nil, count: (patterns.map(\.id).max() ?? 0) + 1)
        for pattern in patterns {
            byPattern[pattern.id] = PatternTextNumbers(own: pattern.ownTexts.compactMap { numbers[$0] },
                                                       all: pattern.allTexts.compactMap { numbers[$0] })
        }
        patternTexts = byPattern
    }

    /// The number of a text, as documents compare it.
    func number(of text: String) -> Int? { numbers[text] }

    /// The numbers of a pattern's texts; nil for a pattern the vocabulary was not built with.
    func textNumbers(of pattern: CompiledPattern) -> PatternTextNumbers? {
        pattern.id < patternTexts.count ? patternTexts[pattern.id] : nil
    }

    /// The number of the token `bytes[start..<start+length]` of `kind`, if it is one of the texts.
    func number(of bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int, kind: TokenKind) -> Int? {
        guard lengthsByFirstByte[Int(bytes[start])] & Self.bit(length) != 0 else { return nil }
        return kind == .variable ? variables.index(of: bytes, start, length) : names.index(of: bytes, start, length)
    }

    private static func bit(_ length: Int) -> UInt64 { 1 << UInt64(min(length, 63)) }
}

/// A pattern's texts by vocabulary number: its own level's, and all of them (groups included).
struct PatternTextNumbers: Sendable {
    let own: [Int]
    let all: [Int]
}
