import SOSecureCore

/// The `fix` report for a terminal: findings, community evidence, rule fixes, model attempts, then the
/// diff with each hunk's explanation and the URLs of its evidence.
public struct RemediationTextRenderer: Sendable {
    /// Warning comments shown per discussion.
    public var warningsPerDiscussion = 2
    /// Whether to print the diff (`--diff`).
    public var showDiff = true

    public init(showDiff: Bool = true) {
        self.showDiff = showDiff
    }

    public func render(_ remediation: Remediation) -> String {
        let result = remediation.result
        var lines: [String] = []
        let counts = "\(result.findingsBefore.count) finding\(result.findingsBefore.count == 1 ? "" : "s") → \(result.findingsAfter.count)"
        lines.append("\(result.path): \(result.status.rawValue.replacingUnderscores) (\(counts))")
        if result.findingsBefore.isEmpty { return lines.joined(separator: "\n") + "\n" }

        lines.append("")
        lines.append("Findings:")
        for finding in result.findingsBefore {
            lines.append(Self.findingLine(finding, path: result.path))
        }

        lines.append("")
        lines += evidenceLines(remediation.discussions)

        let deterministic = result.deterministic
        if !deterministic.applied.isEmpty || !deterministic.dropped.isEmpty || !deterministic.skipped.isEmpty {
            lines.append("")
            lines.append("Rule fixes (verified by re-analysis, \(deterministic.rounds) round\(deterministic.rounds == 1 ? "" : "s")\(deterministic.converged ? "" : ", did not converge")):")
            for fix in deterministic.applied {
                lines.append("  applied  line \(fix.line)  \(fix.ruleID): \(fix.title) [\(Self.name(fix.applicability))]")
            }
            for fix in deterministic.dropped {
                lines.append("  dropped  line \(fix.line)  \(fix.ruleID): \(fix.title) — \(fix.reason)")
            }
            for fix in deterministic.skipped {
                lines.append("  skipped  line \(fix.line)  \(fix.ruleID): \(fix.title) — \(fix.reason)")
            }
        }

        if !result.attempts.isEmpty {
            lines.append("")
            lines.append("Model revision (\(result.model ?? "model")):")
            for attempt in result.attempts {
                let verdict = attempt.accepted ? "accepted" : "rejected: \(attempt.reasons.joined(separator: "; "))"
                lines.append("  attempt \(attempt.number): \(verdict)")
            }
        }

        if !result.changes.isEmpty {
            lines.append("")
            lines += changeLines(result)
        }

        if !result.findingsAfter.isEmpty {
            lines.append("")
            lines.append("Remaining findings:")
            for finding in result.findingsAfter {
                lines.append("  \(result.path):\(finding.line):\(finding.column)  \(finding.severity)  \(finding.rule)  \(finding.message)")
            }
        }
        for note in result.notes {
            lines.append("note: \(note)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One finding: `path:line:col  severity  rule  message (CWE-n)`.
    public static func findingLine(_ finding: ReportedFinding, path: String) -> String {
        "  \(path):\(finding.line):\(finding.column)  \(finding.severity)  \(finding.rule)  \(finding.message)\(cweText(finding.cwe))"
    }

    /// The retrieved discussions: id, title, URL and the first warning comments.
    public func evidenceLines(_ discussions: [SearchHitSummary]) -> [String] {
        if discussions.isEmpty { return ["Community evidence: none retrieved"] }
        var lines = ["Community evidence:"]
        for hit in discussions {
            lines.append("  [\(hit.id)] \(hit.title)")
            lines.append("    \(hit.url)")
            for warning in hit.warnings.prefix(warningsPerDiscussion) {
                lines.append("    ! \(Self.oneLine(warning, limit: 160))")
            }
        }
        return lines
    }

    /// The accepted change: each hunk (or its header without `--diff`), the findings it resolves with the
    /// rules' reasons, and the discussions behind it.
    public func changeLines(_ result: RemediationResult) -> [String] {
        var lines: [String] = []
        lines.append(showDiff ? "Changes:" : "Changes (diff hidden):")
        if showDiff {
            lines.append("--- \(LineDiff.label("a", result.path))")
            lines.append("+++ \(LineDiff.label("b", result.path))")
        }
        for change in result.changes {
            if showDiff { lines.append(change.hunk.trimmingTrailingNewlines()) } else { lines.append(change.hunk.prefix { $0 != "\n" }.description) }
            for resolved in change.resolves {
                let how = resolved.resolvedBy == "llm" ? "model revision" : "rule fix"
                lines.append("  ✓ resolves \(resolved.rule) (line \(resolved.line), \(how)): \(resolved.message)")
                if !resolved.rationale.isEmpty { lines.append("    why: \(Self.oneLine(resolved.rationale, limit: 400))") }
            }
            for evidence in change.evidence {
                lines.append("    evidence: [\(evidence.id)] \(evidence.title) — \(evidence.url)")
            }
        }
        return lines
    }

    static func cweText(_ cwes: [Int]) -> String {
        cwes.isEmpty ? "" : " (" + cwes.map { "CWE-\($0)" }.joined(separator: ", ") + ")"
    }

    static func name(_ applicability: SOSecureCore.Applicability) -> String {
        switch applicability {
        case .safe: return "safe"
        case .unsafe: return "unsafe"
        case .displayOnly: return "display-only"
        }
    }

    static func oneLine(_ text: String, limit: Int) -> String {
        let folded = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return folded.count <= limit ? folded : String(folded.prefix(limit - 1)) + "…"
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
