import Foundation
import SOSecureCore
import SOSecurePython

/// What a scan of many files produced.
public struct ScanOutcome: Sendable {
    public var findings: [Finding]
    public var issues: [FileIssue]
    /// Suppression comments that silenced nothing (reported with `--report-unused-suppressions`).
    public var unusedSuppressions: [(path: String, suppression: Suppression)]
    public var filesScanned: Int
    public var linesScanned: Int
    /// Findings silenced by suppression comments.
    public var suppressed: Int
    public var durationSeconds: Double
}

/// Scans files on every core: read, parse, analyze, filter by configuration, and apply suppression
/// comments. Each file goes to its language's front end (the Python parser, or the C-family token trees
/// for JavaScript, TypeScript, Java, Go, C, C++, PHP and Swift); a Markdown file's fenced code blocks
/// are scanned as their fence language says. Never executes the scanned code.
public struct ScanRunner: Sendable {
    public let analyzer: PythonAnalyzer
    public let cFamilyAnalyzer: CFamilyAnalyzer
    public let config: ScanConfig
    public let threads: Int
    /// Most syntax errors reported per file; the rest are counted in one line.
    public static let syntaxErrorsPerFile = 5
    /// Larger files are reported, not scanned: hand-written Python never comes near this, and a generated
    /// file that does costs seconds and hundreds of megabytes for code nobody reviews.
    public static let defaultMaximumFileBytes = 5 * 1024 * 1024
    /// As git decides: a NUL byte this early marks a binary file (CPython refuses NUL in source anyway).
    static let binaryProbeBytes = 8000
    public let maximumFileBytes: Int

    public init(rules: [Rule], config: ScanConfig, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                maximumFileBytes: Int = ScanRunner.defaultMaximumFileBytes) {
        let enabled = rules.filter { config.isEnabled($0.metadata) }
        self.analyzer = PythonAnalyzer(rules: enabled)
        self.cFamilyAnalyzer = CFamilyAnalyzer(rules: enabled)
        self.config = config
        self.threads = max(1, threads)
        self.maximumFileBytes = maximumFileBytes
    }

    /// Rules of every language the runner applies.
    public var rulesRun: Int { analyzer.rules.count + cFamilyAnalyzer.rules.count }

    /// Scans `paths` (files already discovered) plus, optionally, sources held in memory (stdin).
    /// A source whose path has no known extension is scanned as `sourceLanguage` (Python when nil).
    /// `progress` is called from worker threads with (files done, total).
    public func scan(paths: [String], sources: [SourceFile] = [], sourceLanguage: Language? = nil,
                     progress: (@Sendable (Int, Int) -> Void)? = nil) -> ScanOutcome {
        let started = Date()
        enum Input: Sendable {
            case path(String)
            case source(SourceFile)
        }
        let inputs: [Input] = paths.map(Input.path) + sources.map(Input.source)
        // Largest files first, so no worker is left with a big file after the others ran out of work.
        // Results keep the input order.
        let sizes = inputs.map { input -> Int in
            switch input {
            case let .path(path):
                var info = stat()
                return stat(path, &info) == 0 ? Int(info.st_size) : 0
            case let .source(file):
                return file.bytes.count
            }
        }
        let order = inputs.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        let results = ResultSlots<FileResult>(count: inputs.count)
        let next = Counter()
        let done = Counter()
        let group = DispatchGroup()
        for _ in 0..<min(threads, max(1, inputs.count)) {
            group.enter()
            let thread = Thread {
                while true {
                    let position = next.increment() - 1
                    guard position < inputs.count else { break }
                    let index = order[position]
                    switch inputs[index] {
                    case let .path(path): results.set(index, scanFile(at: path))
                    case let .source(file): results.set(index, scan(file, language: Language(path: file.path) ?? sourceLanguage))
                    }
                    progress?(done.increment(), inputs.count)
                }
                group.leave()
            }
            thread.stackSize = LargeStackThread.defaultStackSize
            thread.start()
        }
        group.wait()

        var outcome = ScanOutcome(findings: [], issues: [], unusedSuppressions: [], filesScanned: 0, linesScanned: 0,
                                  suppressed: 0, durationSeconds: 0)
        for result in results.values.compactMap({ $0 }) {
            outcome.findings += result.findings
            outcome.issues += result.issues
            outcome.unusedSuppressions += result.unused.map { (result.path, $0) }
            outcome.suppressed += result.suppressed
            if result.scanned {
                outcome.filesScanned += 1
                outcome.linesScanned += result.lines
            }
        }
        outcome.durationSeconds = Date().timeIntervalSince(started)
        return outcome
    }

