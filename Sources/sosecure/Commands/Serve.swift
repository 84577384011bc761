import ArgumentParser
import Foundation
import SOSecureCore
import SOSecureRemediation
import SOSecureRules
import SOSecureServer

/// `sosecure serve`: the HTTP API. Parses flags; the server lives in SOSecureServer.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve scan, fix, knowledge search and rules over an HTTP JSON API.",
        discussion: """
        Routes: POST /v1/scan, POST /v1/fix, POST /v1/kb/search, GET /v1/rules, GET /healthz, GET /metrics \
        (Prometheus text). Errors are JSON: {"error": {"code", "message"}}.

        With --token (or SOSECURE_SERVER_TOKEN) every route but /healthz needs `Authorization: Bearer <token>`. \
        /v1/fix uses a model when one is configured as for `sosecure fix` (--model, SOSECURE_LLM_MODEL, [llm]); \
        otherwise it applies verified rule fixes only. SIGTERM or SIGINT stops accepting connections and lets \
        requests in flight finish.
        """
    )

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8088

    @Option(name: .customLong("max-body"), help: ArgumentHelp("Largest request body in bytes; a suffix k or m multiplies by 1024.", valueName: "size"))
    var maxBody: String = "2m"

    @Option(name: .customLong("request-timeout"), help: ArgumentHelp("Seconds a scan or search may take before a 504.", valueName: "seconds"))
    var requestTimeout: Double = 30

    @Option(name: .customLong("fix-timeout"), help: ArgumentHelp("Seconds a fix (with model revisions) may take before a 504.", valueName: "seconds"))
    var fixTimeout: Double = 300

    @Option(help: ArgumentHelp("Require this bearer token (prefer SOSECURE_SERVER_TOKEN: arguments are visible to other users).", valueName: "token"))
    var token: String?

    @Option(help: ArgumentHelp("Worker threads for scans and fixes (default: all cores).", valueName: "n"))
    var workers: Int?

    @Option(name: .customLong("max-queued"), help: ArgumentHelp("Requests that may wait for a worker before new ones get 503.", valueName: "n"))
    var maxQueued: Int = 1024

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Close connections silent for this many seconds.", valueName: "seconds"))
    var idleTimeout: Double = 30

    @Flag(name: .customLong("unsafe-fixes"), help: "Let /v1/fix apply rule fixes marked unsafe.")
    var unsafeFixes = false

    @Flag(name: .customLong("no-llm"), help: "Never ask a model in /v1/fix; apply rule fixes only.")
    var noLLM = false

    @Option(name: .customLong("k"), help: "Knowledge-base discussions retrieved per fixed file.")
    var k: Int = 5

    @Option(name: .customLong("max-rounds"), help: "Model revisions tried per file before giving up.")
    var maxRounds: Int = 3

    @Option(help: ArgumentHelp("Model name at the endpoint (enables model revisions in /v1/fix).", valueName: "name"))
    var model: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("OpenAI-compatible endpoint (default: Ollama's http://localhost:11434/v1).", valueName: "url"))
    var baseURL: String?

    @Option(name: .customLong("api-key"), help: ArgumentHelp("Model API key; prefer SOSECURE_LLM_API_KEY or OPENAI_API_KEY.", valueName: "key"))
    var apiKey: String?

    @Option(name: .customLong("llm-timeout"), help: ArgumentHelp("Seconds to wait for one model request.", valueName: "seconds"))
    var llmTimeout: Double?







    @OptionGroup(title: "Rules")
    var ruleSetup: RuleSetup

    @Option(help: ArgumentHelp("Knowledge base database file (default: $SOSECURE_KB or ~/.cache/sosecure/kb.sqlite).", valueName: "path"))
    var db: String?


    func validate() throws {
        try UsageFailure.check(usageProblem(), command: "serve", arguments: "[<options>]")
    }

    private func usageProblem() -> String? {
        if let problem = ruleSetup.usageProblem() { return problem }
        if !(0...65535).contains(port) { return "--port must be between 0 and 65535" }
        guard let bytes = Self.byteCount(maxBody), bytes >= 1 else { return "--max-body must be a positive size like 2097152, 512k or 2m" }
        if bytes > 1 << 30 { return "--max-body must be at most 1g" }
        if !(requestTimeout > 0) { return "--request-timeout must be a positive number of seconds" }
        if !(fixTimeout > 0) { return "--fix-timeout must be a positive number of seconds" }
        if !(idleTimeout > 0) { return "--idle-timeout must be a positive number of seconds" }
        if let workers, workers < 1 { return "--workers must be at least 1" }
        if maxQueued < 1 { return "--max-queued must be at least 1" }
        if !(1...50).contains(k) { return "--k must be between 1 and 50" }
        if !(1...10).contains(maxRounds) { return "--max-rounds must be between 1 and 10" }
        if let llmTimeout, !(llmTimeout > 0) { return "--llm-timeout must be a positive number of seconds" }
        return ModelOptions.baseURLProblem(baseURL)
    }

    /// `2097152`, `512k`, `2m`, `1g` → bytes.
    static func byteCount(_ text: String) -> Int? {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Int)] = [("kb", 1 << 10), ("mb", 1 << 20), ("gb", 1 << 30), ("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30), ("b", 1)]
        for (suffix, factor) in units where lowered.hasSuffix(suffix) {
            guard let value = Int(lowered.dropLast(suffix.count)) else { return nil }
            return value.multipliedReportingOverflow(by: factor).overflow ? nil : value * factor
        }
        return Int(lowered)
    }

    func run() async throws {
        guard #available(macOS 15, *) else {
            FileHandle.standardError.write(Data("error: sosecure serve needs macOS 15 or later\n".utf8))
            throw ExitCode(2)
        }
        let server: APIServer = try await PipelineSetup.exitOnError {
            let pipeline = try PipelineSetup.pipeline(
                ruleSetup: ruleSetup, db: db, command: "serve", withoutKnowledge: "serving without it"
            ) { settings in
                var fix = FixSettings(allowUnsafeFixes: unsafeFixes, k: k, maxRounds: maxRounds)
                if !noLLM {
                    fix.llm = ModelOptions.resolve(LLMFlags(baseURL: baseURL, model: model, apiKey: apiKey, timeoutSeconds: llmTimeout),
                                                   config: settings)
                }
                return fix
            }
            let environmentToken = ProcessInfo.processInfo.environment["SOSECURE_SERVER_TOKEN"]
            let configuration = APIServerConfiguration(
                host: host, port: port, maxBodyBytes: Self.byteCount(maxBody) ?? APIServerConfiguration.defaultMaxBodyBytes,
                requestTimeout: requestTimeout, fixTimeout: fixTimeout, token: BearerToken(token ?? environmentToken),
                workers: workers ?? ProcessInfo.processInfo.activeProcessorCount, maxQueued: maxQueued, idleTimeout: idleTimeout)
            return APIServer(configuration: configuration, pipeline: pipeline)
        }
        let auth = server.configuration.token == nil ? "no auth" : "bearer token required"
        let modelNote = server.pipeline.model.map { "model \($0)" } ?? "rule fixes only"
        try await PipelineSetup.exitOnError {
            try await server.run { host, port in
                FileHandle.standardError.write(Data("sosecure serve: listening on http://\(host):\(port) (\(auth); \(modelNote))\n".utf8))
            }
        }
        FileHandle.standardError.write(Data("sosecure serve: stopped\n".utf8))
    }
}
