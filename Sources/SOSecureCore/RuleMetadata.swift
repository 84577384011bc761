/// What reporters and adapters need to know about a rule, without depending on the rule engine.
public struct RuleMetadata: Hashable, Sendable, Codable {
    public let id: String
    public let language: Language
    public let cwes: [CWE]
    public let severity: Severity
    public let confidence: Confidence
    /// One line: what is wrong.
    public let summary: String
    /// Why it matters and what to write instead.
    public let rationale: String
    public let fixable: Bool
    public let references: [String]

    public init(id: String, language: Language, cwes: [CWE], severity: Severity, confidence: Confidence,
                summary: String, rationale: String, fixable: Bool, references: [String] = []) {
        self.id = id
        self.language = language
        self.cwes = cwes
        self.severity = severity
        self.confidence = confidence
        self.summary = summary
        self.rationale = rationale
        self.fixable = fixable
        self.references = references
    }
}
