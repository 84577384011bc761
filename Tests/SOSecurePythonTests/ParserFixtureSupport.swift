import Foundation
import SOSecureCore
import SOSecurePython

/// Loads parser fixtures from `Fixtures/parser/`.
enum ParserFixtures {
    static var directory: URL {
        get throws {
            guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
                throw CPythonReference.Failure(description: "Fixtures directory missing from the test bundle")
            }
            return url.appendingPathComponent("parser")
        }
    }

    static func files(in subdirectory: String, extension ext: String) throws -> [URL] {
        let folder = try directory.appendingPathComponent(subdirectory)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// A snippet from a multi-snippet fixture file, with the line it starts on.
    struct Snippet: CustomStringConvertible {
        let file: String
        let line: Int
        let header: String
        let source: String

        var description: String { "\(file):\(line)" }
    }

    /// Splits a file on header lines starting with `marker`; each header belongs to the snippet below it.
    static func snippets(in url: URL, marker: String) throws -> [Snippet] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var result: [Snippet] = []
        var header: String?
        var headerLine = 0
        var lines: [Substring] = []
        func flush() {
            if let header {
                result.append(Snippet(file: url.lastPathComponent, line: headerLine + 1, header: header,
                                      source: lines.joined(separator: "\n") + "\n"))
            }
            lines = []
        }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix(marker) {
                flush()
                header = String(line.dropFirst(marker.count)).trimmingCharacters(in: .whitespaces)
                headerLine = index + 1
            } else {
                lines.append(line)
            }
        }
        flush()
        return result.filter { !$0.source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || !$0.header.isEmpty }
    }

    static func parse(_ source: String) -> ParseResult {
        PythonParser.parse(source, path: "snippet.py")
    }
}
