import Foundation
import SOSecureCore
import SOSecurePython
import Testing

/// Compares our tokens with CPython's `tokenize` module over the standard library of the Python on this machine.
///
/// Python is looked for as `$SOSECURE_PYTHON`, then `python3.12`, `python3.13`, `python3`. With 3.12+ f-strings are
/// compared token by token (start, fields, end); with 3.11 CPython reports an f-string as one STRING, so ours is
/// merged the same way. Set `SOSECURE_LEXER_DIFF_ALL=1` to check every file instead of a sample of about 300.
@Suite struct LexerDifferentialTests {
    struct Interpreter {
        let executable: String
        let stdlib: String
    }

    @Test func agreesWithCPythonOnStandardLibrary() throws {
        guard let python = Self.findPython() else {
            print("LexerDifferentialTests: skipped, no python3 found (set SOSECURE_PYTHON to an interpreter)")
            return
        }
        let files = try Self.standardLibraryFiles(python.stdlib)
        let everything = ProcessInfo.processInfo.environment["SOSECURE_LEXER_DIFF_ALL"] == "1"
        let stride = everything ? 1 : max(1, files.count / 300)
        let sample = Swift.stride(from: 0, to: files.count, by: stride).map { files[$0] }
        #expect(!sample.isEmpty, "no .py files under \(python.stdlib)")

        let script = try #require(Bundle.module.url(forResource: "cpython_tokens", withExtension: "py", subdirectory: "Fixtures/lexer"))
        let output = try Self.run(python.executable, [script.path] + sample)
        var lines = output.split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines.isEmpty ? [] : lines.removeFirst().split(separator: "\t")
        let version = header.count == 2 ? String(header[1]) : "?"
        let comparesFStrings = version.split(separator: ".").compactMap { Int($0) }.lexicographicallyPrecedes([3, 12]) == false

        var compared = 0
        var skipped = 0
        var agreeing = 0
        var totalTokens = 0
        var unsupportedEncoding: [String] = []
        var mismatches: [String] = []
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let path = String(fields[0])
            guard fields[1] == "ok" else {
                skipped += 1
                continue
            }
            let expected = fields[2].split(separator: ";").map(String.init)
            let file = try SourceFile.read(path: path)
            let result = PythonLexer.tokenize(file)
            if result.errors.contains(where: { $0.message.hasPrefix("unknown encoding") }) {
                // Codecs beyond the ones we transcode (e.g. koi8-r) are reported, not decoded.
                unsupportedEncoding.append(path)
                continue
            }
            let actual = Self.describe(result, comparingFStrings: comparesFStrings)
            compared += 1
            totalTokens += expected.count
            if let difference = Self.firstDifference(expected, actual) {
                mismatches.append("\(path): \(difference)")
            } else if !result.errors.isEmpty {
                mismatches.append("\(path): unexpected lexer error \(result.errors[0])")
            } else {
                agreeing += 1
            }
        }
        print("LexerDifferentialTests: Python \(version), \(compared) files compared (\(totalTokens) tokens), \(agreeing) agree, \(skipped) skipped because CPython rejects them, \(unsupportedEncoding.count) in encodings we do not decode \(unsupportedEncoding)")
        #expect(compared > 0)
        #expect(mismatches.isEmpty, "\(mismatches.count) files differ:\n\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    /// Our tokens in the script's "KIND,line,column" notation.
    static func describe(_ result: LexResult, comparingFStrings: Bool) -> [String] {
        var out: [String] = []
        out.reserveCapacity(result.tokens.count)
        var fstringDepth = 0
        for token in result.tokens {
            let kind: String
            switch token.kind {
            case .fstringStart:
                fstringDepth += 1
                if comparingFStrings { kind = "FS" } else if fstringDepth == 1 { kind = "S" } else { continue }
            case .fstringEnd:
                fstringDepth -= 1
                if comparingFStrings { kind = "FE" } else { continue }
            case .fstringMiddle:
                continue
            case _ where fstringDepth > 0 && !comparingFStrings:
                continue
            case .name, .keyword: kind = "N"
            case .number: kind = "U"
            case .string: kind = "S"
            case .punctuation: kind = "O"
            case .newline: kind = "L"
            case .indent: kind = "I"
            case .dedent: kind = "D"
            case .endOfFile: continue
            case .error: kind = "ERROR"
            }
            let location = result.lineIndex.location(of: token.range.start)
            out.append("\(kind),\(location.line),\(location.column - 1)")
        }
        return out
    }

    /// The first disagreement. Layout tokens after the last real token are compared by kind only: at end of
    /// input CPython's tokenize module places them on a line past the end, we place them at the end offset.
    static func firstDifference(_ expected: [String], _ actual: [String]) -> String? {
        let lastReal = expected.lastIndex { !($0.hasPrefix("L,") || $0.hasPrefix("D,")) } ?? -1
        for index in 0..<max(expected.count, actual.count) {
            guard index < expected.count else { return "extra token \(actual[index]) at index \(index)" }
            guard index < actual.count else { return "missing token \(expected[index]) at index \(index)" }
            let same = index > lastReal
                ? expected[index].prefix(while: { $0 != "," }) == actual[index].prefix(while: { $0 != "," })
                : expected[index] == actual[index]
            if !same {
                let context = actual[max(0, index - 3)..<min(actual.count, index + 3)].joined(separator: " ")
                return "token \(index): CPython \(expected[index]), ours \(actual[index]) (ours around it: \(context))"
            }
        }
        return nil
    }

    static func findPython() -> Interpreter? {
        var candidates = ["python3.12", "python3.13", "python3"]
        if let configured = ProcessInfo.processInfo.environment["SOSECURE_PYTHON"] { candidates.insert(configured, at: 0) }
        for candidate in candidates {
            let probe = "import sysconfig; print(sysconfig.get_paths()['stdlib'])"
            guard let output = try? run(candidate, ["-c", probe]) else { continue }
            let stdlib = output.trimmingCharacters(in: .whitespacesAndNewlines)
            if !stdlib.isEmpty, FileManager.default.fileExists(atPath: stdlib) {
                return Interpreter(executable: candidate, stdlib: stdlib)
            }
        }
        return nil
    }

    static func standardLibraryFiles(_ root: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        for case let relative as String in enumerator
        where relative.hasSuffix(".py") && !relative.contains("site-packages") && !relative.contains("dist-packages") {
            files.append(root + "/" + relative)
        }
        return files.sorted()
    }

    struct ProcessFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs a program found on PATH and returns its standard output; throws when it exits non-zero.
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ProcessFailure(description: "\(program) exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
