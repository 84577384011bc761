import ArgumentParser
import Foundation
import SOSecureCore
import SOSecureRemediation
import SOSecureRules
import SOSecureSelfPlay

/// `sosecure selfplay`: tree-like self-play over a model endpoint, judged by the analyzer, written out
/// as DPO preference pairs (and the trees they came from).
struct SelfPlay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selfplay",
        abstract: "Let a model continue secure code at its risk points; export secure-vs-vulnerable preference pairs.",
        discussion: """
        For each task of the JSONL task file: start from a secure solution (the task's reference, or a model \
        sample the analyzer accepts), find its risk points (lines calling an API a rule watches), and at each \
        one sample --branches continuations of the code before that line (/completions when the endpoint \
        offers it, else chat). Each branch is completed to a parsable unit and judged: secure, vulnerable or \
        unparsable. Secure branches are continued again at their next risk point, down to --depth. Every \
        vulnerable branch becomes a pair (chosen: a secure continuation, rejected: the vulnerable one).

        Tasks may be in any language scan reads: Python risk points come from its syntax tree, C-family ones from \
        the calls the C-family rules' patterns name.

        Next round: train on the pairs (training/README.md), serve the new model, and run selfplay against it \
        with --round 2.

        Exit status: 0 done, 2 usage, task file, configuration, I/O or model error.
        """
    )

    @Option(help: ArgumentHelp("JSONL task file (id, language, prompt, reference?, cwe?).", valueName: "file"))
    var tasks: String

    @Option(help: ArgumentHelp("Where to write the preference pairs (JSONL).", valueName: "file"))
    var out: String

    @Option(name: .customLong("tree-out"), help: ArgumentHelp("Also write the self-play trees as JSON.", valueName: "file"))
    var treeOut: String?

    @Option(help: "Continuations sampled at each risk point (1-16).")
    var branches: Int = 4

    @Option(help: "How deep secure branches are continued again (1-5).")
    var depth: Int = 2

    @Option(help: "Sampling temperature (0-2).")
    var temperature: Double = 1.0

    @Option(name: .customLong("top-p"), help: "Nucleus sampling for /completions (0-1].")
    var topP: Double = 0.95

    @Flag(name: .customLong("whole-function"), help: "Also emit pairs of whole programs (secure vs vulnerable).")
    var wholeFunction = false

    @Option(help: "Round number written into every pair (the model trained on round n's pairs plays round n+1).")
    var round: Int = 1

    @Option(name: .customLong("solution-attempts"), help: "Model samples tried for a task without a reference (1-10).")
    var solutionAttempts: Int = 3

    @Option(help: ArgumentHelp("Model name at the endpoint.", valueName: "name"))
    var model: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("OpenAI-compatible endpoint (default: Ollama's http://localhost:11434/v1).", valueName: "url"))
    var baseURL: String?

    @Option(name: .customLong("api-key"), help: ArgumentHelp("API key; prefer SOSECURE_LLM_API_KEY or OPENAI_API_KEY.", valueName: "key"))
    var apiKey: String?

    @Option(name: .customLong("max-tokens"), help: "Most tokens per model answer.")
    var maxTokens: Int = 768

    @Option(help: ArgumentHelp("Seconds to wait for one model request.", valueName: "seconds"))
    var timeout: Double?

    @OptionGroup(title: "Rules")
    var ruleSetup: RuleSetup

    func validate() throws {
        try UsageFailure.check(usageProblem(), command: "selfplay", arguments: "--tasks <file> --out <file> [<options>]")
    }

    private func usageProblem() -> String? {
        if !(1...16).contains(branches) { return "--branches must be between 1 and 16" }
        if !(1...5).contains(depth) { return "--depth must be between 1 and 5" }
        if !(0...2).contains(temperature) { return "--temperature must be between 0 and 2" }
        if !(topP > 0 && topP <= 1) { return "--top-p must be greater than 0 and at most 1" }
        if round < 1 { return "--round must be at least 1" }
        if !(1...10).contains(solutionAttempts) { return "--solution-attempts must be between 1 and 10" }
        if maxTokens < 1 { return "--max-tokens must be at least 1" }
        if let timeout, !(timeout > 0) { return "--timeout must be a positive number of seconds" }
        if let problem = ModelOptions.baseURLProblem(baseURL) { return problem }
        if out == treeOut { return "--out and --tree-out must be different files" }
        return ruleSetup.usageProblem()
    }

    func run() async throws {
        do {
            let taskList = try CodingTaskFile.load(path: tasks)
            let config = try ruleSetup.loadConfig(firstPath: tasks)
            let judge = RevisionJudge(rules: try RuleSetup.loadRules(config), config: config)
            let flags = LLMFlags(baseURL: baseURL, model: model, apiKey: apiKey, temperature: temperature,
                                 maxTokens: maxTokens, timeoutSeconds: timeout)
            let settings = ModelOptions.resolve(flags, config: config)
            guard settings.isConfigured else {
                throw ValidationError("selfplay needs a model: \(ModelOptions.notConfiguredReason)")
            }
            let chat = OpenAICompatibleClient(settings: settings)
            let sampler = ContinuationSampler(
                completion: TextCompletionClient(settings: settings), chat: chat,
                options: TextCompletionOptions(temperature: temperature, topP: topP, maxTokens: maxTokens))
            let shape = SelfPlayConfiguration(branches: branches, depth: depth, wholeFunction: wholeFunction, round: round,
                                              solutionAttempts: solutionAttempts)
            let result = try await SelfPlayRunner(judge: judge, sampler: sampler, chat: chat, configuration: shape).run(taskList)

            try AtomicFileWriter.write(try SelfPlayOutput.pairsJSONL(result.pairs), to: out)
            if let treeOut {
                let tree = try SelfPlayOutput.treeJSON(result, model: settings.model ?? "", configuration: shape)
                try AtomicFileWriter.write(String(decoding: tree, as: UTF8.self) + "\n", to: treeOut)
            }
            var summary = result.summary.render()
            summary += "wrote \(result.pairs.count) pairs to \(out)" + (treeOut.map { " and the trees to \($0)" } ?? "") + "\n"
            FileHandle.standardOutput.write(Data(summary.utf8))
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
