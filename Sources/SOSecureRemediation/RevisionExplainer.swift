import SOSecureCore
import SOSecureKnowledge

/// Says, for each hunk of an accepted change, which findings it resolves, why they mattered and which
/// community discussions backed it.
public struct RevisionExplainer: Sendable {
    public let rationales: [String: String]

    public init(rationales: [String: String]) {
        self.rationales = rationales
    }

    /// - Parameters:
    ///   - resolved: findings of the original text that the revised text no longer has.
    ///   - byModel: which of them the model's revision resolved (the rest were rule fixes).
    ///   - promptEvidence: the discussions that were in the model's prompt.
    ///   - discussions: every retrieved discussion; rule fixes cite those that share a CWE with what they fix.
    func explain(diff: LineDiff, resolved: [Finding], byModel: Set<FixKey>, promptEvidence: [EvidenceReference],
                 discussions: [SearchHit]) -> [ExplainedChange] {
        guard !diff.hunks.isEmpty else { return [] }
        var assigned: [[Finding]] = Array(repeating: [], count: diff.hunks.count)
        for finding in resolved {
            assigned[hunkIndex(for: finding, in: diff.hunks)].append(finding)
        }
        return diff.hunks.enumerated().map { index, hunk in
            let findings = assigned[index]
            let resolves = findings.map { finding in
                ResolvedFinding(rule: finding.ruleID, line: finding.start.line, message: finding.message,
                                rationale: rationales[finding.ruleID] ?? "", resolvedBy: byModel.contains(FixKey(finding)) ? "llm" : "rule-fix")
            }
            var evidence: [EvidenceReference] = []
            if findings.contains(where: { byModel.contains(FixKey($0)) }) || (findings.isEmpty && !promptEvidence.isEmpty) {
                evidence = promptEvidence
            }
            // Rule fixes had no prompt: cite the retrieved discussions about the same weakness.
            let ruleFixed = findings.filter { !byModel.contains(FixKey($0)) }
            let cwes = Set(ruleFixed.flatMap { $0.cwes.map(\.id) })
            for hit in discussions where !cwes.isDisjoint(with: hit.cwe) {
                let reference = EvidenceReference(hit)
                if !evidence.contains(reference) { evidence.append(reference) }
            }
            return ExplainedChange(hunk: hunk.text, resolves: resolves, evidence: evidence)
        }
    }

    /// The hunk whose changed lines contain the finding's first line; else whose old range (with context)
    /// does; else the nearest one.
    func hunkIndex(for finding: Finding, in hunks: [DiffHunk]) -> Int {
        let line = finding.start.line
        if let index = hunks.firstIndex(where: { $0.changedOldLines.contains(line) }) { return index }
        if let index = hunks.firstIndex(where: { $0.oldLines?.contains(line) ?? false }) { return index }
        func distance(_ hunk: DiffHunk) -> Int {
            let range = hunk.changedOldLines
            return line < range.lowerBound ? range.lowerBound - line : line - range.upperBound
        }
        return hunks.indices.min { distance(hunks[$0]) < distance(hunks[$1]) } ?? 0
    }
}
