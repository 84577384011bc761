import ArgumentParser
import Foundation
import SOSecureRemediation

/// `sosecure repl`: paste or generate code, see its findings and the community's warnings, fix it, save it.
/// Only an adapter: lines go to `ReplInputCollector`, entries and commands to `ReplSession`.
struct Repl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Interactive loop: paste or generate code, see findings and community evidence, fix and save it.",
        discussion: """
        Paste or type code and end it with a blank line (or a line `.end`): it is scanned and shown with its \
        findings and the knowledge-base discussions about them. :gen <request> has the model write the code \
        instead. :fix applies verified rule fixes, then asks the model for a verified revision, and shows the \
        explained diff; :diff shows it again; :save FILE writes the current code. :ast shows the syntax tree \
        (Python), :lang the language of new entries (python, js, ts, java, go, c, cpp, php, swift), :help the \
        commands, :quit (or end of input) leaves.

        On a terminal, lines can be edited (arrows, Home/End, Ctrl-A/E/U/K) and earlier lines recalled with \
        up/down (kept in ~/.cache/sosecure/repl_history); pasted code keeps its blank lines. Input from a pipe \
        is read line by line with no prompt.

        The model comes from --model/--base-url, SOSECURE_LLM_MODEL/SOSECURE_LLM_BASE_URL (key: \
        SOSECURE_LLM_API_KEY or OPENAI_API_KEY) or the [llm] table of .sosecure.toml.
        """
    )

    @Flag(name: .customLong("no-llm"), help: "Do not ask a model: no :gen, rule fixes only in :fix.")
    var noLLM = false

    @Flag(name: .customLong("unsafe-fixes"), help: "Let :fix also apply rule fixes marked unsafe.")
    var unsafeFixes = false

    @Option(name: .customLong("k"), help: "Knowledge-base discussions retrieved per entry.")
    var k: Int = 5

    @Option(help: ArgumentHelp("Knowledge base database file (default: $SOSECURE_KB or ~/.cache/sosecure/kb.sqlite).", valueName: "path"))
    var db: String?

    @Option(help: ArgumentHelp("Read configuration from this file instead of searching from the current folder.", valueName: "file"))
    var config: String?

    @OptionGroup(title: "Model")
    var modelOptions: ModelOptions

    func validate() throws {
        let problem = !(1...50).contains(k) ? "--k must be between 1 and 50" : modelOptions.usageProblem()
        try UsageFailure.check(problem, command: "repl", arguments: "[<options>]")
    }

    func run() async throws {
        var session: ReplSession
        do {
            session = try makeSession()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let interactive = isatty(STDIN_FILENO) != 0
        let reader = interactive ? TerminalLineReader(historyPath: TerminalLineReader.defaultHistoryPath()) : nil
        if interactive { Self.show(ReplReply(output: banner(session))) }

        var collector = ReplInputCollector()
        while true {
            let input = reader?.readLine(prompt: collector.isCollecting ? "... " : ">>> ")
                ?? Swift.readLine(strippingNewline: true).map { .line($0, pasted: false) } ?? .endOfInput
            switch input {
            case .endOfInput:
                if let item = collector.finish() { Self.show(await session.handle(item)) }
                return
            case .interrupted:
                collector = ReplInputCollector()
            case .line(let text, let pasted):
                for item in collector.feed(text, pasted: pasted) {
                    let reply = await session.handle(item)
                    Self.show(reply)
                    if reply.quit { return }
                }
            }
        }
    }

    /// The same judge, knowledge base and model settings `fix` uses.
    private func makeSession() throws -> ReplSession {
        let settings = try RuleSetup.configOnly(config).loadConfig(firstPath: ".")
        let rules = try RuleSetup.loadRules(settings)
        let judge = RevisionJudge(rules: rules, config: settings)
        let rationales = RuleSetup.rationales(rules)
        let llm = modelOptions.settings(config: settings)
        let client = noLLM || !llm.isConfigured ? nil : OpenAICompatibleClient(settings: llm)
        let remediator = Remediator(judge: judge, allowUnsafeFixes: unsafeFixes,
                                    retriever: KnowledgeBaseAccess.retriever(db: db, command: "repl"), k: k,
                                    loop: client.map { modelOptions.loop(client: $0, judge: judge, rationales: rationales) },
                                    rationales: rationales)
        let color = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR", default: ""].isEmpty
        return ReplSession(remediator: remediator, generator: client,
                           noModelReason: noLLM ? "the model is off (--no-llm)" : ModelOptions.notConfiguredReason, color: color)
    }

    private func banner(_ session: ReplSession) -> String {
        let model = (session.generator as? OpenAICompatibleClient).map { "model \($0.modelName) at \($0.settings.baseURL)" }
            ?? "no model: \(session.noModelReason)"
        return """
        sosecure repl (\(session.language.rawValue); \(model))
        Paste code and end it with a blank line or .end; :help lists the commands, :quit leaves.

        """
    }

    private static func show(_ reply: ReplReply) {
        // A blank line after each answer keeps one entry's report apart from the next.
        if !reply.output.isEmpty { FileHandle.standardOutput.write(Data((reply.output + "\n").utf8)) }
        for error in reply.errors { FileHandle.standardError.write(Data("error: \(error)\n".utf8)) }
    }
}