    struct FileResult: Sendable {
        let path: String
        var findings: [Finding] = []
        var issues: [FileIssue] = []
        var unused: [Suppression] = []
        var suppressed = 0
        var lines = 0
        var scanned = false

        /// Keeps the findings the config wants, counting those a suppression silences, and (when asked)
        /// the suppressions that silenced nothing. Every language's scan ends here.
        mutating func record(_ found: [Finding], config: ScanConfig, suppressions: inout some FindingSuppressing) {
            for finding in found where config.keeps(finding) {
                if suppressions.suppresses(ruleID: finding.ruleID, range: finding.range) {
                    suppressed += 1
                } else {
                    findings.append(finding)
                }
            }
            if config.reportUnusedSuppressions { unused = suppressions.unused() }
        }
    }

    func scanFile(at path: String) -> FileResult {
        do {
            // `./src/a.py` and `src/a.py` are one file: fingerprints and baselines must not depend on the spelling.
            return scan(try SourceFile.read(path: path, reportedAs: Self.displayPath(path), maximumBytes: maximumFileBytes))
        } catch let SourceFileError.tooLarge(_, bytes) {
            let message = "file is \(Self.megabytes(bytes)) MB, over the \(Self.megabytes(maximumFileBytes)) MB limit; not scanned"
            return FileResult(path: path, issues: [FileIssue(kind: .io, path: path, message: message)])
        } catch {
            return FileResult(path: path, issues: [FileIssue(kind: .io, path: path, message: "\(error)")])
        }
    }

    /// The path as reported: without leading `./` segments.
    static func displayPath(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.hasPrefix("./") && trimmed.count > 2 {
            trimmed = trimmed.dropFirst(2)
            while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        }
        return String(trimmed)
    }

    /// Analyzes one file. A file with syntax errors is still analyzed: the parser keeps every complete
    /// statement, and the errors are reported beside the findings.
    public func scanSource(_ file: SourceFile) -> (findings: [Finding], issues: [FileIssue]) {
        let result = LargeStackThread.run { scan(file) }
        return (result.findings, result.issues)
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1_048_576)
    }

    /// Scans one file as `language`; nil: as its extension says (Markdown, a C-family language, else Python).
    func scan(_ file: SourceFile, language: Language? = nil) -> FileResult {
        if let nul = file.bytes.prefix(Self.binaryProbeBytes).firstIndex(of: 0) {
            return FileResult(path: file.path, issues: [FileIssue(kind: .encoding, path: file.path,
                                                                  message: "binary file (NUL byte at offset \(nul)); not scanned")])
        }
        if language == nil, MarkdownCodeBlocks.isMarkdown(path: file.path) { return scanMarkdown(file) }
        let language = language ?? Language(path: file.path) ?? .python
        if language.usesCodePatterns { return scanCFamily(file, language: language) }
        return scanPython(file)
    }

    func scanPython(_ file: SourceFile, reportSyntaxErrors: Bool = true) -> FileResult {
        var result = FileResult(path: file.path)
        let parse = PythonParser.parseOnCurrentThread(file)
        result.scanned = true
        result.lines = parse.lineIndex.lineCount
        for error in parse.errors.prefix(reportSyntaxErrors ? Self.syntaxErrorsPerFile : 0) {
            let location = parse.lineIndex.location(of: error.range.start)
            let kind: FileIssue.Kind = error.message.contains("encoding") || error.message.contains("utf-8") ? .encoding : .syntax
            result.issues.append(FileIssue(kind: kind, path: file.path, line: location.line, column: location.column, message: error.message))
        }
        if reportSyntaxErrors, parse.errors.count > Self.syntaxErrorsPerFile {
            result.issues.append(FileIssue(kind: .syntax, path: file.path,
                                           message: "\(parse.errors.count - Self.syntaxErrorsPerFile) more syntax errors"))
        }
        var suppressions = SuppressionIndex(parse: parse, honorNosec: config.honorNosec)
        result.record(analyzer.analyze(parse, path: file.path), config: config, suppressions: &suppressions)
        return result
    }
}

/// A thread-safe counter; `increment` returns the new value.
private final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
