import SOSecureCore
import SOSecureKnowledge

/// A finding as the remediation report lists it.
public struct ReportedFinding: Sendable, Hashable, Codable {
    public let rule: String
    public let line: Int
    public let column: Int
    public let severity: String
    public let cwe: [Int]
    public let message: String
    public let fingerprint: String

    public init(_ finding: Finding) {
        rule = finding.ruleID
        line = finding.start.line
        column = finding.start.column
        severity = finding.severity.rawValue
        cwe = finding.cwes.map(\.id)
        message = finding.message
        fingerprint = finding.fingerprint
    }
}

/// A finding a change resolved, with the rule's reasoning.
public struct ResolvedFinding: Sendable, Hashable, Codable {
    public let rule: String
    public let line: Int
    public let message: String
    public let rationale: String
    /// `rule-fix` when the rule's deterministic fix resolved it, `llm` when the model's verified revision did.
    public let resolvedBy: String

    enum CodingKeys: String, CodingKey {
        case rule, line, message, rationale
        case resolvedBy = "resolved_by"
    }
}

/// One hunk of the accepted change and why it is there.
public struct ExplainedChange: Sendable, Hashable, Codable {
    /// The hunk in unified-diff form, header included.
    public let hunk: String
    public let resolves: [ResolvedFinding]
    /// The knowledge-base discussions behind the change.
    public let evidence: [EvidenceReference]
}

/// The deterministic part of a remediation, as reported.
public struct DeterministicSummary: Sendable, Hashable, Codable {
    public let applied: [AppliedFix]
    public let dropped: [DroppedFix]
    public let skipped: [DroppedFix]
    public let rounds: Int
    public let converged: Bool
}

/// The outcome of `fix` for one file.
public struct RemediationResult: Sendable, Codable {
    public enum Status: String, Sendable, Codable {
        case fixed
        case partiallyFixed = "partially_fixed"
        case unchanged
        case failed
    }

    public let path: String
    public let status: Status
    public let findingsBefore: [ReportedFinding]
    public let findingsAfter: [ReportedFinding]
    /// Unified diff from the original to the revised text; empty when nothing changed.
    public let diff: String
    public let revisedCode: String
    public let changes: [ExplainedChange]
    public let attempts: [RevisionAttempt]
    public let deterministic: DeterministicSummary
    /// Every discussion retrieved for the file, best first.
    public let evidence: [EvidenceReference]
    /// The model that revised the file, when one was asked.
    public let model: String?
    /// Why the LLM step was skipped or did not produce an accepted revision.
    public let notes: [String]

    enum CodingKeys: String, CodingKey {
        case path, status, diff, changes, attempts, deterministic, evidence, model, notes
        case findingsBefore = "findings_before"
        case findingsAfter = "findings_after"
        case revisedCode = "revised_code"
    }
}

/// Everything the command needs beyond the serialized result: the texts and the findings themselves.
public struct Remediation: Sendable {
    public let result: RemediationResult
    public let originalText: String
    public let revisedText: String
    public let before: [Finding]
    public let after: [Finding]
    /// Findings of the original that the final text no longer has.
    public let resolved: [Finding]
    /// Resolved findings the model's revision (not a rule fix) took care of.
    public let resolvedByModel: [Finding]
    /// The discussions retrieved for the file (their full text, for rendering warnings).
    public let discussions: [SearchHitSummary]

    public var changed: Bool { originalText != revisedText }
}

/// The parts of a retrieved discussion shown beside findings.
public struct SearchHitSummary: Sendable, Hashable, Codable {
    public let id: String
    public let url: String
    public let title: String
    public let cwe: [Int]
    public let warnings: [String]
}

extension SearchHitSummary {
    init(_ hit: SearchHit) {
        self.init(id: hit.id, url: hit.url, title: hit.title, cwe: hit.cwe, warnings: hit.warnings)
    }
}
