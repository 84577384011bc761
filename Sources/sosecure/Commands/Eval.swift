import ArgumentParser
import Foundation
import SOSecureCore
import SOSecureRemediation
import SOSecureRules
import SOSecureSelfPlay

/// `sosecure eval`: measure how often a code generator writes secure code (SPR@1, vulnerability rate)
/// and how well the SOSecure loop repairs what it gets wrong (Fix Rate, Intro Rate).
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a code generator: samples per task, judged by the analyzer (SPR@1, vulnerability, Fix and Intro Rate).",
        discussion: """
        For every task of a JSONL task file, asks the model for --samples solutions (one fenced code block each), \
        extracts the code and judges it with the scanner's own rules for the task's language (Python, JavaScript, \
        TypeScript, Java, Go, C, C++, PHP or Swift): does it parse, which findings at or above the thresholds does \
        it have. Reports per task, per CWE and per language the samples, parsable and vulnerable \
        ones, the vulnerability rate and SPR@1 (samples that parse, have no finding and, with --run-tests, pass \
        their tests). With --revise, every vulnerable sample goes through the loop of `sosecure fix` with the same \
        model: Fix Rate and Intro Rate. Formulas and the JSON format: Docs/eval.md.

        With --results FILE every finished sample is appended to FILE at once; running again with the same file \
        skips finished samples and reports from all of them. A task in a language no analyzer reads would be \
        listed as not scored rather than counted.

        --run-tests runs the tasks' tests against each parsable Python sample in a child process with CPU, \
        memory, file-size and wall-clock limits and no network (its own network namespace); where no namespace \
        can be created it refuses unless --allow-unisolated.

        Exit status: 0 every sample finished, 2 usage, configuration or I/O error, or samples left unfinished \
        (model failures; run again with the same --results file).
        """
    )

    enum Format: String, CaseIterable { case text, json, html }

    @Option(help: ArgumentHelp("JSONL task file (id, language, prompt, reference?, cwe?, tests?).", valueName: "file"))
    var tasks: String

    @Option(help: "Samples per task.")
    var samples: Int = 1

    @Flag(help: "Run the SOSecure revision loop on every vulnerable sample (Fix Rate, Intro Rate).")
    var revise = false

    @Flag(name: .customLong("run-tests"), help: "Run the tasks' tests against each parsable Python sample (sandboxed, no network).")
    var runTests = false

    @Flag(name: .customLong("allow-unisolated"), help: "With --run-tests: run tests even where no network namespace can be created.")
    var allowUnisolated = false

    @Option(name: .customLong("test-timeout"), help: ArgumentHelp("Wall-clock seconds per test run.", valueName: "seconds"))
    var testTimeout: Double = 60

    @Option(help: ArgumentHelp("Append finished samples to this JSONL file and skip those already in it.", valueName: "file"))
    var results: String?

    @Option(help: ArgumentHelp("Output format: text, json or html.", valueName: "format"))
    var format: String = Format.text.rawValue

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup(title: "Model")
    var modelOptions: ModelOptions

    @OptionGroup(title: "Rules")
    var ruleSetup: RuleSetup

    @Option(name: .customLong("k"), help: "With --revise: knowledge-base discussions retrieved per sample.")
    var k: Int = 5

    @Option(help: ArgumentHelp("Knowledge base database file (default: $SOSECURE_KB or ~/.cache/sosecure/kb.sqlite).", valueName: "path"))
    var db: String?

    func validate() throws {
        try UsageFailure.check(usageProblem(), command: "eval", arguments: "--tasks <file> --model <name> [<options>]")
    }

    private func usageProblem() -> String? {
        if Format(rawValue: format) == nil {
            return "unknown format '\(format)'; expected one of: \(Format.allCases.map(\.rawValue).joined(separator: ", "))"
        }
        if !(1...1000).contains(samples) { return "--samples must be between 1 and 1000" }
        if !(1...50).contains(k) { return "--k must be between 1 and 50" }
        if allowUnisolated && !runTests { return "--allow-unisolated only applies with --run-tests" }
        if !(testTimeout > 0) { return "--test-timeout must be a positive number of seconds" }
        if let problem = ruleSetup.usageProblem() { return problem }
        if let problem = modelOptions.usageProblem() { return problem }
        if !FileManager.default.fileExists(atPath: tasks) { return "\(tasks): no such task file" }
        return nil
    }

    func run() async throws {
        do {
            let taskList = try CodingTaskFile.load(path: tasks)
            let settings = try ruleSetup.loadConfig(firstPath: tasks)
            let llm = modelOptions.settings(config: settings)
            guard llm.isConfigured else {
                throw EvalCommandError("\(ModelOptions.notConfiguredReason); eval needs the model to evaluate")
            }
            if samples > 1 && llm.temperature == 0 {
                note("warning: \(samples) samples at temperature 0 ask for the same answer \(samples) times; pass --temperature (e.g. 0.8) to sample")
            }
            let rules = try RuleSetup.loadRules(settings)
            let scorer = SampleScorer(judge: RevisionJudge(rules: rules, config: settings))
            let client = OpenAICompatibleClient(settings: llm)

            var testRunner: SolutionTestRunner?
            if runTests {
                testRunner = try SolutionTestRunner.setUp(limits: SandboxLimits(wallSeconds: testTimeout), allowUnisolated: allowUnisolated)
                note(testRunner!.summary)
                if testRunner?.isolation.isIsolated == false { note("warning: tests run WITH network access (--allow-unisolated)") }
            }
            var reviser: SampleReviser?
            if revise {
                reviser = SampleReviser(scorer: scorer, retriever: KnowledgeBaseAccess.retriever(db: db, command: "eval"), k: k,
                                        model: client, maxRounds: modelOptions.maxRounds, promptBudget: modelOptions.promptBudget,
                                        rationales: RuleSetup.rationales(rules))
            }
            let resultsFile = try results.map { try EvalResultsFile(path: $0) }
            for warning in resultsFile?.warnings ?? [] { note("warning: \(warning)") }
            if let resultsFile, !resultsFile.existing.isEmpty {
                note("resuming from \(resultsFile.path): \(resultsFile.existing.count) sample records")
            }
            for task in taskList {
                if let reason = SampleScorer.notScoredReason(task.language) { note("\(task.id): \(reason)") }
            }

            let runner = EvalRunner(model: client, scorer: scorer, samplesPerTask: samples, reviser: reviser, testRunner: testRunner,
                                    progress: { line in FileHandle.standardError.write(Data("\(line)\n".utf8)) })
            let report = try await runner.run(tasks: taskList, results: resultsFile)
            let rendered: String
            switch Format(rawValue: format) ?? .text {
            case .text: rendered = EvalTextRenderer().render(report)
            case .json: rendered = try EvalJSONRenderer().render(report)
            case .html: rendered = EvalHTMLRenderer().render(report)
            }
            if let output {
                try AtomicFileWriter.write(rendered, to: output)
            } else {
                FileHandle.standardOutput.write(Data(rendered.utf8))
            }
            if !report.errors.isEmpty {
                note("\(report.errors.count) sample\(report.errors.count == 1 ? "" : "s") unfinished"
                     + (results == nil ? "" : "; run again with --results \(results!) to retry them"))
                throw ExitCode(2)
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    private func note(_ line: String) {
        FileHandle.standardError.write(Data("sosecure eval: \(line)\n".utf8))
    }
}

struct EvalCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
