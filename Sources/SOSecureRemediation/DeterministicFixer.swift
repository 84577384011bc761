import SOSecureCore

/// A rule fix the fixer applied, with the finding it resolved.
public struct AppliedFix: Sendable, Hashable, Codable {
    public let ruleID: String
    public let title: String
    public let applicability: Applicability
    /// 1-based line of the finding in the text the fix was applied to.
    public let line: Int
    public let round: Int

    enum CodingKeys: String, CodingKey {
        case ruleID = "rule"
        case title, applicability, line, round
    }
}

/// A rule fix the fixer refused, and why.
public struct DroppedFix: Sendable, Hashable, Codable {
    public let ruleID: String
    public let title: String
    public let line: Int
    public let reason: String

    enum CodingKeys: String, CodingKey {
        case ruleID = "rule"
        case title, line, reason
    }
}

/// What the deterministic fixer did to one file.
public struct DeterministicFixReport: Sendable {
    /// The text after every accepted round (the input when nothing was applied or rounds did not converge).
    public let text: String
    public let applied: [AppliedFix]
    public let dropped: [DroppedFix]
    /// Fixes not applied because their applicability was not allowed (display-only, or unsafe without the flag).
    public let skipped: [DroppedFix]
    public let rounds: Int
    /// False when fixes still changed the text after the last allowed round; the text is then the input.
    public let converged: Bool
    /// The judge's view of `text`.
    public let judgement: Judgement

    public var changed: Bool { !applied.isEmpty }
}

/// Applies rule fixes in rounds until nothing changes. Every round is judged: its result must parse
/// (no syntax error the input did not have), must remove the findings it targets and must not add a
/// finding. A fix that breaks one of those is dropped with the reason, and the round is retried without it.
public struct DeterministicFixer: Sendable {
    public let judge: RevisionJudge
    public let allowUnsafe: Bool
    public let maxRounds: Int

    public init(judge: RevisionJudge, allowUnsafe: Bool = false, maxRounds: Int = 10) {
        self.judge = judge
        self.allowUnsafe = allowUnsafe
        self.maxRounds = maxRounds
    }

    public func isAllowed(_ applicability: Applicability) -> Bool {
        switch applicability {
        case .safe: return true
        case .unsafe: return allowUnsafe
        case .displayOnly: return false
        }
    }

    public func fix(_ text: String, path: String, language: Language? = nil) -> DeterministicFixReport {
        fix(judge.judge(text, path: path, language: language), path: path)
    }

    /// Starts from a judgement the caller already has (the scan's), so the input is analyzed once.
    public func fix(_ start: Judgement, path: String) -> DeterministicFixReport {
        let original = start
        var current = start
        var applied: [AppliedFix] = []
        var dropped: [DroppedFix] = []
        var refused = Set<FixKey>()
        var skipped: [DroppedFix] = []
        for finding in start.findings {
            guard let fix = finding.fix, !isAllowed(fix.applicability) else { continue }
            let why = fix.applicability == .displayOnly ? "display-only: shown, never applied" : "unsafe: applied only with --unsafe-fixes"
            skipped.append(DroppedFix(ruleID: finding.ruleID, title: fix.title, line: finding.start.line, reason: why))
        }
        if !start.offsetsMatchText {
            let reason = "the file is not plain UTF-8 (byte-order mark or encoding declaration); fixes are shown, not applied"
            let notApplied = start.findings.compactMap { finding in
                finding.fix.map { DroppedFix(ruleID: finding.ruleID, title: $0.title, line: finding.start.line, reason: reason) }
            }
            return DeterministicFixReport(text: start.text, applied: [], dropped: notApplied, skipped: skipped, rounds: 0,
                                          converged: true, judgement: start)
        }
        var round = 0
        while true {
            let candidates = selectCandidates(current.findings, refused: refused)
            if candidates.isEmpty {
                return DeterministicFixReport(text: current.text, applied: applied, dropped: dropped, skipped: skipped,
                                              rounds: round, converged: true, judgement: current)
            }
            if round == maxRounds {
                let reason = "fixes did not converge within \(maxRounds) rounds; no fix was kept"
                let notKept = applied.map { DroppedFix(ruleID: $0.ruleID, title: $0.title, line: $0.line, reason: reason) }
                return DeterministicFixReport(text: original.text, applied: [], dropped: dropped + notKept, skipped: skipped,
                                              rounds: round, converged: false, judgement: original)
            }
            round += 1
            var batch = candidates
            while !batch.isEmpty {
                let attempt = trial(batch, on: current, path: path)
                if attempt.problems.isEmpty, let next = attempt.judgement {
                    applied += batch.map { AppliedFix(ruleID: $0.ruleID, title: $0.fix!.title, applicability: $0.fix!.applicability,
                                                      line: $0.start.line, round: round) }
                    current = next
                    break
                }
                if batch.count == 1 {
                    refuse(batch[0], reason: attempt.problems.joined(separator: "; "))
                    break
                }
                // Find the offenders: judge every fix alone against the same text.
                var passing: [Finding] = []
                for finding in batch {
                    let alone = trial([finding], on: current, path: path)
                    if alone.problems.isEmpty { passing.append(finding) } else { refuse(finding, reason: alone.problems.joined(separator: "; ")) }
                }
                // Each passes alone but not together: they interact, so take them one per round.
                batch = passing.count == batch.count ? [passing[0]] : passing
            }
        }

        func refuse(_ finding: Finding, reason: String) {
            refused.insert(FixKey(finding))
            dropped.append(DroppedFix(ruleID: finding.ruleID, title: finding.fix?.title ?? "", line: finding.start.line, reason: reason))
        }
    }

