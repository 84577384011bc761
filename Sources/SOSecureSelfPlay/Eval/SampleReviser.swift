import SOSecureCore
import SOSecureRemediation

/// A revision that could not be completed (the model failed); the sample stays unrevised and a re-run retries it.
public struct RevisionFailure: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Runs the SOSecure loop of `fix` (rule fixes, then verified model revisions with community evidence) on a
/// vulnerable sample and measures it against the original.
public struct SampleReviser: Sendable {
    public let scorer: SampleScorer
    public let retriever: (any DiscussionRetriever)?
    public let k: Int
    public let model: any ChatModel
    public let maxRounds: Int
    public let promptBudget: Int
    public let rationales: [String: String]

    public init(scorer: SampleScorer, retriever: (any DiscussionRetriever)?, k: Int = 5, model: any ChatModel,
                maxRounds: Int = 3, promptBudget: Int = 6_000, rationales: [String: String] = [:]) {
        self.scorer = scorer
        self.retriever = retriever
        self.k = k
        self.model = model
        self.maxRounds = maxRounds
        self.promptBudget = promptBudget
        self.rationales = rationales
    }

    public func revise(_ record: EvalSampleRecord) async throws -> RevisionRecord {
        guard let code = record.code else { throw RevisionFailure(message: "the sample has no code to revise") }
        let judge = scorer.judge
        let recorder = RecordingChatModel(model)
        let loop = RevisionLoop(model: recorder, verifier: RevisionVerifier(judge: judge),
                                builder: RevisionPromptBuilder(tokenBudget: promptBudget), maxRounds: maxRounds,
                                rationales: rationales)
        let remediator = Remediator(judge: judge, retriever: retriever, k: k, loop: loop, rationales: rationales)
        let path = SampleScorer.solutionPath(record.language)
        let remediation = await remediator.remediate(text: code, path: path, language: record.language)
        if let failed = remediation.result.attempts.flatMap(\.reasons).first(where: { $0.hasPrefix("model request failed") }) {
            throw RevisionFailure(message: failed)
        }

        // Judge every candidate the model proposed, accepted or not, against the original sample. A finding
        // is new unless the original had it: same rule and fingerprint, or the same rule at the place the
        // candidate's edits moved the old one to (a rewritten flagged line keeps its finding, it gains none).
        let original = judge.judge(code, path: path, language: record.language)
        var introduced: [EvalFinding] = []
        var candidates = 0
        for answer in recorder.answers {
            guard let candidate = try? CodeBlockExtractor.extract(from: answer, language: record.language) else { continue }
            candidates += 1
            let revised = judge.judge(candidate, path: path, language: record.language)
            let comparison = FindingComparison(before: original.findings, after: revised.findings,
                                               edits: RevisionEdits.edits(from: original.text, to: revised.text))
            for finding in comparison.introduced.map(EvalFinding.init)
            where !introduced.contains(where: { $0.identity == finding.identity }) {
                introduced.append(finding)
            }
        }
        let after = remediation.after.map(EvalFinding.init)
        return RevisionRecord(status: remediation.result.status.rawValue, findingsAfter: after, fixed: after.isEmpty,
                              introduced: introduced, candidates: candidates, modelRequests: recorder.requests,
                              code: remediation.revisedText)
    }
}
