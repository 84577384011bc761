import Foundation
import SOSecureCore
import SOSecureKnowledge
import SOSecureRemediation
import SOSecureRules

/// Who asked: the request's model and key, reused for revision requests so the proxy never needs
/// credentials of its own. The key is never logged or printed (see `description`).
struct ProxyCaller: Sendable, CustomStringConvertible {
    let model: String?
    let apiKey: String?

    /// The key from `Authorization: Bearer <key>`; other schemes are passed upstream but not reused.
    init(model: String?, authorization: String?) {
        self.model = model
        if let authorization, authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " {
            apiKey = authorization.dropFirst(7).trimmingCharacters(in: .whitespaces)
        } else {
            apiKey = nil
        }
    }

    var description: String { "ProxyCaller(model: \(model ?? "nil"), apiKey: \(apiKey == nil ? "none" : "<redacted>"))" }
}

/// What stands in an answer in place of one code block, and the note to add after the answer.
struct BlockInspection: Sendable {
    let replacement: String
    let note: String?

    static func unchanged(_ block: FencedBlock) -> BlockInspection { BlockInspection(replacement: block.raw, note: nil) }
}

/// Inspects one fenced block with the pipeline's judge, knowledge base and remediator, according to
/// the proxy's mode. The fence's info string (else a guess from the code) names the language; a block
/// whose language cannot be told comes back untouched. Blocking
/// (parsing, SQLite); run it on the worker pool.
struct CodeBlockInspector: Sendable {
    let mode: ProxyMode
    let pipeline: SecurityPipeline
    let upstreamBase: String
    let useModelForFixes: Bool
    let maxRounds: Int
    let k: Int
    /// Seconds each revision request to the upstream may take.
    let modelTimeout: Double

    init(configuration: ProxyConfiguration, pipeline: SecurityPipeline) {
        mode = configuration.mode
        self.pipeline = pipeline
        upstreamBase = configuration.upstreamBase
        useModelForFixes = configuration.useModelForFixes
        maxRounds = configuration.maxRounds
        k = configuration.k
        modelTimeout = configuration.timeout
    }

    /// The language the judge reads the block as, or nil when the fence names none it knows and the code
    /// does not tell.
    static func scannableLanguage(_ block: FencedBlock) -> Language? {
        CodeLanguageGuess.language(tag: block.tag, code: block.code)
    }

    /// The name the block goes by in findings and diffs: its number, with its language's extension.
    static func path(number: Int, language: Language) -> String {
        "answer-block-\(number).\(language.fileExtension)"
    }

    func inspect(_ block: FencedBlock, number: Int, caller: ProxyCaller) async -> BlockInspection {
        guard let language = Self.scannableLanguage(block) else { return .unchanged(block) }
        let code = block.code
        let path = Self.path(number: number, language: language)
        let judge = pipeline.remediator.judge
        let found = judge.judge(code, path: path, language: language).findings
        guard !found.isEmpty else { return .unchanged(block) }
        switch mode {
        case .annotate:
            let discussions = evidence(code: code, language: language, findings: found)
            return BlockInspection(replacement: block.raw,
                                   note: SecurityNote.findings(block: number, language: language, findings: found, discussions: discussions))
        case .block:
            let discussions = evidence(code: code, language: language, findings: found)
            let text = SecurityNote.withheld(block: number, language: language, findings: found,
                                             threshold: pipeline.config.minimumSeverity, discussions: discussions)
            return BlockInspection(replacement: String(repeating: " ", count: block.indent) + text, note: nil)
        case .fix:
            let remediation = await remediator(caller: caller).remediate(text: code, path: path, language: language)
            let discussions = remediation.discussions.map { EvidenceReference(id: $0.id, url: $0.url, title: $0.title) }
            if remediation.changed {
                return BlockInspection(replacement: block.replacingCode(remediation.revisedText),
                                       note: SecurityNote.revised(block: number, language: language, result: remediation.result,
                                                                  discussions: discussions))
            }
            let reason = remediation.result.notes.last ?? "no rule fix applies and no model revision passed verification"
            return BlockInspection(replacement: block.raw,
                                   note: SecurityNote.findings(block: number, language: language, findings: remediation.before,
                                                               discussions: discussions, unrevisedBecause: reason))
        }
    }

    /// The findings alone, for when a revision ran out of time: the block is kept and annotated.
    func annotateOnly(_ block: FencedBlock, number: Int) -> BlockInspection {
        guard let language = Self.scannableLanguage(block) else { return .unchanged(block) }
        let found = pipeline.remediator.judge.judge(block.code, path: Self.path(number: number, language: language), language: language).findings
        guard !found.isEmpty else { return .unchanged(block) }
        return BlockInspection(replacement: block.raw,
                               note: SecurityNote.findings(block: number, language: language, findings: found, discussions: [],
                                                           unrevisedBecause: "the revision did not finish in time"))
    }

    private func evidence(code: String, language: Language, findings: [Finding]) -> [EvidenceReference] {
        guard let knowledge = pipeline.knowledge else { return [] }
        return ((try? knowledge.discussions(code: code, language: language, findings: findings, k: k)) ?? []).map(EvidenceReference.init)
    }

    /// The pipeline's remediator, with a revision loop that asks the same upstream, as the same caller.
    private func remediator(caller: ProxyCaller) -> Remediator {
        let base = pipeline.remediator
        var loop: RevisionLoop?
        if useModelForFixes, let model = caller.model, !model.isEmpty {
            let settings = LLMSettings(baseURL: upstreamBase, model: model, apiKey: caller.apiKey, timeoutSeconds: modelTimeout, maxRetries: 1)
            loop = RevisionLoop(model: OpenAICompatibleClient(settings: settings), verifier: RevisionVerifier(judge: base.judge),
                                builder: RevisionPromptBuilder(), maxRounds: maxRounds, rationales: base.rationales)
        }
        return Remediator(judge: base.judge, allowUnsafeFixes: base.fixer.allowUnsafe, retriever: base.retriever, k: k, loop: loop,
                          rationales: base.rationales)
    }
}
