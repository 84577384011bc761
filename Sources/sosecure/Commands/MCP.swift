import ArgumentParser
import Foundation
import SOSecureServer

/// `sosecure mcp`: the pipeline as a Model Context Protocol server on standard input and output, for coding
/// agents. Parses flags; the server lives in SOSecureServer.
struct MCP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve scan, fix, knowledge search and rule explanations to coding agents over MCP (stdio).",
        discussion: """
        Speaks the Model Context Protocol over standard input and output, one JSON-RPC message per line, and \
        offers four tools: scan_code, secure_code, search_knowledge and explain_rule. Register it with an agent \
        as the command `sosecure` with the argument `mcp`. Logs go to standard error (LOG_LEVEL=debug for more); \
        the server exits when standard input closes.

        secure_code uses a model when one is configured as for `sosecure fix` (--model, SOSECURE_LLM_MODEL, the \
        [llm] table); otherwise it applies verified rule fixes only.
        """
    )

    @Flag(name: .customLong("unsafe-fixes"), help: "Let secure_code apply rule fixes marked unsafe.")
    var unsafeFixes = false

    @Flag(name: .customLong("no-llm"), help: "Never ask a model in secure_code; apply rule fixes only.")
    var noLLM = false

    @Option(name: .customLong("k"), help: "Knowledge-base discussions retrieved per secure_code call.")
    var k: Int = 5

    @Option(name: .customLong("request-timeout"), help: ArgumentHelp("Seconds scan_code or search_knowledge may take.", valueName: "seconds"))
    var requestTimeout: Double = 60

    @Option(name: .customLong("fix-timeout"), help: ArgumentHelp("Seconds secure_code (with model revisions) may take.", valueName: "seconds"))
    var fixTimeout: Double = 300

    @Option(help: ArgumentHelp("Worker threads for scans and fixes (default: all cores).", valueName: "n"))
    var workers: Int?

    @OptionGroup(title: "Model")
    var modelOptions: ModelOptions

    @OptionGroup(title: "Rules")
    var ruleSetup: RuleSetup

    @Option(help: ArgumentHelp("Knowledge base database file (default: $SOSECURE_KB or ~/.cache/sosecure/kb.sqlite).", valueName: "path"))
    var db: String?

    func validate() throws {
        try UsageFailure.check(usageProblem(), command: "mcp", arguments: "[<options>]")
    }

    private func usageProblem() -> String? {
        if let problem = ruleSetup.usageProblem() { return problem }
        if let problem = modelOptions.usageProblem() { return problem }
        if !(1...50).contains(k) { return "--k must be between 1 and 50" }
        if !(requestTimeout > 0) { return "--request-timeout must be a positive number of seconds" }
        if !(fixTimeout > 0) { return "--fix-timeout must be a positive number of seconds" }
        if let workers, workers < 1 { return "--workers must be at least 1" }
        return nil
    }

    func run() async throws {
        guard #available(macOS 15, *) else {
            FileHandle.standardError.write(Data("error: sosecure mcp needs macOS 15 or later\n".utf8))
            throw ExitCode(2)
        }
        let server: MCPServer = try await PipelineSetup.exitOnError {
            let pipeline = try PipelineSetup.pipeline(
                ruleSetup: ruleSetup, db: db, command: "mcp", withoutKnowledge: "continuing without community evidence"
            ) { settings in
                var fix = FixSettings(allowUnsafeFixes: unsafeFixes, k: k, maxRounds: modelOptions.maxRounds, promptBudget: modelOptions.promptBudget)
                if !noLLM { fix.llm = modelOptions.settings(config: settings) }
                return fix
            }
            return MCPServer(pipeline: pipeline, configuration: MCPServerConfiguration(
                requestTimeout: requestTimeout, fixTimeout: fixTimeout, workers: workers ?? ProcessInfo.processInfo.activeProcessorCount))
        }
        let model = server.pipeline.model.map { "secure_code uses model \($0)" } ?? "secure_code applies rule fixes only"
        FileHandle.standardError.write(Data("sosecure mcp: serving scan_code, secure_code, search_knowledge, explain_rule on standard input/output (\(model))\n".utf8))
        try await PipelineSetup.exitOnError { try await server.run() }
    }
}
