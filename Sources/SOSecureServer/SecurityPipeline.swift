import Foundation
import SOSecureCore
import SOSecureKnowledge
import SOSecureRemediation
import SOSecureReporters
import SOSecureRules

/// How `/v1/fix` fixes: the same knobs as `sosecure fix`.
public struct FixSettings: Sendable {
    /// The model for revisions; nil (or not configured) applies verified rule fixes only.
    public var llm: LLMSettings?
    public var allowUnsafeFixes: Bool
    /// Discussions retrieved per file.
    public var k: Int
    public var maxRounds: Int
    public var promptBudget: Int

    public init(llm: LLMSettings? = nil, allowUnsafeFixes: Bool = false, k: Int = 5, maxRounds: Int = 3, promptBudget: Int = 6_000) {
        self.llm = llm
        self.allowUnsafeFixes = allowUnsafeFixes
        self.k = k
        self.maxRounds = maxRounds
        self.promptBudget = promptBudget
    }
}

/// What the HTTP routes call: the scan, fix, knowledge and rule-listing pipeline, each answering with
/// the JSON the matching CLI command prints. Synchronous methods block; callers run them off the event loop.
public struct SecurityPipeline: Sendable {
    public let rules: [Rule]
    public let config: ScanConfig
    public let knowledge: KnowledgeSearch?
    public let tool: ToolInfo
    let runner: ScanRunner
    let remediator: Remediator
    /// The model named in the settings, or nil when fixes are rule fixes only.
    public let model: String?
    /// `GET /v1/rules` never changes while the server runs, so it is rendered once.
    let rulesBody: Data

    public init(rules: [Rule], config: ScanConfig, knowledge: KnowledgeSearch?, fix: FixSettings = FixSettings(),
                tool: ToolInfo = .sosecure) throws {
        self.rules = rules
        self.config = config
        self.knowledge = knowledge
        self.tool = tool
        // One scan thread per request: requests are already spread over the worker pool.
        runner = ScanRunner(rules: rules, config: config, threads: 1)
        let judge = RevisionJudge(rules: rules, config: config)
        let rationales = Dictionary(rules.map { ($0.id, $0.rationale) }, uniquingKeysWith: { first, _ in first })
        var loop: RevisionLoop?
        if let llm = fix.llm, llm.isConfigured {
            loop = RevisionLoop(model: OpenAICompatibleClient(settings: llm), verifier: RevisionVerifier(judge: judge),
                                builder: RevisionPromptBuilder(tokenBudget: fix.promptBudget), maxRounds: fix.maxRounds,
                                rationales: rationales)
        }
        model = loop == nil ? nil : fix.llm?.model
        remediator = Remediator(judge: judge, allowUnsafeFixes: fix.allowUnsafeFixes, retriever: knowledge, k: fix.k,
                                loop: loop, rationales: rationales)
        rulesBody = try Self.renderRules(rules)
    }

    /// A checked piece of code from a request.
    struct Input: Sendable {
        let path: String
        let code: String
        let language: Language
        /// The request named the language; otherwise it came from the path (or is the Python default).
        let named: Bool
    }

    /// Checks languages and paths: an unknown language, or one the path's extension contradicts, is 422;
    /// a repeated path 400. Every language the scanner reads is accepted.
    static func inputs(_ request: CodeRequest) throws -> [Input] {
        var seen: Set<String> = []
        var inputs: [Input] = []
        for (index, file) in request.files.enumerated() {
            let prefix = request.batch ? "files[\(index)]." : ""
            let path = file.path ?? (request.batch ? "<request-\(index + 1)>" : "<request>")
            let language: Language
            if let name = file.language {
                guard let named = Language(name: name) else { throw ServerError.unknownLanguage(name, field: prefix + "language") }
                if let fromPath = Language(path: path), fromPath != named {
                    throw ServerError.conflictingLanguage(named, path: path, pathLanguage: fromPath, field: prefix + "language")
                }
                language = named
            } else {
                language = Language(path: path) ?? .python
            }
            guard seen.insert(path).inserted else { throw ServerError.invalidField("field '\(prefix)path': '\(path)' appears twice") }
            inputs.append(Input(path: path, code: file.code, language: language, named: file.language != nil))
        }
        return inputs
    }

