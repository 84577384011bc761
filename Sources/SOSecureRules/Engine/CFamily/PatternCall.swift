import SOSecureCFamily
import SOSecureCore

/// The call a C-family pattern is about, read from its compiled nodes (so strings, comments and
/// brackets are the dialect lexer's): the first dotted name followed by `(…)` — `md5.Sum` in
/// `md5.Sum(...)`, `Function` in `new Function(..., $BODY)`, `exec` with any receiver in
/// `$CHILD.exec($CMD)`. Patterns without one (`$NAME = $VALUE`) name no call.
public struct PatternCall: Sendable, Hashable {
    /// The name's parts after any metavariable receiver (`["exec"]` for `$CHILD.exec`).
    public let parts: [String]
    /// The pattern called a method of a metavariable (or a PHP variable): any receiver matches.
    public let anyReceiver: Bool

    /// Words followed by `(` that are syntax, not calls.
    static let notCalls: Set<String> = ["if", "for", "while", "switch", "catch", "return", "function", "func", "sizeof",
                                        "typeof", "fn", "foreach", "elseif", "match", "synchronized", "guard"]
    static let separators: Set<String> = [".", "?.", "->", "::"]

    /// The first call of `pattern` in `language`; nil when the pattern does not compile or calls nothing.
    public init?(pattern: String, language: Language) {
        guard let dialect = Dialect(language: language),
              let compiled = try? CodePatternCompiler.compile(pattern, dialect: dialect),
              let call = Self.firstCall(compiled.nodes) else { return nil }
        self = call
    }

    init(parts: [String], anyReceiver: Bool) {
        self.parts = parts
        self.anyReceiver = anyReceiver
    }

    /// Walks the nodes in source order, into brackets, keeping the name chain being read.
    private static func firstCall(_ nodes: [PatternNode]) -> PatternCall? {
        var chain: [String] = []
        var afterSeparator = false
        func extend(_ name: String) {
            // Two names in a row start a new chain (`return foo(`).
            if !afterSeparator { chain = [] }
            chain.append(name)
            afterSeparator = false
        }
        for node in nodes {
            switch node {
            case let .token(kind, text) where kind == .identifier || kind == .keyword || kind == .variable:
                // `new Function(…)` calls `Function`.
                if text == "new" && chain.isEmpty { continue }
                extend(text)
            case let .metavariable(name):
                extend(name)
            case let .token(.punctuation, text) where separators.contains(text) && !chain.isEmpty && !afterSeparator:
                afterSeparator = true
            case let .group(open, children):
                if open == "(", !afterSeparator, let call = named(chain) { return call }
                chain = []
                afterSeparator = false
                if let inner = firstCall(children) { return inner }
            default:
                chain = []
                afterSeparator = false
            }
        }
        return nil
    }

    /// `$X.a.b` → any receiver, `a.b`; a chain of metavariables only (`$F(...)`) or syntax names nothing.
    private static func named(_ chain: [String]) -> PatternCall? {
        let parts: [String]
        let anyReceiver: Bool
        if let last = chain.lastIndex(where: { $0.hasPrefix("$") }) {
            parts = Array(chain[(last + 1)...])
            anyReceiver = true
        } else {
            parts = chain
            anyReceiver = false
        }
        guard !parts.isEmpty, !(parts.count == 1 && notCalls.contains(parts[0])) else { return nil }
        return PatternCall(parts: parts, anyReceiver: anyReceiver)
    }
}
