import ArgumentParser
import Foundation
import SOSecureCore
import SOSecureKnowledge
import SOSecureRemediation
import SOSecureReporters
import SOSecureRules

/// `sosecure fix`: scan, retrieve community warnings, apply verified rule fixes, ask a model for a
/// verified revision, and report every change with its reasons and sources.
struct Fix: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Fix security flaws: verified rule fixes, then a model revision backed by community evidence.",
        discussion: """
        For each file: scan it, retrieve the knowledge-base discussions about its findings, apply the rules' \
        fixes (safe ones; unsafe ones with --unsafe-fixes) in verified rounds, then, when a model is \
        configured, ask it for a revision with that evidence. Every change is re-analyzed: it is kept only if \
        the code still parses, the targeted findings are gone and nothing new is found.

        Every language scan reads is fixed: Python, JavaScript, TypeScript, Java, Go, C, C++, PHP and Swift, \
        each judged by its own front end (for the C family, an unterminated string or unbalanced bracket the \
        original did not have rejects a change). Rule fixes exist for Python rules; findings in other \
        languages are left to the model.

        The model comes from --model/--base-url, SOSECURE_LLM_MODEL/SOSECURE_LLM_BASE_URL (key: \
        SOSECURE_LLM_API_KEY or OPENAI_API_KEY) or the [llm] table of .sosecure.toml. Without one, only rule \
        fixes are applied.

        Exit status: 0 nothing remains at or above the thresholds, 1 findings remain, 2 usage, configuration, \
        I/O or model error.
        """
    )

    enum Format: String, CaseIterable { case text, json, sarif }

    @Argument(help: "Files or folders to fix; - reads standard input.")
    var paths: [String] = []

    @Flag(inversion: .prefixedNo, help: "Show the change as a unified diff.")
    var diff = true

    @Flag(help: "Write the verified result into the files (atomically).")
    var write = false

    @Flag(name: .customLong("unsafe-fixes"), help: "Also apply rule fixes marked unsafe (they change behaviour; review them).")
    var unsafeFixes = false

    @Flag(name: .customLong("no-llm"), help: "Do not ask a model; apply rule fixes only.")
    var noLLM = false

    @Option(name: .customLong("k"), help: "Knowledge-base discussions retrieved per file.")
    var k: Int = 5

    @Option(help: ArgumentHelp("Output format: text, json or sarif.", valueName: "format"))
    var format: String = Format.text.rawValue

    @OptionGroup(title: "Model")
    var modelOptions: ModelOptions

    @Option(help: "Language of standard input: python, javascript, typescript, java, go, c, cpp, php or swift.")
    var language: String = "python"







    @OptionGroup(title: "Rules")
    var ruleSetup: RuleSetup

    @Option(help: ArgumentHelp("Knowledge base database file (default: $SOSECURE_KB or ~/.cache/sosecure/kb.sqlite).", valueName: "path"))
    var db: String?

    /// Test hook: seconds to pause between writing the temporary file and renaming it.
    @Option(name: .customLong("test-pause-before-rename"), help: .hidden)
    var pauseBeforeRename: Double?


    func validate() throws {
        try UsageFailure.check(usageProblem(), command: "fix", arguments: "[<options>] <paths> ...")
    }

    private func usageProblem() -> String? {
        if Format(rawValue: format) == nil {
            return "unknown format '\(format)'; expected one of: \(Format.allCases.map(\.rawValue).joined(separator: ", "))"
        }
        if let problem = ruleSetup.usageProblem() { return problem }
        guard Language(name: language) != nil else {
            return "language '\(language)' is not supported; fix supports \(Language.allCases.map(\.rawValue).joined(separator: ", "))"
        }
        if paths.filter({ $0 == "-" }).count > 1 { return "standard input (-) can be read only once" }
        if write && paths.contains("-") { return "--write cannot write standard input; leave it out to print the result" }
        if !(1...50).contains(k) { return "--k must be between 1 and 50" }
        if let problem = modelOptions.usageProblem() { return problem }
        for path in paths where path != "-" {
            var info = stat()
            if lstat(path, &info) != 0 { return "\(path): no such file or folder" }
        }
        return nil
    }

    func run() async throws {
        // Checked here, not in validate(): ArgumentParser validates before it prints --help.
        try UsageFailure.check(paths.isEmpty ? "give the files or folders to fix, or - for standard input" : nil,
                               command: "fix", arguments: "[<options>] <paths> ...")
        do {
            let settings = try ruleSetup.loadConfig(firstPath: paths.first { $0 != "-" } ?? ".")
            let rules = try RuleSetup.loadRules(settings)
            let judge = RevisionJudge(rules: rules, config: settings)
            let rationales = RuleSetup.rationales(rules)

            // Every language scan reads; Markdown is not taken, since its blocks are not one program to revise.
            let discovery = FileDiscovery(languages: Set(Language.allCases), config: settings).discover(paths.filter { $0 != "-" })
            var inputs: [(path: String, text: String, language: Language?)] = []
            if paths.contains("-") {
                inputs.append(("<stdin>", String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self), Language(name: language)))
            }
            var errors = discovery.errors.map { "\($0.path): \($0.message)" }
            for file in discovery.files {
                do {
                    let source = try SourceFile.read(path: file.path)
                    inputs.append((file.path, String(decoding: source.bytes, as: UTF8.self), file.language))
                } catch {
                    errors.append("\(error)")
                }
            }

            let remediator = Remediator(judge: judge, allowUnsafeFixes: unsafeFixes, retriever: KnowledgeBaseAccess.retriever(db: db, command: "fix"), k: k,
                                        loop: makeLoop(judge: judge, settings: settings, rationales: rationales),
                                        rationales: rationales)
            var remediations: [Remediation] = []
            for input in inputs {
                let remediation = await remediator.remediate(text: input.text, path: Self.displayPath(input.path), language: input.language)
                remediations.append(remediation)
                if write, remediation.changed, input.path != "<stdin>" {
                    do {
                        try AtomicFileWriter.write(remediation.revisedText, to: input.path, beforeRename: pauseHook)
                    } catch {
                        errors.append("\(error)")
                    }
                }
            }
            try output(remediations, rules: rules)
            for error in errors { FileHandle.standardError.write(Data("error: \(error)\n".utf8)) }
            let modelFailed = remediations.contains { $0.result.attempts.contains { $0.reasons.contains { $0.hasPrefix("model request failed") } } }
            if !errors.isEmpty || modelFailed { throw ExitCode(2) }
            if remediations.contains(where: { !$0.after.isEmpty }) { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// The hidden test hook: announce the temporary file, then wait to be killed.
    private var pauseHook: ((String) -> Void)? {
        guard let pauseBeforeRename, pauseBeforeRename > 0 else { return nil }
        return { temporary in
            FileHandle.standardError.write(Data("paused before rename: \(temporary)\n".utf8))
            Thread.sleep(forTimeInterval: pauseBeforeRename)
        }
    }

    /// The model loop, or nil with one line on standard error saying why the LLM step is skipped.
    private func makeLoop(judge: RevisionJudge, settings: ScanConfig, rationales: [String: String]) -> RevisionLoop? {
        if noLLM { return nil }
        let llm = modelOptions.settings(config: settings)
        guard llm.isConfigured else {
            FileHandle.standardError.write(Data("sosecure fix: LLM revision skipped: \(ModelOptions.notConfiguredReason); applying verified rule fixes only.\n".utf8))
            return nil
        }
        return modelOptions.loop(client: OpenAICompatibleClient(settings: llm), judge: judge, rationales: rationales)
    }

    private func output(_ remediations: [Remediation], rules: [Rule]) throws {
        let rendered: String
        switch Format(rawValue: format) ?? .text {
        case .text:
            let renderer = RemediationTextRenderer(showDiff: diff)
            var text = remediations.map(renderer.render).joined(separator: "\n")
            text += "\n" + Self.summary(remediations, wrote: write)
            rendered = text
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            rendered = String(decoding: try encoder.encode(remediations.map(\.result)), as: UTF8.self) + "\n"
        case .sarif:
            rendered = FixSARIF.render(remediations, rules: rules)
        }
        FileHandle.standardOutput.write(Data(rendered.utf8))
    }

    static func summary(_ remediations: [Remediation], wrote: Bool) -> String {
        var counts: [RemediationResult.Status: Int] = [:]
        for remediation in remediations { counts[remediation.result.status, default: 0] += 1 }
        let remaining = remediations.reduce(0) { $0 + $1.after.count }
        let before = remediations.reduce(0) { $0 + $1.before.count }
        let changed = remediations.filter(\.changed).count
        let parts = [("fixed", RemediationResult.Status.fixed), ("partially fixed", .partiallyFixed), ("unchanged", .unchanged), ("failed", .failed)]
            .map { "\(counts[$0.1] ?? 0) \($0.0)" }.joined(separator: ", ")
        let action = changed == 0 ? "no file changed" : (wrote ? "\(changed) file\(changed == 1 ? "" : "s") written" : "\(changed) file\(changed == 1 ? "" : "s") would change (use --write)")
        return "\(remediations.count) file\(remediations.count == 1 ? "" : "s"): \(parts); findings \(before) → \(remaining); \(action)\n"
    }

    static func displayPath(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.hasPrefix("./") && trimmed.count > 2 { trimmed = trimmed.dropFirst(2) }
        return String(trimmed)
    }
}

/// SARIF for `fix`: the original findings, each with the fix that resolved it — the rule's own, or the
/// model's verified revision as an unsafe `llm` fix citing the discussions in its prompt.
enum FixSARIF {
    static func render(_ remediations: [Remediation], rules: [Rule]) -> String {
        var findings: [Finding] = []
        var sources: [String: String] = [:]
        for remediation in remediations {
            let path = remediation.result.path
            sources[path] = remediation.originalText
            let byModel = Set(remediation.resolvedByModel.map { "\($0.ruleID)\u{0}\($0.fingerprint)" })
            var revisionFix: SOSecureCore.Fix?
            if !byModel.isEmpty, let model = remediation.result.model {
                var citations: [String] = []
                for url in remediation.result.changes.flatMap({ $0.evidence.map(\.url) }) where !citations.contains(url) { citations.append(url) }
                revisionFix = try? SOSecureCore.Fix(
                    title: "Apply the revision by \(model), verified by re-analysis",
                    edits: RevisionEdits.edits(from: remediation.originalText, to: remediation.revisedText),
                    applicability: .unsafe, origin: .llm(model: model, citations: citations))
            }
            let file = SourceFile(path: path, text: remediation.originalText)
            for finding in remediation.before {
                guard let revisionFix, byModel.contains("\(finding.ruleID)\u{0}\(finding.fingerprint)") else {
                    findings.append(finding)
                    continue
                }
                findings.append(Finding(ruleID: finding.ruleID, message: finding.message, cwes: finding.cwes, severity: finding.severity,
                                        confidence: finding.confidence, path: finding.path, range: finding.range, start: finding.start,
                                        end: finding.end, dataflow: finding.dataflow, fix: revisionFix,
                                        flaggedCode: file.text(in: finding.range)))
            }
        }
        let report = ScanReport(findings: findings, errors: [], rules: rules.map(\.metadata),
                                stats: ScanStats(filesScanned: remediations.count, linesScanned: 0, rulesRun: rules.count, durationSeconds: 0))
        return SARIFReporter().render(report, sources: sources)
    }
}
