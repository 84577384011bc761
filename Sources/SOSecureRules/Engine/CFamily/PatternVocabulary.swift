import SOSecureCFamily

/// The names and keywords a dialect's patterns mention, numbered. A document indexes only its tokens
/// that are one of them, found straight from the source bytes by a `KeywordSet` (no string is built,
/// and its screen by first byte and length turns most of a file's names away before any hashing);
/// patterns and rules ask the index by number.
struct PatternVocabulary: Sendable {
    /// The texts by number, as documents compare them (PHP names lowercased).
    let texts: [String]
    private let numbers: [String: Int]
    /// Names and keywords; in PHP they ignore case.
    private let names: KeywordSet
    /// PHP `$variables`, whose case counts.
    private let variables: KeywordSet
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
        // The tables' words are numbered by their place in `texts`: a word the other table holds is an
        // empty string there, which a KeywordSet leaves out.
        let isVariable = texts.map { dialect == .php && $0.hasPrefix("$") }
        names = KeywordSet(texts.indices.map { isVariable[$0] ? "" : texts[$0] }, caseInsensitive: dialect == .php)
        variables = KeywordSet(texts.indices.map { isVariable[$0] ? texts[$0] : "" })
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
        kind == .variable ? variables.index(of: bytes, start, length) : names.index(of: bytes, start, length)
    }
}

/// A pattern's texts by vocabulary number: its own level's, and all of them (groups included).
struct PatternTextNumbers: Sendable {
    let own: [Int]
    let all: [Int]
}
