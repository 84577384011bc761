import SOSecureCore
import SOSecureKnowledge

/// The `fix` pipeline for one file: analyze → retrieve discussions → deterministic rule fixes → model
/// revision (when a model is given) → verify → explain. Adapters (CLI, server, REPL) only call this.
public struct Remediator: Sendable {
    public let judge: RevisionJudge
    public let fixer: DeterministicFixer
    public let retriever: (any DiscussionRetriever)?
    /// Discussions retrieved per file.
    public let k: Int
    /// The model loop; nil runs deterministic fixes only.
    public let loop: RevisionLoop?
    /// Rule rationales by rule id, for prompts and explanations.
    public let rationales: [String: String]

    public init(judge: RevisionJudge, allowUnsafeFixes: Bool = false, retriever: (any DiscussionRetriever)?, k: Int = 5,
                loop: RevisionLoop? = nil, rationales: [String: String] = [:], maxFixRounds: Int = 10) {
        self.judge = judge
        self.fixer = DeterministicFixer(judge: judge, allowUnsafe: allowUnsafeFixes, maxRounds: maxFixRounds)
        self.retriever = retriever
        self.k = k
        self.loop = loop
        self.rationales = rationales
    }

    /// `language` nil: as the path's extension says, else Python (as `scan` reads it).
    public func remediate(text: String, path: String, language: Language? = nil) async -> Remediation {
        let original = judge.judge(text, path: path, language: language)
        let language = original.language
        var notes: [String] = []
        var discussions: [SearchHit] = []
        if !original.findings.isEmpty, let retriever {
            do {
                discussions = try retriever.discussions(code: text, language: language, findings: original.findings, k: k)
            } catch {
                notes.append("knowledge base unavailable: \(error)")
            }
        }
        let deterministic = fixer.fix(original, path: path)
        var final = deterministic.judgement
        var attempts: [RevisionAttempt] = []
        var modelName: String?
        var promptEvidence: [EvidenceReference] = []
        var modelFailed = false
        if let loop, !final.findings.isEmpty {
            let outcome = await loop.revise(final, path: path, language: language, discussions: discussions)
            attempts = outcome.attempts
            modelName = outcome.model
            promptEvidence = outcome.prompt.evidence
            if !outcome.prompt.droppedEvidence.isEmpty {
                notes.append("left out of the prompt to fit the token budget: \(outcome.prompt.droppedEvidence.map(\.id).joined(separator: ", "))")
            }
            if let accepted = outcome.accepted {
                final = accepted.judgement
            } else {
                modelFailed = true
                notes.append(outcome.failure ?? "the model's revision was not accepted")
            }
        }

        // Findings are followed through the whole change by the line diff's edits.
        let edits = RevisionEdits.edits(from: original.text, to: final.text)
        let overall = FindingComparison(before: original.findings, after: final.findings, edits: edits)
        let afterRules = FindingComparison(before: original.findings, after: deterministic.judgement.findings,
                                           edits: RevisionEdits.edits(from: original.text, to: deterministic.text))
        let fixedByRules = Set(afterRules.resolved.map(FixKey.init))
        let resolvedByModel = overall.resolved.filter { !fixedByRules.contains(FixKey($0)) }

        let status: RemediationResult.Status
        if original.findings.isEmpty {
            status = .unchanged
        } else if final.findings.isEmpty {
            status = .fixed
        } else if !overall.resolved.isEmpty {
            status = .partiallyFixed
        } else {
            status = modelFailed ? .failed : .unchanged
        }

        let diff = LineDiff(old: original.text, new: final.text)
        let explainer = RevisionExplainer(rationales: rationales)
        let changes = explainer.explain(diff: diff, resolved: overall.resolved, byModel: Set(resolvedByModel.map(FixKey.init)),
                                        promptEvidence: promptEvidence, discussions: discussions)
        let result = RemediationResult(
            path: path, status: status,
            findingsBefore: original.findings.map(ReportedFinding.init), findingsAfter: final.findings.map(ReportedFinding.init),
            diff: diff.unified(oldPath: LineDiff.label("a", path), newPath: LineDiff.label("b", path)), revisedCode: final.text, changes: changes,
            attempts: attempts,
            deterministic: DeterministicSummary(applied: deterministic.applied, dropped: deterministic.dropped,
                                                skipped: deterministic.skipped, rounds: deterministic.rounds,
                                                converged: deterministic.converged),
            evidence: discussions.map(EvidenceReference.init), model: modelName, notes: notes)
        return Remediation(result: result, originalText: original.text, revisedText: final.text, before: original.findings,
                           after: final.findings, resolved: overall.resolved, resolvedByModel: resolvedByModel,
                           discussions: discussions.map(SearchHitSummary.init))
    }
}
