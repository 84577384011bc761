/// How much harm a finding can do if it is real. Ordered from least to most severe.
public enum Severity: String, CaseIterable, Comparable, Sendable, Codable {
    case info, low, medium, high, critical

    private var rank: Int { Severity.allCases.firstIndex(of: self)! }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// How sure the rule is that the finding is real. Ordered from least to most confident.
public enum Confidence: String, CaseIterable, Comparable, Sendable, Codable {
    case low, medium, high

    private var rank: Int { Confidence.allCases.firstIndex(of: self)! }
    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}
