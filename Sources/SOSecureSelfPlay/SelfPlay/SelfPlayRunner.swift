import SOSecureCFamily
import SOSecureCore
import SOSecurePython
import SOSecureRemediation

/// Everything one self-play run produced.
public struct SelfPlayResult: Sendable {
    public let trees: [TaskTree]
    public let pairs: [PreferencePair]
    /// Model requests by route.
    public let requests: [ContinuationSampler.Route: Int]
    /// Whether the endpoint offered `/completions` (nil: never asked).
    public let completionsOffered: Bool?

    public var summary: SelfPlaySummary { SelfPlaySummary(self) }
}

/// Tree-like self-play: from a secure solution of each task, let the model continue the code at every
/// risk point, judge each branch with the product's analyzer, continue secure branches at their next
/// risk point down to the configured depth, and turn every divergence into preference pairs.
public struct SelfPlayRunner: Sendable {
    public let judge: RevisionJudge
    /// Risk points of Python tasks, from the Python rules.
    public let finder: RiskPointFinder
    /// Risk points of C-family tasks, from the C-family rules' patterns.
    public let codeFinder: CodeRiskPointFinder
    public let sampler: ContinuationSampler
    /// For solutions of tasks without a reference.
    public let chat: any ChatModel
    public let configuration: SelfPlayConfiguration

    public init(judge: RevisionJudge, sampler: ContinuationSampler, chat: any ChatModel, configuration: SelfPlayConfiguration) {
        self.judge = judge
        self.finder = RiskPointFinder(rules: judge.pythonAnalyzer.rules)
        self.codeFinder = CodeRiskPointFinder(rules: judge.cFamilyAnalyzer.rules)
        self.sampler = sampler
        self.chat = chat
        self.configuration = configuration
    }

    /// Runs every task in order. Model failures (refused connection, bad key) end the run.
    public func run(_ tasks: [CodingTask]) async throws -> SelfPlayResult {
        var trees: [TaskTree] = []
        var pairs: [PreferencePair] = []
        for task in tasks {
            let (tree, divergences) = try await play(task)
            trees.append(tree)
            for divergence in divergences {
                pairs += PairBuilder.pairs(divergence, round: configuration.round, wholeFunction: configuration.wholeFunction)
            }
        }
        return SelfPlayResult(trees: trees, pairs: pairs, requests: await sampler.requests,
                              completionsOffered: await sampler.completionsOffered)
    }

    func play(_ task: CodingTask) async throws -> (TaskTree, [Divergence]) {
        func skipped(_ reason: String) -> (TaskTree, [Divergence]) {
            (TaskTree(taskID: task.id, status: .skipped, reason: reason, source: nil, riskPoints: [], root: nil), [])
        }
        guard RevisionJudge.reads(task.language) else {
            return skipped("language \(task.language.rawValue) is not played (no analyzer reads it)")
        }
        let base: (code: String, source: String)
        switch try await secureSolution(task) {
        case .success(let solution): base = solution
        case .failure(let problem): return skipped(problem.reason)
        }
        let path = Self.path(of: task)
        var root = SelfPlayNode(id: 0, depth: 0, line: nil, riskCall: nil, label: .secure, continuation: base.code,
                                code: base.code, findings: [], problem: nil, children: [])
        let riskPoints = self.riskPoints(in: base.code, language: task.language, path: path)
        var expansion = Expansion(task: task, path: path)
        try await expand(&root, after: 0, allPoints: true, expansion: &expansion)
        let tree = TaskTree(taskID: task.id, status: .expanded, reason: nil, source: base.source, riskPoints: riskPoints, root: root)
        return (tree, expansion.divergences)
    }

    /// The state of one task's expansion.
    struct Expansion {
        let task: CodingTask
        let path: String
        var nextID = 1
        var divergences: [Divergence] = []
    }

