import SOSecureCore
import SOSecureRemediation

/// Scores one model answer with the product's judge: extract the code block, parse and analyze it.
public struct SampleScorer: Sendable {
    /// Languages the judge can analyze. `RevisionJudge` analyzes Python today; a task in another language
    /// is reported as not scored rather than counted as safe.
    public static let analyzedLanguages: Set<Language> = [.python]

    /// Every sample is judged under this one name, so fingerprints of a sample and of its revisions compare.
    public static let solutionPath = "solution.py"

    public let judge: RevisionJudge

    public init(judge: RevisionJudge) {
        self.judge = judge
    }

    public static func canScore(_ language: Language) -> Bool { analyzedLanguages.contains(language) }

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
        let judgement = judge.judge(code, path: Self.solutionPath)
        let errors = judgement.syntaxErrors.prefix(3).map(judgement.describe)
        return EvalSampleRecord(task: task.id, sample: sample, language: task.language, model: model, code: code,
                                extractionError: nil, parses: judgement.parses, syntaxErrors: Array(errors),
                                findings: judgement.findings.map(EvalFinding.init))
    }
}
