import SOSecureCore

/// One security rule as written in a rule file: metadata, what to match, an optional fix and its examples.
public struct Rule: Sendable {
    public let id: String
    public let language: Language
    public let cwes: [CWE]
    public let severity: Severity
    public let confidence: Confidence
    public let summary: String
    /// The finding message; the summary when the file gives none.
    public let message: String
    public let rationale: String
    public let match: Matcher
    public let fix: FixSpec?
    public let examples: RuleExamples
    public let references: [String]
    /// Where the rule was loaded from, for error messages and `rules explain`.
    public let origin: String

    public init(id: String, language: Language, cwes: [CWE], severity: Severity, confidence: Confidence,
                summary: String, message: String? = nil, rationale: String, match: Matcher, fix: FixSpec? = nil,
                examples: RuleExamples, references: [String] = [], origin: String = "") {
        self.id = id
        self.language = language
        self.cwes = cwes
        self.severity = severity
        self.confidence = confidence
        self.summary = summary
        self.message = message ?? summary
        self.rationale = rationale
        self.match = match
        self.fix = fix
        self.examples = examples
        self.references = references
        self.origin = origin
    }
}

/// Code samples that double as tests: every vulnerable one is flagged on its `# expect` lines,
/// every safe one is silent.
public struct RuleExamples: Sendable {
    public let vulnerable: [String]
    public let safe: [String]

    public init(vulnerable: [String], safe: [String]) {
        self.vulnerable = vulnerable
        self.safe = safe
    }

    /// The marker that ends a line where a vulnerable example must be flagged.
    public static let expectMarker = "# expect"
}

/// A deterministic rewrite a rule offers for its findings.
public struct FixSpec: Sendable {
    public enum Operation: Sendable, Equatable {
        /// Replace the callee's last name segment (`yaml.load` → `yaml.safe_load`).
        case renameCallee(String)
        /// Drop a keyword argument with its separating comma.
        case removeKeyword(String)
        /// Replace a keyword argument's value, or add the keyword when the call lacks it.
        case setKeyword(name: String, value: String)
        /// Replace the value of a matched assignment.
        case replaceValue(String)
        /// C-family rules: replace the flagged code (the match, or its `focus`) with this text, in which
        /// `$X` stands for the code the metavariable `$X` matched.
        case replaceMatch(String)
    }

    public let title: String
    public let applicability: Applicability
    public let operation: Operation

    public init(title: String, applicability: Applicability, operation: Operation) {
        self.title = title
        self.applicability = applicability
        self.operation = operation
    }
}

extension Rule {
    public var metadata: RuleMetadata {
        RuleMetadata(id: id, language: language, cwes: cwes, severity: severity, confidence: confidence,
                     summary: summary, rationale: rationale, fixable: fix != nil, references: references)
    }
}
