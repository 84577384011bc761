/// The judge's verdict on one self-play branch.
public enum BranchLabel: String, Sendable, Codable, CaseIterable {
    /// Parses, and the analyzer reports nothing.
    case secure
    /// Parses, and the analyzer reports at least one finding.
    case vulnerable
    /// Could not be completed into code that parses: counted, never used as a rejected example,
    /// since a preference for "parses" over "does not" is not a security lesson.
    case unparsable
}
