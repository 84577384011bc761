/// The call a C-family pattern is about, read from the pattern's text: the first dotted name followed
/// by `(` — `md5.Sum` in `md5.Sum(...)`, `Function` in `new Function(..., $BODY)`, `*.exec` in
/// `$CHILD.exec($CMD)` (a metavariable receiver stands for any receiver). Patterns without one
/// (`$NAME = $VALUE`, `rejectUnauthorized: false`) name no call.
struct CodeCallName: Sendable, Hashable, CustomStringConvertible {
    /// The name's parts after any metavariable receiver (`["exec"]` for `$CHILD.exec`).
    let parts: [String]
    /// The pattern called a method of a metavariable: any receiver matches.
    let anyReceiver: Bool

    var description: String { (anyReceiver ? "*." : "") + parts.joined(separator: ".") }

    /// Words followed by `(` that are syntax, not calls.
    static let notCalls: Set<String> = ["if", "for", "while", "switch", "catch", "return", "function", "func", "sizeof",
                                        "typeof", "fn", "foreach", "elseif", "match", "synchronized", "guard"]

    init?(pattern text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        var chain: [String] = []
        func identifier(at start: Int) -> (String, Int)? {
            var end = start
            if end < bytes.count, bytes[end] == UInt8(ascii: "$") { end += 1 }
            let first = end
            while end < bytes.count, Self.isIdentifierByte(bytes[end], first: end == first) { end += 1 }
            return end > first ? (String(decoding: bytes[start..<end], as: UTF8.self), end) : nil
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`") {
                // Skip a string literal: a call named inside it is no call of the pattern.
                index += 1
                while index < bytes.count, bytes[index] != byte { index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1 }
                index += 1
                chain = []
                continue
            }
            if let (name, end) = identifier(at: index) {
                index = end
                // `new Function(…)` calls `Function`.
                if name == "new" && chain.isEmpty { continue }
                chain.append(name)
                var next = index
                while next < bytes.count, bytes[next] == UInt8(ascii: " ") { next += 1 }
                if next < bytes.count, bytes[next] == UInt8(ascii: "(") {
                    let named = Self.trimmingMetavariables(chain)
                    if let named, !(named.parts.count == 1 && Self.notCalls.contains(named.parts[0])) {
                        self.parts = named.parts
                        self.anyReceiver = named.anyReceiver
                        return
                    }
                    chain = []
                    continue
                }
                if let separator = Self.separatorLength(bytes, at: next) {
                    index = next + separator
                    while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
                    continue
                }
                chain = []
                continue
            }
            chain = []
            index += 1
        }
        return nil
    }

    /// `$X.a.b` → any receiver, `a.b`; a chain of metavariables only (`$F(...)`) names nothing.
    private static func trimmingMetavariables(_ chain: [String]) -> (parts: [String], anyReceiver: Bool)? {
        guard let last = chain.lastIndex(where: { $0.hasPrefix("$") }) else { return chain.isEmpty ? nil : (chain, false) }
        let tail = Array(chain[(last + 1)...])
        return tail.isEmpty ? nil : (tail, true)
    }

    /// `.`, `?.`, `->` and `::` join the parts of a name.
    static func separatorLength(_ bytes: [UInt8], at index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: ".") { return 1 }
        guard index + 1 < bytes.count else { return nil }
        let pair = (bytes[index], bytes[index + 1])
        if pair == (UInt8(ascii: "?"), UInt8(ascii: ".")) || pair == (UInt8(ascii: "-"), UInt8(ascii: ">"))
            || pair == (UInt8(ascii: ":"), UInt8(ascii: ":")) {
            return 2
        }
        return nil
    }

    static func isIdentifierByte(_ byte: UInt8, first: Bool) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte >= 0x80 || (!first && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// Whether a call written as `chain(` in code is this call: the same parts, or, for any receiver,
    /// the same parts after at least one receiver part.
    func matches(_ chain: [String]) -> Bool {
        if anyReceiver { return chain.count > parts.count && Array(chain.suffix(parts.count)) == parts }
        return chain == parts
    }
}
