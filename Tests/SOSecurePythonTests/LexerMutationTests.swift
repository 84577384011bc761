import Foundation
import SOSecureCore
import SOSecurePython
import SOSecureTestSupport
import Testing

/// Differential testing on broken code: standard-library snippets with random edits (a quote, brace, backslash
/// or newline inserted, a byte deleted, the text cut short) are tokenized by us and by CPython's tokenizer.
/// Needs Python 3.12+ (its `tokenize` module runs the C tokenizer); set SOSECURE_PYTHON if it is not on PATH.
@Suite struct LexerMutationTests {
    /// Errors we report that CPython's `tokenize` module lets through (the compiler reports them later).
    static let stricterThanTokenizeModule = [
        "unmatched", "closing parenthesis", "'(' was never closed", "'[' was never closed", "'{' was never closed",
        "invalid syntax: '!'", "invalid character", "invalid decimal literal", "invalid hexadecimal literal",
        "invalid octal literal", "invalid binary literal", "invalid imaginary literal", "invalid digit",
        "leading zeros", "too many nested parentheses",
    ]

    static let fragments = [
        "\"", "'", "{", "}", "(", ")", "[", "]", "\\", "\n", "#", " ", "\t", "f", "rb", ":", "!", "=", "\"\"\"", "f'",
        "0", "1_", ".", "\u{0C}",
    ]

    @Test func agreesWithCPythonOnMutatedSnippets() throws {
        guard let python = LexerDifferentialTests.findPython() else {
            print("LexerMutationTests: skipped, no python3 found")
            return
        }
        let versionOutput = try LexerDifferentialTests.run(python.executable, ["-c", "import sys; print(sys.version_info[1])"])
        guard let minor = Int(versionOutput.trimmingCharacters(in: .whitespacesAndNewlines)), minor >= 12 else {
            print("LexerMutationTests: skipped, needs Python 3.12+ (set SOSECURE_PYTHON), found \(python.executable)")
            return
        }
        let sources = try LexerDifferentialTests.standardLibraryFiles(python.stdlib)
        #expect(!sources.isEmpty)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sosecure-lexer-mutations-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // SOSECURE_KEEP_MUTATIONS=1 keeps the cases for a closer look.
        let keep = ProcessInfo.processInfo.environment["SOSECURE_KEEP_MUTATIONS"] == "1"
        defer { if !keep { try? FileManager.default.removeItem(at: directory) } }

        var generator = SeededGenerator(seed: 2024)
        var paths: [String] = []
        for index in 0..<400 {
            let source = try SourceFile.read(path: sources[Int.random(in: 0..<sources.count, using: &generator)]).bytes
            guard let snippet = Self.mutatedSnippet(of: source, using: &generator) else { continue }
            let path = directory.appendingPathComponent("case\(index).py").path
            guard FileManager.default.createFile(atPath: path, contents: Data(snippet)) else { continue }
            paths.append(path)
        }

        let script = try #require(Bundle.module.url(forResource: "cpython_tokens", withExtension: "py", subdirectory: "Fixtures/lexer"))
        let output = try LexerDifferentialTests.run(python.executable, [script.path, "--tokenize-only"] + paths)
        var agreeing = 0
        var bothRejecting = 0
        var stricter = 0
        var problems: [String] = []
        for line in output.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let path = String(fields[0])
            let result = PythonLexer.tokenize(try SourceFile.read(path: path))
            let cpythonAccepts = fields[1] == "ok"
            switch (cpythonAccepts, result.errors.isEmpty) {
            case (true, true):
                let expected = fields[2].split(separator: ";").map(String.init)
                let actual = LexerDifferentialTests.describe(result, comparingFStrings: true)
                if let difference = LexerDifferentialTests.firstDifference(expected, actual) {
                    problems.append("\(path): \(difference)")
                } else {
                    agreeing += 1
                }
            case (false, true):
                problems.append("\(path): CPython's tokenizer rejects it (\(fields[1])), we report nothing")
            case (true, false):
                let unexpected = result.errors.filter { error in
                    !Self.stricterThanTokenizeModule.contains { error.message.hasPrefix($0) }
                }
                if let first = unexpected.first {
                    problems.append("\(path): CPython's tokenizer accepts it, we report \(first)")
                } else {
                    stricter += 1
                }
            case (false, false):
                bothRejecting += 1
            }
        }
        print("LexerMutationTests: \(paths.count) cases, \(agreeing) identical tokens, \(bothRejecting) rejected by both, \(stricter) rejected only by us for reasons CPython's compiler reports later")
        #expect(agreeing > 50)
        #expect(problems.isEmpty, "\(problems.count) disagreements:\n\(problems.prefix(20).joined(separator: "\n"))")
    }

    /// Forty lines of a UTF-8 file with one to three random edits, or nil when the edit broke the UTF-8 or left a
    /// lone CR (CPython's `tokenize` does not split lines there, while its compiler and we do).
    static func mutatedSnippet(of source: [UInt8], using generator: inout SeededGenerator) -> [UInt8]? {
        let lines = source.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let first = Int.random(in: 0..<max(1, lines.count - 40), using: &generator)
        var snippet = Array(lines[first..<min(lines.count, first + 40)].joined(separator: [UInt8(ascii: "\n")]))
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let position = Int.random(in: 0...snippet.count, using: &generator)
            let choice = Double.random(in: 0..<1, using: &generator)
            if choice < 0.4 {
                let fragment = fragments[Int.random(in: 0..<fragments.count, using: &generator)]
                snippet.insert(contentsOf: Array(fragment.utf8), at: position)
            } else if choice < 0.8 {
                if position < snippet.count { snippet.remove(at: position) }
            } else {
                snippet.removeSubrange(position...)
            }
        }
        guard String(validating: snippet, as: UTF8.self) != nil else { return nil }
        for (index, byte) in snippet.enumerated() where byte == UInt8(ascii: "\r") {
            if index + 1 >= snippet.count || snippet[index + 1] != UInt8(ascii: "\n") { return nil }
        }
        return snippet
    }
}
