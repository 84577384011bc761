import Foundation
import SOSecureCore
import SOSecurePython

/// Asks the machine's python3 what `ast.parse` / `ast.dump` say about files, in one
/// process per batch, and compares with SOSecure's parser.
enum CPythonReference {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// One file as CPython sees it.
    struct Verdict: Decodable {
        let path: String
        let ok: Bool
        /// `ast.dump(tree)` when `ok` and a dump was asked for.
        let dump: String?
        /// The error when not `ok`.
        let error: String?
    }

    /// Absolute path of python3, or a clear failure.
    static func python() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        var directories = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        directories.append(contentsOf: ["/usr/local/bin", "/usr/bin"])
        for directory in directories {
            let candidate = directory + "/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure(description: "python3 not found on PATH; the CPython differential tests need it (install python3)")
    }

    /// Runs python3 with `arguments`, feeding `input` on stdin; stdout is written to a temporary file and returned as its path.
    static func run(_ arguments: [String], input: String) throws -> URL {
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("sosecure-cpython-\(UUID().uuidString).jsonl")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let outputHandle = try FileHandle(forWritingTo: output)
        defer { try? outputHandle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try python())
        process.arguments = arguments
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = outputHandle
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 \(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)")
        }
        return output
    }

    /// Reads paths (one per line) on stdin; prints one JSON object per path.
    /// Paths listed in `argv[1]` (a file of paths) also get their `ast.dump`.
    static let script = """
    import ast, json, sys
    dump_paths = set(open(sys.argv[1]).read().split("\\n")) if len(sys.argv) > 1 else set()
    for line in sys.stdin:
        path = line.rstrip("\\n")
        if not path:
            continue
        record = {"path": path}
        try:
            with open(path, "rb") as handle:
                tree = ast.parse(handle.read())
            record["ok"] = True
            if path in dump_paths:
                record["dump"] = ast.dump(tree)
        except (SyntaxError, ValueError, RecursionError, MemoryError, UnicodeError) as error:
            record["ok"] = False
            record["error"] = "%s: %s" % (type(error).__name__, error)
        print(json.dumps(record))
        sys.stdout.flush()
    """

    /// CPython's verdict on every path; dumps for `dumpPaths`.
    static func verdicts(for paths: [String], dumpPaths: Set<String>) throws -> [String: Verdict] {
        let list = FileManager.default.temporaryDirectory
            .appendingPathComponent("sosecure-cpython-\(UUID().uuidString).txt")
        try dumpPaths.sorted().joined(separator: "\n").write(to: list, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: list) }
        let output = try run(["-c", script, list.path], input: paths.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(at: output) }
        var verdicts: [String: Verdict] = [:]
        let decoder = JSONDecoder()
        let data = try Data(contentsOf: output)
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let verdict = try decoder.decode(Verdict.self, from: Data(line))
            verdicts[verdict.path] = verdict
        }
        return verdicts
    }

    /// `ast.dump(ast.parse(source))` for snippets, or nil where CPython rejects them.
    static func dumps(of sources: [String]) throws -> [String?] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sosecure-snippets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (index, source) in sources.enumerated() {
            let path = directory.appendingPathComponent("snippet\(index).py").path
            _ = FileManager.default.createFile(atPath: path, contents: Data(source.utf8))
            paths.append(path)
        }
        let verdicts = try verdicts(for: paths, dumpPaths: Set(paths))
        return paths.map { path in verdicts[path].flatMap { $0.ok ? $0.dump : nil } }
    }

    /// The `.py` files of the standard library (site-packages excluded), sorted.
    static func standardLibraryFiles() throws -> [String] {
        let output = try run(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], input: "")
        defer { try? FileManager.default.removeItem(at: output) }
        let root = try String(contentsOf: output, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw Failure(description: "cannot list the standard library at \(root)")
        }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasPrefix("site-packages") { continue }
            if relative.hasSuffix(".py") { files.append(root + "/" + relative) }
        }
        return files.sorted()
    }

    /// SOSecure's view of a file: accepted (no errors) and, if asked, its dump.
    static func ours(_ path: String, dump: Bool) throws -> (ok: Bool, dump: String?, firstError: String?) {
        let file = try SourceFile.read(path: path)
        let result = PythonParser.parse(file)
        let text = dump ? CPythonDump.dump(result.module, text: result.text) : nil
        return (result.errors.isEmpty, text, result.errors.first?.description)
    }
}
