import SOSecureCore

/// What the knowledge base is asked: a piece of code and, when the analyzer ran, what it found.
public struct KnowledgeQuery: Sendable, Hashable {
    public var code: String
    public var language: Language?
    public var findings: [FindingHint]
    /// How many discussions to return (the paper found 5 best).
    public var k: Int

    public init(code: String, language: Language? = nil, findings: [FindingHint] = [], k: Int = 5) {
        self.code = code
        self.language = language
        self.findings = findings
        self.k = k
    }

    /// The parts of a finding that sharpen retrieval: which rule, which weakness, which APIs.
    public struct FindingHint: Sendable, Hashable {
        public var ruleID: String
        public var cwes: [Int]
        public var apis: [String]

        public init(ruleID: String, cwes: [Int], apis: [String] = []) {
            self.ruleID = ruleID
            self.cwes = cwes
            self.apis = apis
        }

        /// A hint from an analyzer finding; API names come from the rule, which a Finding does not carry.
        public init(_ finding: Finding, apis: [String] = []) {
            self.init(ruleID: finding.ruleID, cwes: finding.cwes.map(\.id), apis: apis)
        }
    }
}
