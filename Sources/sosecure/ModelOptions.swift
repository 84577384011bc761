import ArgumentParser
import Foundation
import SOSecureRemediation
import SOSecureRules

/// The model flags `fix` and `repl` share, and how they become a chat client and a revision loop, so
/// both commands reach the same endpoint with the same settings.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Model name at the endpoint (enables the LLM step).", valueName: "name"))
    var model: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("OpenAI-compatible endpoint (default: Ollama's http://localhost:11434/v1).", valueName: "url"))
    var baseURL: String?

    @Option(name: .customLong("api-key"), help: ArgumentHelp("API key; prefer SOSECURE_LLM_API_KEY or OPENAI_API_KEY, since arguments are visible to other users.", valueName: "key"))
    var apiKey: String?

    @Option(help: "Sampling temperature (default 0).")
    var temperature: Double?

    @Option(name: .customLong("max-tokens"), help: "Most tokens the model may answer with.")
    var maxTokens: Int?

    @Option(help: ArgumentHelp("Seconds to wait for one model request.", valueName: "seconds"))
    var timeout: Double?

    @Option(name: .customLong("max-rounds"), help: "Model revisions tried per file before giving up.")
    var maxRounds: Int = 3

    @Option(name: .customLong("prompt-budget"), help: ArgumentHelp("Most tokens the prompt may take; discussions are dropped to fit.", valueName: "tokens"))
    var promptBudget: Int = 6_000

    /// Said when the LLM step is skipped for want of a model.
    static let notConfiguredReason = "no model configured (use --model, SOSECURE_LLM_MODEL or model in the [llm] table of .sosecure.toml)"

    /// The usage problem with these flags, if any (checked in `validate()`).
    func usageProblem() -> String? {
        if !(1...10).contains(maxRounds) { return "--max-rounds must be between 1 and 10" }
        if let temperature, !(0...2).contains(temperature) { return "--temperature must be between 0 and 2" }
        if let maxTokens, maxTokens < 1 { return "--max-tokens must be at least 1" }
        if let timeout, !(timeout > 0) { return "--timeout must be a positive number of seconds" }
        if promptBudget < 256 { return "--prompt-budget must be at least 256 tokens" }
        return Self.baseURLProblem(baseURL)
    }

    /// The problem with a `--base-url` flag, if any; every command with a model endpoint checks it so.
    static func baseURLProblem(_ baseURL: String?) -> String? {
        if let baseURL, URL(string: baseURL)?.scheme.map({ ["http", "https"].contains($0.lowercased()) }) != true {
            return "--base-url must be an http:// or https:// URL"
        }
        return nil
    }

    /// Flags over the environment over the config file's `[llm]` table.
    func settings(config: ScanConfig) -> LLMSettings {
        let flags = LLMFlags(baseURL: baseURL, model: model, apiKey: apiKey, temperature: temperature, maxTokens: maxTokens,
                             timeoutSeconds: timeout)
        return Self.resolve(flags, config: config)
    }

    /// `flags` over the environment over `config`'s `[llm]` table, for commands with their own model flags.
    static func resolve(_ flags: LLMFlags, config: ScanConfig) -> LLMSettings {
        LLMSettings.resolve(flags: flags, environment: ProcessInfo.processInfo.environment, config: config.llmSection)
    }

    /// The revision loop over `client`, judged by `judge`.
    func loop(client: any ChatModel, judge: RevisionJudge, rationales: [String: String]) -> RevisionLoop {
        RevisionLoop(model: client, verifier: RevisionVerifier(judge: judge),
                     builder: RevisionPromptBuilder(tokenBudget: promptBudget), maxRounds: maxRounds, rationales: rationales)
    }
}
