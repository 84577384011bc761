import SOSecureCore

/// A finding in a branch, as the tree file and the pairs record it.
public struct BranchFinding: Sendable, Equatable, Codable {
    public let rule: String
    /// `CWE-89`; the rule's first CWE.
    public let cwe: String?
    public let line: Int
    public let message: String

    public init(rule: String, cwe: String?, line: Int, message: String) {
        self.rule = rule
        self.cwe = cwe
        self.line = line
        self.message = message
    }

    init(_ finding: Finding) {
        self.init(rule: finding.ruleID, cwe: finding.cwes.first?.identifier, line: finding.start.line, message: finding.message)
    }
}
