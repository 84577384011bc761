import Foundation
import Testing

/// Exit codes, input handling and format plumbing of `sosecure ast`.
@Suite struct AstCommandTests {
    private let valid = "import os\nos.system('ls')\n"

    @Test func validFileExitsZeroAndCheckPrintsNothing() throws {
        let tree = try CLI.run(["ast", "ast-input.py"], currentDirectory: AstFixtures.directory)
        #expect(tree.status == 0)
        #expect(tree.stdout.hasPrefix("Module\n  body[0]: Import 1:1-1:24\n"))
        let check = try CLI.run(["ast", "--check", "ast-input.py"], currentDirectory: AstFixtures.directory)
        #expect(check.status == 0)
        #expect(check.stdout.isEmpty)
        #expect(check.stderr.isEmpty)
    }

    @Test func standardInputIsReadWithDash() throws {
        let output = try CLI.run(["ast", "-"], stdin: valid)
        #expect(output.status == 0)
        #expect(output.stdout == """
        Module
          body[0]: Import 1:1-1:10
            names[0]: alias 1:8-1:10 name=os
          body[1]: Expr 2:1-2:16
            value: Call 2:1-2:16
              func: Attribute 2:1-2:10 attr=system ctx=Load
                value: Name 2:1-2:3 id=os ctx=Load
              args[0]: Constant 2:11-2:15 value='ls'

        """)
        let broken = try CLI.run(["ast", "--check", "-"], stdin: "x = (\n")
        #expect(broken.status == 1)
        #expect(broken.stdout.hasPrefix("<stdin>:1:5: '(' was never closed\n"))
    }

    @Test func severalFilesGetHeadersInTextMode() throws {
        let output = try CLI.run(["ast", "ast-input.py", "ast-input-broken.py"], currentDirectory: AstFixtures.directory)
        #expect(output.status == 1)
        #expect(output.stdout.hasPrefix("==> ast-input.py <==\nModule\n"))
        #expect(output.stdout.contains("\n\n==> ast-input-broken.py <==\nModule\n"))
        #expect(output.stdout.contains("ast-input-broken.py:6:26: error: '(' was never closed\n"))
    }

    @Test func severalFilesInJSONMakeOneArray() throws {
        let output = try CLI.run(["ast", "--format", "json", "ast-input.py", "-"], stdin: valid, currentDirectory: AstFixtures.directory)
        #expect(output.status == 0)
        let documents = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        #expect(documents.map { $0["path"] as? String } == ["ast-input.py", "<stdin>"])
    }

    @Test func syntaxErrorsGoToStandardErrorForDotAndCPython() throws {
        for format in ["dot", "cpython"] {
            let output = try CLI.run(["ast", "--format", format, "ast-input-broken.py"], currentDirectory: AstFixtures.directory)
            #expect(output.status == 1)
            #expect(output.stderr.hasPrefix("ast-input-broken.py:6:26: error: '(' was never closed\n"))
            #expect(!output.stdout.contains("error:"))
        }
    }

    @Test func filesFromReadsAListOfPaths() throws {
        let directory = try AstFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let list = directory.appendingPathComponent("list.txt")
        let fixtures = AstFixtures.directory.path
        try "\(fixtures)/ast-input.py\n\n\(fixtures)/ast-input-broken.py\n".write(to: list, atomically: true, encoding: .utf8)
        let output = try CLI.run(["ast", "--check", "--files-from", list.path])
        #expect(output.status == 1)
        // Only the broken file has errors, each reported under the path as listed.
        #expect(output.stdout.hasPrefix("\(fixtures)/ast-input-broken.py:6:26: '(' was never closed\n"))
        #expect(output.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("\(fixtures)/ast-input-broken.py:") })
    }

    @Test(arguments: [
        (["ast", "missing.py"], "error: missing.py: cannot read file: no such file"),
        (["ast", "."], "error: .: cannot read file: is a directory"),
        (["ast", "--format", "xml", "ast-input.py"], "error: unknown format 'xml'; expected one of: text, json, dot, cpython"),
        (["ast"], "error: no input: give one or more Python files, or - to read standard input"),
        (["ast", "-", "-"], "error: standard input (-) can be read only once"),
        (["ast", "--files-from", "nowhere.txt"], "error: nowhere.txt: cannot read file list: no such file"),
        (["ast", "--check", "ast-input.py", "missing.py"], "error: missing.py: cannot read file: no such file"),
    ])
    func usageAndIOErrorsExitTwoNamingTheProblem(arguments: [String], message: String) throws {
        let output = try CLI.run(arguments, currentDirectory: AstFixtures.directory)
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix(message + "\n"))
        #expect(output.stdout.isEmpty)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dot"), "Graphviz `dot` is not installed"))
    func dotOutputRendersWithGraphviz() throws {
        let output = try CLI.run(["ast", "--format", "dot", "ast-input.py"], currentDirectory: AstFixtures.directory)
        #expect(output.status == 0)
        let directory = try AstFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let graph = directory.appendingPathComponent("tree.dot")
        try output.stdout.write(to: graph, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
        process.arguments = ["-Tsvg", graph.path, "-o", directory.appendingPathComponent("tree.svg").path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "dot said: \(message)")
        let svg = try String(contentsOf: directory.appendingPathComponent("tree.svg"), encoding: .utf8)
        #expect(svg.contains("AsyncFunctionDef"))
        #expect(svg.contains("TryStar"))
    }

    @Test func benchmarkModePrintsFigures() throws {
        let output = try CLI.run(["ast", "--benchmark", "ast-input.py", "ast-input-broken.py"], currentDirectory: AstFixtures.directory)
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n")
        let bytes = try FileManager.default.attributesOfItem(atPath: AstFixtures.directory.appendingPathComponent("ast-input.py").path)[.size] as? Int ?? 0
        let brokenBytes = try FileManager.default.attributesOfItem(atPath: AstFixtures.directory.appendingPathComponent("ast-input-broken.py").path)[.size] as? Int ?? 0
        #expect(lines.contains("files: 2"))
        #expect(lines.contains("bytes: \(bytes + brokenBytes)"))
        #expect(lines.contains("lines: 29"))
        #expect(lines.contains("files with syntax errors: 1"))
        #expect(lines.contains { $0.hasPrefix("MB/s: ") })
    }
}
