import SOSecureCore

/// The judge's decision on one candidate revision.
public struct Verdict: Sendable {
    public let accepted: Bool
    public let judgement: Judgement
    /// Why the revision was rejected; empty when accepted.
    public let reasons: [String]
    /// Targeted findings still reported in the revision.
    public let remaining: [Finding]
    /// Findings the revision added.
    public let introduced: [Finding]
}

/// Accepts a revision only if it parses, every targeted finding is gone and no finding is new
/// (rule + fingerprint, compared as a multiset). Runs the same judge that produced the findings.
public struct RevisionVerifier: Sendable {
    public let judge: RevisionJudge

    public init(judge: RevisionJudge) {
        self.judge = judge
    }

    public func verify(_ candidate: String, against input: Judgement, path: String) -> Verdict {
        let revised = judge.judge(candidate, path: path, language: input.language)
        var reasons: [String] = []
        // A file that never parsed may stay as broken as it was, but no worse; a parsing file must keep parsing.
        let allowedErrors = input.parses ? 0 : input.syntaxErrors.count
        if revised.syntaxErrors.count > allowedErrors, let error = revised.syntaxErrors.first {
            reasons.append("the revision does not parse: \(revised.describe(error))")
        }
        let comparison = FindingComparison(before: input.findings, after: revised.findings)
        if candidate == input.text && !input.findings.isEmpty {
            reasons.append("the revision is identical to the input")
        }
        if !comparison.remaining.isEmpty {
            let names = comparison.remaining.map { "\($0.ruleID) at line \($0.start.line)" }
            reasons.append("findings remain: \(names.joined(separator: ", "))")
        }
        if !comparison.introduced.isEmpty {
            let names = comparison.introduced.map { "\($0.ruleID) at line \($0.start.line)" }
            reasons.append("the revision adds findings: \(names.joined(separator: ", "))")
        }
        return Verdict(accepted: reasons.isEmpty, judgement: revised, reasons: reasons,
                       remaining: comparison.remaining, introduced: comparison.introduced)
    }
}
