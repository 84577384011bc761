import SOSecureCore
import SOSecureRules

/// The call a C-family pattern is about (`PatternCall`, read by the rule engine from the compiled
/// pattern), as self-play matches it against the calls written in generated code.
struct CodeCallName: Sendable, Hashable, CustomStringConvertible {
    /// The name's parts after any metavariable receiver (`["exec"]` for `$CHILD.exec`).
    let parts: [String]
    /// The pattern called a method of a metavariable: any receiver matches.
    let anyReceiver: Bool

    var description: String { (anyReceiver ? "*." : "") + parts.joined(separator: ".") }

    /// The first call of a pattern written for `language`; nil when it names none.
    init?(pattern text: String, language: Language) {
        guard let call = PatternCall(pattern: text, language: language) else { return nil }
        parts = call.parts
        anyReceiver = call.anyReceiver
    }

    /// Whether a call written as `chain(` in code is this call: the same parts, or, for any receiver,
    /// the same parts after at least one receiver part.
    func matches(_ chain: [String]) -> Bool {
        if anyReceiver { return chain.count > parts.count && Array(chain.suffix(parts.count)) == parts }
        return chain == parts
    }
}
