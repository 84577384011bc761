import ArgumentParser
import Foundation
import SOSecureRules
import SOSecureServer

/// `sosecure proxy`: an OpenAI-compatible endpoint in front of another that inspects the code in every
/// answer. Parses flags; the proxy lives in SOSecureServer.
struct Proxy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Put SOSecure between a chat client and an OpenAI-compatible endpoint: inspect the code in every answer.",
        discussion: """
        Serves POST /v1/chat/completions (streamed or not) and relays GET /v1/models and every other /v1 path to \
        --upstream, with the client's headers (its API key included) passed through. Each fenced code block in an \
        answer is scanned in the language its fence names (```python, ```js, ```go…; an untagged block by a guess \
        from its code, left alone when the guess is unsure): --mode annotate appends a note with the \
        findings and the community discussions that warn about them; fix replaces the block with a verified \
        revision (rule fixes, then the same upstream model with the caller's key) and notes what changed; block \
        withholds blocks with findings. --severity sets the threshold. Point a client at it with \
        OPENAI_BASE_URL=http://127.0.0.1:8089/v1.
        """
    )

    @Option(help: ArgumentHelp("The OpenAI-compatible base URL to forward to, /v1 included (e.g. http://localhost:11434/v1).", valueName: "url"))
    var upstream: String

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8089

    @Option(help: ArgumentHelp("What to do with a code block that has findings: annotate, fix or block.", valueName: "mode"))
    var mode: String = "annotate"

    @Option(help: ArgumentHelp("Seconds to wait for the upstream to start answering, and between pieces of a streamed answer.", valueName: "seconds"))
    var timeout: Double = 300

    @Option(name: .customLong("fix-timeout"), help: ArgumentHelp("Seconds the inspection of one code block may take (model revisions in fix mode).", valueName: "seconds"))
    var fixTimeout: Double = 300

    @Option(name: .customLong("max-body"), help: ArgumentHelp("Largest request body in bytes; a suffix k or m multiplies by 1024.", valueName: "size"))
    var maxBody: String = "16m"

    @Option(help: ArgumentHelp("Worker threads for scans and fixes (default: all cores).", valueName: "n"))
    var workers: Int?

    @Flag(name: .customLong("no-llm"), help: "In fix mode, apply verified rule fixes only; never ask the upstream model for a revision.")
    var noLLM = false

    @Option(name: .customLong("max-rounds"), help: "Model revisions tried per code block in fix mode.")
    var maxRounds: Int = 2

    @Option(name: .customLong("k"), help: "Knowledge-base discussions cited per code block.")
    var k: Int = 3

    @OptionGroup(title: "Rules")
    var ruleSetup: RuleSetup

    @Option(help: ArgumentHelp("Knowledge base database file (default: $SOSECURE_KB or ~/.cache/sosecure/kb.sqlite).", valueName: "path"))
    var db: String?

    func validate() throws {
        try UsageFailure.check(usageProblem(), command: "proxy", arguments: "--upstream <url> [<options>]")
    }

    private func usageProblem() -> String? {
        if let problem = ruleSetup.usageProblem() { return problem }
        guard let url = URL(string: upstream), url.scheme.map({ ["http", "https"].contains($0.lowercased()) }) == true, url.host != nil else {
            return "--upstream must be an http:// or https:// URL like http://localhost:11434/v1"
        }
        if ProxyMode(rawValue: mode) == nil { return "unknown --mode '\(mode)'; expected one of: annotate, fix, block" }
        if !(0...65535).contains(port) { return "--port must be between 0 and 65535" }
        if !(timeout > 0) { return "--timeout must be a positive number of seconds" }
        if !(fixTimeout > 0) { return "--fix-timeout must be a positive number of seconds" }
        guard let bytes = Serve.byteCount(maxBody), bytes >= 1, bytes <= 1 << 30 else {
            return "--max-body must be a positive size of at most 1g, like 16777216, 512k or 16m"
        }
        if let workers, workers < 1 { return "--workers must be at least 1" }
        if !(1...10).contains(maxRounds) { return "--max-rounds must be between 1 and 10" }
        if !(1...20).contains(k) { return "--k must be between 1 and 20" }
        return nil
    }

    func run() async throws {
        guard #available(macOS 15, *) else {
            FileHandle.standardError.write(Data("error: sosecure proxy needs macOS 15 or later\n".utf8))
            throw ExitCode(2)
        }
        let server: ProxyServer = try await PipelineSetup.exitOnError {
            let pipeline = try PipelineSetup.pipeline(
                ruleSetup: ruleSetup, db: db, command: "proxy", withoutKnowledge: "answers get no discussions cited"
            ) { _ in FixSettings(allowUnsafeFixes: false, k: k, maxRounds: maxRounds) }
            let configuration = ProxyConfiguration(
                upstream: URL(string: upstream)!, host: host, port: port, mode: ProxyMode(rawValue: mode) ?? .annotate, timeout: timeout,
                inspectionTimeout: fixTimeout, maxBodyBytes: Serve.byteCount(maxBody) ?? ProxyConfiguration.defaultMaxBodyBytes,
                workers: workers ?? ProcessInfo.processInfo.activeProcessorCount, useModelForFixes: !noLLM, maxRounds: maxRounds, k: k)
            return ProxyServer(configuration: configuration, pipeline: pipeline)
        }
        let modeName = server.configuration.mode.rawValue
        let upstreamBase = server.configuration.upstreamBase
        try await PipelineSetup.exitOnError {
            try await server.run { host, port in
                FileHandle.standardError.write(Data("sosecure proxy: listening on http://\(host):\(port)/v1 → \(upstreamBase) (mode \(modeName))\n".utf8))
            }
        }
        FileHandle.standardError.write(Data("sosecure proxy: stopped\n".utf8))
    }
}