    /// Allowed fixes of not-yet-refused findings, first come first served among overlapping ones.
    private func selectCandidates(_ findings: [Finding], refused: Set<FixKey>) -> [Finding] {
        var chosen: [Finding] = []
        var taken: [TextRange] = []
        let sorted = findings.sorted { ($0.range.start, $0.range.end, $0.ruleID) < ($1.range.start, $1.range.end, $1.ruleID) }
        for finding in sorted {
            guard let fix = finding.fix, isAllowed(fix.applicability), !fix.edits.isEmpty, !refused.contains(FixKey(finding)) else { continue }
            let ranges = fix.edits.map(\.range)
            // Two insertions at one offset are ambiguous too, like in `EditApplier`.
            if ranges.contains(where: { range in taken.contains { $0.overlaps(range) || ($0 == range) } }) { continue }
            taken += ranges
            chosen.append(finding)
        }
        return chosen
    }

    private struct Trial {
        var judgement: Judgement?
        var problems: [String]
    }

    private func trial(_ batch: [Finding], on current: Judgement, path: String) -> Trial {
        let edits = batch.flatMap { $0.fix!.edits }
        let text: String
        do {
            text = try EditApplier.apply(edits, to: current.text)
        } catch {
            return Trial(judgement: nil, problems: ["edits cannot be applied: \(error)"])
        }
        if text == current.text { return Trial(judgement: nil, problems: ["the fix changes nothing"]) }
        let next = judge.judge(text, path: path, language: current.language)
        var problems: [String] = []
        if next.syntaxErrors.count > current.syntaxErrors.count, let error = next.syntaxErrors.first {
            problems.append("the result does not parse: \(next.describe(error))")
        }
        let comparison = FindingComparison(before: current.findings, after: next.findings, edits: edits)
        for finding in comparison.introduced {
            problems.append("adds a finding: \(finding.ruleID) at line \(finding.start.line)")
        }
        var targeted: [FixKey: Int] = [:]
        for finding in batch { targeted[FixKey(finding), default: 0] += 1 }
        for (key, count) in targeted where comparison.resolvedCount(ruleID: key.ruleID, fingerprint: key.fingerprint) < count {
            problems.append("does not remove the \(key.ruleID) finding")
        }
        return Trial(judgement: next, problems: problems)
    }
}

/// A finding's identity for the fixer's bookkeeping.
struct FixKey: Hashable {
    let ruleID: String
    let fingerprint: String

    init(_ finding: Finding) {
        ruleID = finding.ruleID
        fingerprint = finding.fingerprint
    }
}
