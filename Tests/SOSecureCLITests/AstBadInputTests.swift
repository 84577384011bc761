import Foundation
import Testing

/// `sosecure ast --check` on the pathological inputs of issue 2: exit 1 and one
/// `path:line:col: message` line per error, never a crash.
@Suite struct AstBadInputTests {
    /// The inputs, generated into a temporary directory.
    static func generate(in directory: URL) throws -> [String: URL] {
        var state: UInt32 = 12_345
        var binary: [UInt8] = []
        for _ in 0..<4096 {
            state = state &* 1_103_515_245 &+ 12_345
            binary.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        binary += [UInt8](repeating: 0, count: 16)

        var longLine = "data = ["
        var number = 0
        while longLine.utf8.count < 10_000_000 {
            longLine += "\(number), "
            number += 1
        }
        longLine += ")\n"

        let body = "def f(x):\n    return x + 1\n"
        let inputs: [String: [UInt8]] = [
            "binary.py": binary,
            "invalid_utf8.py": Array("x = 1\ny = \"caf".utf8) + [0xE9] + Array("\"\nz = 3\n".utf8),
            "long_line.py": Array(longLine.utf8),
            "nested.py": Array(("x = " + String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000) + "\n").utf8),
            "unterminated.py": Array(("\"\"\"" + String(repeating: body, count: 1_000_000 / body.utf8.count + 1)).utf8),
        ]
        var urls: [String: URL] = [:]
        for (name, bytes) in inputs {
            let url = directory.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            urls[name] = url
        }
        return urls
    }

    @Test func everyBadInputFailsCheckWithLocatedErrors() throws {
        let directory = try AstFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try Self.generate(in: directory)
        let expectedFirst: [String: String] = [
            "invalid_utf8.py": "invalid_utf8.py:2:9: ",
            "long_line.py": "long_line.py:1:",
            "nested.py": "nested.py:1:",
            "unterminated.py": "unterminated.py:1:1: unterminated triple-quoted string",
            "binary.py": "binary.py:1:",
        ]
        for name in files.keys.sorted() {
            let output = try CLI.run(["ast", "--check", name], currentDirectory: directory)
            #expect(output.status == 1, "\(name)")
            let lines = output.stdout.split(separator: "\n").map(String.init)
            #expect(!lines.isEmpty, "\(name) reported nothing")
            for line in lines {
                #expect(line.range(of: "^\(NSRegularExpression.escapedPattern(for: name)):[0-9]+:[0-9]+: .+$", options: .regularExpression) != nil,
                        "\(name): malformed line \(line.prefix(200))")
            }
            if let prefix = expectedFirst[name] {
                #expect(lines.first?.hasPrefix(prefix) == true, "\(name): \(lines.first?.prefix(200) ?? "")")
            }
            #expect(output.stderr.isEmpty, "\(name): \(output.stderr.prefix(200))")
        }
    }

    @Test func textModeShowsFramesForBadInputs() throws {
        let directory = try AstFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try Self.generate(in: directory)
        // The 10 MB list would print millions of nodes; the others have small trees.
        for name in files.keys.sorted() where name != "long_line.py" {
            let output = try CLI.run(["ast", name], currentDirectory: directory)
            #expect(output.status == 1, "\(name)")
            #expect(output.stdout.hasPrefix("Module\n"), "\(name)")
            #expect(output.stdout.contains("\n\(name):"), "\(name)")
            #expect(output.stdout.contains(" error: "), "\(name)")
            #expect(output.stdout.contains("^"), "\(name)")
            // Frames are windowed: no line of output is anywhere near the input's size.
            #expect(output.stdout.split(separator: "\n").allSatisfy { $0.utf8.count < 1_000 }, "\(name)")
        }
    }
}
