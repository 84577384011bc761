import SOSecureCore
import SOSecureKnowledge

/// One request to the model and what the verifier made of the answer.
public struct RevisionAttempt: Sendable, Hashable, Codable {
    public let number: Int
    public let accepted: Bool
    /// Why the answer was rejected or failed; empty when accepted.
    public let reasons: [String]
    /// `rule-id@line` of targeted findings still present.
    public let remaining: [String]
    /// `rule-id@line` of findings the answer added.
    public let introduced: [String]
}

/// What the loop produced for one file.
public struct RevisionLoopOutcome: Sendable {
    /// The accepted revision and the judge's view of it; nil when no answer passed.
    public let accepted: (text: String, judgement: Judgement)?
    public let attempts: [RevisionAttempt]
    public let prompt: RevisionPrompt
    public let model: String
    /// Why nothing was accepted; nil when a revision was accepted.
    public let failure: String?
}

/// Asks the model for a revision, verifies it, and feeds the verifier's objections back until a
/// revision passes or `maxRounds` answers have been rejected. A rejected revision is never returned.
public struct RevisionLoop: Sendable {
    public let model: any ChatModel
    public let verifier: RevisionVerifier
    public let builder: RevisionPromptBuilder
    public let maxRounds: Int
    /// Rule rationales by rule id, quoted in the prompt.
    public let rationales: [String: String]

    public init(model: any ChatModel, verifier: RevisionVerifier, builder: RevisionPromptBuilder = RevisionPromptBuilder(),
                maxRounds: Int = 3, rationales: [String: String] = [:]) {
        self.model = model
        self.verifier = verifier
        self.builder = builder
        self.maxRounds = max(1, maxRounds)
        self.rationales = rationales
    }

    public func revise(_ input: Judgement, path: String, language: Language, discussions: [SearchHit]) async -> RevisionLoopOutcome {
        let findings = input.findings.map { PromptFinding($0, rationale: rationales[$0.ruleID] ?? "") }
        let prompt = builder.build(code: input.text, language: language, findings: findings, discussions: discussions)
        var messages = prompt.messages
        var attempts: [RevisionAttempt] = []
        for number in 1...maxRounds {
            let answer: String
            do {
                answer = try await model.complete(messages)
            } catch {
                // The client already retried what can be retried; another round would fail the same way.
                attempts.append(RevisionAttempt(number: number, accepted: false, reasons: ["model request failed: \(error)"],
                                                remaining: [], introduced: []))
                return RevisionLoopOutcome(accepted: nil, attempts: attempts, prompt: prompt, model: model.modelName,
                                           failure: "model request failed: \(error)")
            }
            let feedback: String
            do {
                let candidate = try CodeBlockExtractor.extract(from: answer, language: language)
                let verdict = verifier.verify(Self.keepingFinalNewline(candidate, like: input.text), against: input, path: path)
                attempts.append(RevisionAttempt(number: number, accepted: verdict.accepted, reasons: verdict.reasons,
                                                remaining: verdict.remaining.map(Self.label), introduced: verdict.introduced.map(Self.label)))
                if verdict.accepted {
                    return RevisionLoopOutcome(accepted: (verdict.judgement.text, verdict.judgement), attempts: attempts,
                                               prompt: prompt, model: model.modelName, failure: nil)
                }
                feedback = builder.feedback(reasons: verdict.reasons,
                                            remaining: verdict.remaining.map { PromptFinding($0, rationale: "") },
                                            introduced: verdict.introduced.map { PromptFinding($0, rationale: "") }, language: language)
            } catch {
                let reason = "\(error)"
                attempts.append(RevisionAttempt(number: number, accepted: false, reasons: [reason], remaining: [], introduced: []))
                feedback = builder.feedback(reasons: [reason], remaining: [], introduced: [], language: language)
            }
            // Keep the conversation bounded: the first request, the last answer and the objections to it.
            messages = prompt.messages + [ChatMessage(role: .assistant, content: answer), ChatMessage(role: .user, content: feedback)]
        }
        let last = attempts.last?.reasons.joined(separator: "; ") ?? "no attempt"
        return RevisionLoopOutcome(accepted: nil, attempts: attempts, prompt: prompt, model: model.modelName,
                                   failure: "no revision passed verification in \(maxRounds) attempt\(maxRounds == 1 ? "" : "s"); last: \(last)")
    }

    static func label(_ finding: Finding) -> String { "\(finding.ruleID)@\(finding.start.line)" }

    /// Code blocks lose the file's final newline or gain one; keep the input's convention so the diff
    /// shows only real changes.
    static func keepingFinalNewline(_ candidate: String, like original: String) -> String {
        let trimmed = candidate.trimmingTrailingNewlines()
        return original.utf8.last == UInt8(ascii: "\n") ? trimmed + "\n" : trimmed
    }
}
