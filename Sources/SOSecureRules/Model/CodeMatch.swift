import SOSecureCore

/// What a C-family rule looks for, written as code in the rule's language (`exec($CMD, ...)`).
/// Evaluated on token trees by `Engine/CFamily`; see `Docs/rule-format.md`.
public struct CodeMatch: Sendable {
    public enum Mode: Sendable {
        /// Every place the formula matches is a finding.
        case search(CodeFormula)
        /// Untrusted data reaching a sink inside one function.
        case taint(CodeTaint)
    }

    public let mode: Mode
    /// The metavariable (`$ARG`) whose binding is the finding's range; nil: the whole match.
    public let focus: String?

    public init(mode: Mode, focus: String? = nil) {
        self.mode = mode
        self.focus = focus
    }
}

/// A pattern formula: code patterns combined the way rule files write them.
public indirect enum CodeFormula: Sendable {
    /// `pattern: "exec($CMD, ...)"`
    case pattern(CodeSnippet)
    /// `pattern-either:`: any alternative.
    case either([CodeFormula])
    /// `patterns:`: the positive items match the same code, and every filter item holds.
    case all([CodeFormula])
    /// `pattern-not:`: drops matches of the same code.
    case not(CodeFormula)
    /// `pattern-inside:`: keeps matches that lie inside a match of this formula.
    case inside(CodeFormula)
    /// `pattern-not-inside:`: drops matches that lie inside a match of this formula.
    case notInside(CodeFormula)
    /// `metavariable-regex:`: the code bound to the metavariable, as written, matches the regex (searched).
    case metavariableRegex(metavariable: String, regex: String)

    /// Filters restrict the matches of the positive items of `patterns:`; they match nothing alone. A
    /// `pattern-either` of `pattern-inside` items is one (inside one of them).
    public var isFilter: Bool {
        switch self {
        case .not, .inside, .notInside, .metavariableRegex: return true
        case let .either(items): return !items.isEmpty && items.allSatisfy(\.isFilter)
        case .pattern, .all: return false
        }
    }

    /// Every pattern text in the formula, in order.
    public var snippets: [CodeSnippet] {
        switch self {
        case let .pattern(snippet): return [snippet]
        case let .either(items), let .all(items): return items.flatMap(\.snippets)
        case let .not(inner), let .inside(inner), let .notInside(inner): return inner.snippets
        case .metavariableRegex: return []
        }
    }
}

/// One pattern as written in a rule file, with where it was written for error messages.
public struct CodeSnippet: Sendable, Hashable {
    public let text: String
    /// 1-based line of the pattern in the rule file; 0 when unknown.
    public let line: Int
    /// Dotted field path in the rule file, e.g. `match.patterns[1].pattern-not`.
    public let field: String

    public init(text: String, line: Int = 0, field: String = "") {
        self.text = text
        self.line = line
        self.field = field
    }
}

/// Function-local taint: a source's value reaching the `$SINK` part of a sink, unless a sanitizer
/// stands in between.
public struct CodeTaint: Sendable {
    public let sources: [CodeFormula]
    /// Each sink's dangerous part is the code bound to `$SINK` (the whole match when the pattern has none).
    public let sinks: [CodeFormula]
    public let sanitizers: [CodeFormula]

    public static let sinkMetavariable = "$SINK"

    public init(sources: [CodeFormula], sinks: [CodeFormula], sanitizers: [CodeFormula] = []) {
        self.sources = sources
        self.sinks = sinks
        self.sanitizers = sanitizers
    }
}

extension Language {
    /// The languages whose files a rule written for `self` applies to: JavaScript rules also run on
    /// TypeScript, C rules also on C++ (each language is a superset of the other in practice).
    public var ruleTargets: Set<Language> {
        switch self {
        case .javascript: return [.javascript, .typescript]
        case .c: return [.c, .cpp]
        default: return [self]
        }
    }

    /// Whether rules for this language are written as code patterns (everything but Python).
    public var usesCodePatterns: Bool { self != .python }
}

extension RuleExamples {
    /// The comment that marks a flagged line in a vulnerable example of a rule for `language`.
    public static func expectMarker(for language: Language) -> String {
        language == .python ? expectMarker : "// expect"
    }
}