    /// Branches `node` at its risk points after line `after`: all of them for the root, the next one
    /// for a branch (its earlier code is the shared prefix). Secure branches are expanded in turn.
    private func expand(_ node: inout SelfPlayNode, after line: Int, allPoints: Bool, expansion: inout Expansion) async throws {
        guard node.depth < configuration.depth else { return }
        let language = expansion.task.language
        let later = riskPoints(in: node.code, language: language, path: expansion.path).filter { $0.line > line }
        let points = allPoints ? later : Array(later.prefix(1))
        guard !points.isEmpty else { return }
        let unitEnd = Self.unitEnds(of: node.code, language: language, path: expansion.path)
        for point in points {
            let unitEnd = unitEnd(point.line)
            let prefix = CodeLines.prefix(node.code, before: point.line)
            let remainder = CodeLines.lines(node.code, from: unitEnd + 1, to: Int.max)
            let assembler = BranchAssembler(judge: judge)
            var branches: [Divergence.Branch] = []
            for _ in 0..<configuration.branches {
                let continuation = try await sampler.continuation(task: expansion.task, prefix: prefix)
                let branch = assembler.assemble(prefix: prefix, continuation: continuation, remainder: remainder, path: expansion.path)
                var child = SelfPlayNode(id: expansion.nextID, depth: node.depth + 1, line: point.line, riskCall: point.callee,
                                         label: branch.label, continuation: branch.continuation, code: branch.program,
                                         findings: branch.findings, problem: branch.problem, children: [])
                expansion.nextID += 1
                if child.label == .secure {
                    try await expand(&child, after: point.line, allPoints: false, expansion: &expansion)
                }
                node.children.append(child)
                branches.append(Divergence.Branch(label: branch.label, continuation: branch.continuation,
                                                  program: branch.program, findings: branch.findings))
            }
            expansion.divergences.append(Divergence(
                taskID: expansion.task.id, line: point.line,
                prompt: ContinuationPrompt.completion(task: expansion.task, prefix: prefix), taskPrompt: expansion.task.prompt,
                parentContinuation: BranchAssembler.trimmed(CodeLines.lines(node.code, from: point.line, to: unitEnd)),
                parentProgram: node.code, branches: branches))
        }
    }

    struct NoSecureSolution: Error {
        let reason: String
    }

    /// The task's reference when the judge accepts it (parses, no finding), else a model sample it accepts.
    func secureSolution(_ task: CodingTask) async throws -> Result<(code: String, source: String), NoSecureSolution> {
        let path = Self.path(of: task)
        if let reference = task.reference {
            let code = CodeLines.withFinalNewline(reference)
            let judgement = judge.judge(code, path: path)
            if let problem = Self.insecurity(judgement) {
                return .failure(NoSecureSolution(reason: "the reference is not a secure starting point: \(problem)"))
            }
            return .success((code, "reference"))
        }
        var last = "no attempt"
        for _ in 0..<configuration.solutionAttempts {
            let answer = try await chat.complete(ContinuationPrompt.solutionMessages(task: task))
            guard let extracted = try? CodeBlockExtractor.extract(from: answer, language: task.language) else {
                last = "the answer holds no code block"
                continue
            }
            let code = CodeLines.withFinalNewline(extracted)
            let judgement = judge.judge(code, path: path)
            if let problem = Self.insecurity(judgement) {
                last = problem
                continue
            }
            return .success((code, "model"))
        }
        return .failure(NoSecureSolution(
            reason: "no secure solution in \(configuration.solutionAttempts) model sample(s) (last: \(last))"))
    }

    /// Why a judged program cannot be a secure root: a syntax error or a finding, with its line.
    static func insecurity(_ judgement: Judgement) -> String? {
        if let error = judgement.syntaxErrors.first {
            return "it does not parse (\(judgement.describe(error)))"
        }
        if let finding = judgement.findings.first {
            return "\(finding.ruleID) at line \(finding.start.line)"
        }
        return nil
    }

    static func path(of task: CodingTask) -> String { "\(task.id).\(task.language.fileExtension)" }

    /// The risk points of a program in its language's syntax: Python's tree, or the C-family tokens.
    func riskPoints(in code: String, language: Language, path: String) -> [RiskPoint] {
        language.usesCodePatterns ? codeFinder.riskPoints(in: code, language: language, path: path)
            : finder.riskPoints(in: code, path: path)
    }

    /// For a line of `code`, the last line of the top-level unit holding it; the program is parsed once.
    static func unitEnds(of code: String, language: Language, path: String) -> (Int) -> Int {
        if let dialect = Dialect(language: language) {
            let syntax = CFamilySyntax.parse(SourceFile(path: path, text: code), dialect: dialect)
            return { CodeLines.endOfTopLevelUnit(syntax, containing: $0) }
        }
        let parse = PythonParser.parse(code, path: path)
        return { CodeLines.endOfTopLevelUnit(parse, containing: $0) }
    }
}
