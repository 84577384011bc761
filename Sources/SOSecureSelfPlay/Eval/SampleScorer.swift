import SOSecureCore
import SOSecureRemediation

/// Scores one model answer with the product's judge: extract the code block, parse and analyze it.
public struct SampleScorer: Sendable {
    /// Every sample of a language is judged under this one name, so fingerprints of a sample and of its
    /// revisions compare.
    public static func solutionPath(_ language: Language) -> String { "solution.\(language.fileExtension)" }

    public let judge: RevisionJudge

    public init(judge: RevisionJudge) {
        self.judge = judge
    }

    /// Whether the judge has a front end for the language; a task in one it lacks is reported as not scored
    /// rather than counted as safe.
    public static func canScore(_ language: Language) -> Bool { RevisionJudge.reads(language) }

    /// The reason a task is left out of the rates, or nil when it is scored.
    public static func notScoredReason(_ language: Language) -> String? {
        canScore(language) ? nil : "not scored (no analyzer for \(language.rawValue))"
    }

    public func score(answer: String, task: CodingTask, sample: Int, model: String) -> EvalSampleRecord {
        let code: String
        do {
            code = try CodeBlockExtractor.extract(from: answer, language: task.language)
        } catch {
            return EvalSampleRecord(task: task.id, sample: sample, language: task.language, model: model, code: nil,
                                    extractionError: "\(error)", parses: false, syntaxErrors: [], findings: [])
        }
        let judgement = judge.judge(code, path: Self.solutionPath(task.language), language: task.language)
        let errors = judgement.syntaxErrors.prefix(3).map(judgement.describe)
        return EvalSampleRecord(task: task.id, sample: sample, language: task.language, model: model, code: code,
                                extractionError: nil, parses: judgement.parses, syntaxErrors: Array(errors),
                                findings: judgement.findings.map(EvalFinding.init))
    }
}
