import ArgumentParser
import Foundation
import SOSecureCore
import SOSecurePython

/// `sosecure ast`: shows how the Python parser understood a file, so a developer can see
/// when what the code says is not what its author meant.
struct Ast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ast",
        abstract: "Show the syntax tree of Python files, or check them for syntax errors.",
        discussion: """
        Ranges are line:column-line:column with 1-based lines and UTF-8 columns; the end is \
        exclusive (CPython's col_offset and end_col_offset plus one).

        Formats: text (indented tree), json (nested objects with CPython field names), \
        dot (Graphviz: pipe into `dot -Tsvg`), cpython (the same string as Python's ast.dump).

        Exit status: 0 no syntax errors, 1 syntax errors found, 2 usage or I/O error.
        """
    )

    enum Format: String, CaseIterable {
        case text, json, dot, cpython
    }

    @Argument(help: "Python files to read; - reads standard input.")
    var files: [String] = []

    @Option(name: .customLong("files-from"), help: ArgumentHelp("Also read the paths listed in this file, one per line.", valueName: "list"))
    var filesFrom: String?

    @Option(help: ArgumentHelp("Output format: text, json, dot or cpython.", valueName: "format"))
    var format: String = Format.text.rawValue

    @Flag(help: "Print only syntax errors, as path:line:col: message; exit 1 if there are any.")
    var check = false

    @Flag(name: .customLong("no-color"), help: "Never colour the output (colour is used only on a terminal).")
    var noColor = false

    /// Parses every file in one process and prints bytes, lines and seconds (Benchmarks/parse-throughput.sh).
    @Flag(help: .hidden)
    var benchmark = false

    // MARK: - Input checks

    func validate() throws {
        guard Format(rawValue: format) != nil else {
            throw usageError("unknown format '\(format)'; expected one of: \(Format.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let paths = try inputPaths()
        guard !paths.isEmpty else {
            throw usageError("no input: give one or more Python files, or - to read standard input")
        }
        guard paths.filter({ $0 == "-" }).count <= 1 else {
            throw usageError("standard input (-) can be read only once")
        }
        for path in paths where path != "-" {
            if let problem = Self.unreadableReason(path) {
                throw usageError("\(path): cannot read file: \(problem)")
            }
        }
    }

    /// The positional paths followed by those listed in `--files-from`.
    private func inputPaths() throws -> [String] {
        guard let filesFrom else { return files }
        if let problem = Self.unreadableReason(filesFrom) {
            throw usageError("\(filesFrom): cannot read file list: \(problem)")
        }
        guard let data = FileManager.default.contents(atPath: filesFrom) else {
            throw usageError("\(filesFrom): cannot read file list")
        }
        let listed = String(decoding: data, as: UTF8.self)
            .split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map(String.init)
            .filter { !$0.isEmpty }
        return files + listed
    }

    private static func unreadableReason(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such file" }
        if isDirectory.boolValue { return "is a directory" }
        if !FileManager.default.isReadableFile(atPath: path) { return "permission denied" }
        return nil
    }

    /// Prints `error: message` and exits 2: ArgumentParser's own validation failures exit 64,
    /// but this command promises 2 for every usage or I/O problem.
    private func usageError(_ message: String) -> ExitCode {
        Self.writeError("error: \(message)\nUsage: sosecure ast [--format <format>] [--check] <file> ...\n  See 'sosecure ast --help' for more information.\n")
        return ExitCode(2)
    }

    // MARK: - Run

    func run() throws {
        let paths = try inputPaths()
        if benchmark {
            try ParseBenchmark.run(paths: paths)
            return
        }
        let format = Format(rawValue: format) ?? .text
        let color = !noColor && isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR", default: ""].isEmpty
        let several = paths.count > 1
        var sawSyntaxError = false
        var sawIOError = false
        var jsonDocuments: [String] = []

        for (position, path) in paths.enumerated() {
            let file: SourceFile
            do {
                file = try SourceFile.read(path: path)
            } catch {
                Self.writeError("error: \(error)\n")
                sawIOError = true
                continue
            }
            let result = PythonParser.parse(file)
            sawSyntaxError = sawSyntaxError || !result.errors.isEmpty
            let displayPath = file.path

            if check {
                for error in result.errors {
                    Self.write("\(displayPath):\(error.location.line):\(error.location.column): \(error.message)\n")
                }
                continue
            }
            switch format {
            case .text:
                var output = several ? (position > 0 ? "\n" : "") + "==> \(displayPath) <==\n" : ""
                output += ASTTextPrinter.render(.module(result.module), lineIndex: result.lineIndex, color: color)
                output += ASTSyntaxErrorReport.render(result.errors, path: displayPath, text: result.text,
                                                      lineIndex: result.lineIndex, color: color)
                Self.write(output)
            case .json:
                jsonDocuments.append(ASTJSONPrinter.renderFile(
                    path: displayPath, module: result.module, lineIndex: result.lineIndex, errors: result.errors,
                    indentLevel: several ? 1 : 0))
            case .dot:
                Self.write(ASTDotPrinter.render(.module(result.module), lineIndex: result.lineIndex, graphName: displayPath))
                Self.reportOnStandardError(result.errors, path: displayPath)
            case .cpython:
                let header = several ? (position > 0 ? "\n" : "") + "==> \(displayPath) <==\n" : ""
                Self.write(header + CPythonDump.dump(result.module, text: result.text) + "\n")
                Self.reportOnStandardError(result.errors, path: displayPath)
            }
        }
        if !jsonDocuments.isEmpty {
            // Several files make one JSON array, so the output stays a single document.
            Self.write(several ? "[\n  " + jsonDocuments.joined(separator: ",\n  ") + "\n]\n" : jsonDocuments[0] + "\n")
        }
        if sawIOError { throw ExitCode(2) }
        if sawSyntaxError { throw ExitCode(1) }
    }

    private static func reportOnStandardError(_ errors: [PythonSyntaxError], path: String) {
        for error in errors {
            writeError("\(path):\(error.location.line):\(error.location.column): error: \(error.message)\n")
        }
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// The hidden `--benchmark` mode: reads every file first, then parses them all on one
/// thread in one process, so start-up and disk time stay out of the figures.
enum ParseBenchmark {
    static func run(paths: [String]) throws {
        var files: [SourceFile] = []
        var bytes = 0
        var lines = 0
        for path in paths {
            guard let file = try? SourceFile.read(path: path) else {
                Ast.writeError("error: \(path): cannot read file\n")
                throw ExitCode(2)
            }
            files.append(file)
            bytes += file.bytes.count
            lines += lineCount(file.bytes)
        }
        let measured = files
        // One large-stack thread for the whole run instead of one per file, as the parser would start.
        let timing = LargeStackThread.run { () -> (seconds: Double, filesWithErrors: Int, slowest: (String, Double)) in
            var filesWithErrors = 0
            var slowest = ("", 0.0)
            let clock = ContinuousClock()
            let start = clock.now
            for file in measured {
                let fileStart = clock.now
                let result = PythonParser.parseOnCurrentThread(file)
                if !result.errors.isEmpty { filesWithErrors += 1 }
                let elapsed = seconds(clock.now - fileStart)
                if elapsed > slowest.1 { slowest = (file.path, elapsed) }
            }
            return (seconds(clock.now - start), filesWithErrors, slowest)
        }
        let megabytes = Double(bytes) / 1_000_000
        Ast.write("""
        files: \(files.count)
        bytes: \(bytes)
        lines: \(lines)
        files with syntax errors: \(timing.filesWithErrors)
        seconds: \(format(timing.seconds, 4))
        MB/s: \(format(timing.seconds > 0 ? megabytes / timing.seconds : 0, 1))
        lines/s: \(Int(timing.seconds > 0 ? Double(lines) / timing.seconds : 0))
        slowest file: \(timing.slowest.0) (\(format(timing.slowest.1, 4)) s)

        """)
    }

    /// Newline-terminated lines, plus a last line without a newline.
    static func lineCount(_ bytes: [UInt8]) -> Int {
        let newlines = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        return newlines + (bytes.last.map { $0 == UInt8(ascii: "\n") ? 0 : 1 } ?? 0)
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    private static func format(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