    /// The scan JSON (`scan --format json`) for the request's code, and its findings counted by rule.
    func scan(_ inputs: [Input]) -> (body: Data, findingsByRule: [String: Int]) {
        // A named language wins over the path (which then has no known extension); otherwise the path decides
        // as in `scan`, so `notes.md` is read for its fenced blocks. Hence one scan per input.
        var outcome = runner.scan(paths: [], sources: [])
        for input in inputs {
            let one = runner.scan(paths: [], sources: [SourceFile(path: input.path, text: input.code)],
                                  sourceLanguage: input.named ? input.language : nil)
            outcome.findings += one.findings
            outcome.issues += one.issues
            outcome.filesScanned += one.filesScanned
            outcome.linesScanned += one.linesScanned
            outcome.suppressed += one.suppressed
            outcome.durationSeconds += one.durationSeconds
        }
        let report = ScanReport(
            findings: outcome.findings, errors: outcome.issues, rules: rules.map(\.metadata),
            stats: ScanStats(filesScanned: outcome.filesScanned, linesScanned: outcome.linesScanned, rulesRun: runner.rulesRun,
                             durationSeconds: outcome.durationSeconds, suppressed: outcome.suppressed))
        let texts = Dictionary(inputs.map { ($0.path, $0.code) }, uniquingKeysWith: { first, _ in first })
        let body = JSONReporter(tool: tool).render(report, sources: texts)
        return (Data(body.utf8), Self.countByRule(outcome.findings.map(\.ruleID)))
    }

    /// The fix JSON (`fix --format json`: an array with one result per file) and the findings found before fixing.
    func fix(_ inputs: [Input]) async throws -> (body: Data, findingsByRule: [String: Int]) {
        var results: [RemediationResult] = []
        var found: [String] = []
        for input in inputs {
            try Task.checkCancellation()
            let remediation = await remediator.remediate(text: input.code, path: input.path, language: input.language)
            results.append(remediation.result)
            found += remediation.before.map(\.ruleID)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var body = try encoder.encode(results)
        body.append(UInt8(ascii: "\n"))
        return (body, Self.countByRule(found))
    }

    /// The `kb search --format json` result for a query.
    func searchKnowledge(_ request: KnowledgeSearchRequest) throws -> Data {
        var language: Language?
        if let name = request.language {
            guard let named = Language(name: name) else { throw ServerError.unknownLanguage(name, field: "language") }
            language = named
        }
        guard let knowledge else { throw ServerError.unavailable("the knowledge base could not be opened when the server started") }
        let result = try knowledge.search(KnowledgeQuery(code: request.query, language: language, k: request.k))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var body = try encoder.encode(result)
        body.append(UInt8(ascii: "\n"))
        return body
    }

    /// `GET /healthz`: alive, and what it serves with.
    func health() -> Data {
        let fields = [
            "\"status\":\"ok\"",
            "\"version\":\(JSONText.quote(tool.version))",
            "\"rules\":\(runner.rulesRun)",
            "\"knowledge_base\":\(knowledge != nil)",
            "\"model\":\(model.map(JSONText.quote) ?? "null")",
        ]
        return Data(("{" + fields.joined(separator: ",") + "}\n").utf8)
    }

    /// The same list as `sosecure rules list --json`.
    static func renderRules(_ rules: [Rule]) throws -> Data {
        struct Item: Encodable {
            let id: String
            let cwe: [Int]
            let severity: String
            let confidence: String
            let language: String
            let fixable: Bool
            let summary: String
        }
        let items = rules.sorted { $0.id < $1.id }.map { rule in
            Item(id: rule.id, cwe: rule.cwes.map(\.id), severity: rule.severity.rawValue, confidence: rule.confidence.rawValue,
                 language: rule.language.rawValue, fixable: rule.fix != nil, summary: rule.summary)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var body = try encoder.encode(items)
        body.append(UInt8(ascii: "\n"))
        return body
    }

    static func countByRule(_ ids: [String]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for id in ids { counts[id, default: 0] += 1 }
        return counts
    }
}
