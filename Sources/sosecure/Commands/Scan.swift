import ArgumentParser
import Foundation
import SOSecureCore
import SOSecureReporters
import SOSecureRules

/// `sosecure scan`: finds security flaws in files, folders or standard input.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan source files and folders for security flaws.",
        discussion: """
        Python, JavaScript, TypeScript, Java, Go, C, C++, PHP and Swift files are scanned with their \
        language's rules, and the fenced code blocks of Markdown files with the rules of the fence's language. \
        Folders are walked recursively; .git, virtualenvs, node_modules, build folders and what .gitignore \
        ignores are skipped. `-` reads standard input (use --language for its language).

        Configuration comes from .sosecure.toml or [tool.sosecure] in pyproject.toml (found by walking up \
        from the first path), or from --config; command-line flags win.

        Suppress a finding with `# sosecure: ignore[rule-id] reason` (`// sosecure: ignore[rule-id]` in \
        C-family code) on its line (or on the first line of its statement).

        Exit status: 0 no finding at or above the thresholds, 1 findings, 2 usage, configuration or I/O error.
        """
    )

    enum Format: String, CaseIterable { case text, json, sarif }
    enum ColorChoice: String, CaseIterable { case auto, always, never }

    @Argument(help: "Files or folders to scan; - reads standard input. Default: the current folder.")
    var paths: [String] = []

    // Strings checked in `validate()`: ArgumentParser rejects a bad enum value with exit 64, and scan promises 2.
    @Option(help: ArgumentHelp("Output format: text, json or sarif.", valueName: "format"))
    var format: String = Format.text.rawValue

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: "Language of standard input: python, javascript, typescript, java, go, c, cpp, php or swift.")
    var language: String = "python"







    @OptionGroup(title: "Rules")
    var ruleSetup: RuleSetup

    @Option(help: ArgumentHelp("Report only findings not listed in this baseline file.", valueName: "file"))
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: ArgumentHelp("Write all current findings to this baseline file.", valueName: "file"))
    var writeBaseline: String?

    @Flag(name: .customLong("honor-nosec"), help: "Also honour `# nosec` and `# noqa: S…` comments.")
    var honorNosec = false

    @Flag(name: .customLong("report-unused-suppressions"), help: "Report suppression comments that silence nothing.")
    var reportUnusedSuppressions = false

    @Flag(name: .customLong("exit-zero"), help: "Exit 0 even when there are findings.")
    var exitZero = false

    @Option(help: ArgumentHelp("Colour the text report: auto, always or never.", valueName: "when"))
    var color: String = ColorChoice.auto.rawValue

    @Option(help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var threads: Int?

    func validate() throws {
        try UsageFailure.check(usageProblem(), command: "scan", arguments: "[<options>] [<paths> ...]")
    }

    private func usageProblem() -> String? {
        if Format(rawValue: format) == nil {
            return "unknown format '\(format)'; expected one of: \(Format.allCases.map(\.rawValue).joined(separator: ", "))"
        }
        if ColorChoice(rawValue: color) == nil {
            return "unknown colour choice '\(color)'; expected one of: \(ColorChoice.allCases.map(\.rawValue).joined(separator: ", "))"
        }
        if let problem = ruleSetup.usageProblem() { return problem }
        guard Language(name: language) != nil else {
            return "language '\(language)' is not supported; scan supports \(Language.allCases.map(\.rawValue).joined(separator: ", "))"
        }
        if paths.filter({ $0 == "-" }).count > 1 { return "standard input (-) can be read only once" }
        if let threads, threads < 1 { return "--threads must be at least 1" }
        // A path the user named that is not there is a typo, not a file to report beside findings.
        for path in paths where path != "-" {
            var info = stat()
            if lstat(path, &info) != 0 { return "\(path): no such file or folder" }
        }
        return nil
    }


    func run() throws {
        let inputs = paths.isEmpty ? ["."] : paths
        do {
            let settings = try loadConfig(firstPath: inputs.first { $0 != "-" } ?? ".")
            let discovery = FileDiscovery(languages: Set(Language.allCases), config: settings, includeMarkdown: true)
                .discover(inputs.filter { $0 != "-" })
            let rules = try RuleSetup.loadRules(settings, languages: languagesToLoad(discovery, readsStdin: inputs.contains("-")))
            var stdin: [SourceFile] = []
            if inputs.contains("-") {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                stdin.append(SourceFile(path: "<stdin>", bytes: [UInt8](data)))
            }
            let runner = ScanRunner(rules: rules, config: settings, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
            let progress = ProgressLine.make(total: discovery.files.count)
            var onProgress: (@Sendable (Int, Int) -> Void)?
            if let progress { onProgress = { done, total in progress.update(done, total) } }
            var outcome = runner.scan(paths: discovery.files.map(\.path), sources: stdin, sourceLanguage: Language(name: language),
                                      progress: onProgress)
            progress?.finish()

            if let writeBaseline {
                try Baseline(findings: outcome.findings).write(to: writeBaseline)
            }
            if let baseline {
                let before = outcome.findings.count
                outcome.findings = try Baseline.read(from: baseline).filter(outcome.findings)
                outcome.suppressed += before - outcome.findings.count
            }
            outcome.findings.sort { ($0.path, $0.start.line, $0.start.column, $0.ruleID) < ($1.path, $1.start.line, $1.start.column, $1.ruleID) }

            var errors = discovery.errors.map { ScanError(kind: .io, path: $0.path, message: $0.message) }
            errors += outcome.issues
            if settings.reportUnusedSuppressions {
                errors += outcome.unusedSuppressions.map { entry in
                    ScanError(kind: .config, path: entry.path, line: entry.suppression.line,
                              message: "unused suppression" + (entry.suppression.ruleIDs.isEmpty ? "" : " for \(entry.suppression.ruleIDs.joined(separator: ", "))"))
                }
            }
            let report = ScanReport(
                findings: outcome.findings, errors: errors, rules: rules.map(\.metadata),
                stats: ScanStats(filesScanned: outcome.filesScanned, linesScanned: outcome.linesScanned, rulesRun: runner.rulesRun,
                                 durationSeconds: outcome.durationSeconds, suppressed: outcome.suppressed))
            try write(report, sources: sourceTexts(for: outcome.findings, stdin: stdin))
            if !exitZero && !outcome.findings.isEmpty { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }


    private func loadConfig(firstPath: String) throws -> ScanConfig {
        try ruleSetup.loadConfig(firstPath: firstPath, honorNosec: honorNosec, reportUnusedSuppressions: reportUnusedSuppressions)
    }

    /// The languages whose built-in rules the scan needs; nil (all) when a Markdown file is among the
    /// inputs, since its fences may name any language.
    private func languagesToLoad(_ discovery: DiscoveryResult, readsStdin: Bool) -> Set<Language>? {
        var languages: Set<Language> = []
        for file in discovery.files {
            guard let language = file.language else { return nil }
            languages.insert(language)
        }
        if readsStdin, let stdinLanguage = Language(name: language) { languages.insert(stdinLanguage) }
        return languages
    }

    /// The text of every file with a finding, for code frames and snippets.
    private func sourceTexts(for findings: [Finding], stdin: [SourceFile]) -> [String: String] {
        var texts: [String: String] = [:]
        for file in stdin { texts[file.path] = Self.sameLengthText(file.bytes) }
        for path in Set(findings.map(\.path)) where texts[path] == nil {
            if let data = FileManager.default.contents(atPath: path) { texts[path] = Self.sameLengthText([UInt8](data)) }
        }
        return texts
    }

    /// Findings hold byte offsets into the file as read; U+FFFD takes three bytes, so each invalid
    /// byte becomes one `?` instead, or carets after it would drift.
    static func sameLengthText(_ bytes: [UInt8]) -> String {
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        var repaired: [UInt8] = []
        repaired.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(encoded): repaired += encoded
            case let .error(length): repaired += repeatElement(UInt8(ascii: "?"), count: length)
            case .emptyInput: return String(decoding: repaired, as: UTF8.self)
            }
        }
    }

    private func write(_ report: ScanReport, sources: [String: String]) throws {
        let useColor: Bool
        switch ColorChoice(rawValue: color) ?? .auto {
        case .always: useColor = true
        case .never: useColor = false
        case .auto: useColor = output == nil && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
        let reporter: any Reporter
        switch Format(rawValue: format) ?? .text {
        case .text: reporter = TextReporter(color: useColor)
        case .json: reporter = JSONReporter()
        case .sarif: reporter = SARIFReporter()
        }
        let rendered = reporter.render(report, sources: sources)
        if let output {
            // Write beside the target and rename, so a failed run never leaves half a report.
            let temporary = output + ".sosecure-tmp"
            guard FileManager.default.createFile(atPath: temporary, contents: Data(rendered.utf8)) else {
                throw ScanFailure.io("cannot write \(output)")
            }
            if FileManager.default.fileExists(atPath: output) { try? FileManager.default.removeItem(atPath: output) }
            try FileManager.default.moveItem(atPath: temporary, toPath: output)
        } else {
            FileHandle.standardOutput.write(Data(rendered.utf8))
        }
    }
}

enum ScanFailure: Error, CustomStringConvertible {
    case config(String)
    case io(String)

    var description: String {
        switch self {
        case let .config(message), let .io(message): return message
        }
    }
}

/// A one-line progress counter on standard error, only when it is a terminal.
final class ProgressLine: @unchecked Sendable {
    private let total: Int
    private let lock = NSLock()
    private var lastDrawn = Date.distantPast

    static func make(total: Int) -> ProgressLine? {
        guard total >= 50, isatty(STDERR_FILENO) == 1 else { return nil }
        return ProgressLine(total: total)
    }

    private init(total: Int) { self.total = total }

    func update(_ done: Int, _ total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) > 0.1 || done == total else { return }
        lastDrawn = now
        FileHandle.standardError.write(Data("\r\u{1B}[Kscanning \(done)/\(total) files".utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
