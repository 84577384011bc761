import Foundation
import SOSecureCore
import SOSecurePython
import Testing
@testable import SOSecureRules

/// Realistic generated code under `Fixtures/python/`, annotated on the line before each flagged line with
/// `# expect: rule-id[, rule-id]` and before near misses with `# ok: rule-id`. Every finding must be
/// annotated: an unannotated finding is a false alarm.
@Suite("Annotated fixture files")
struct FixtureFileTests {
    static let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("python")
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        .filter { $0.hasSuffix(".py") && !$0.hasSuffix(".fixed.py") }.sorted()
    static let analyzer = PythonAnalyzer(rules: (try? RuleLoader.builtIn()) ?? [])

    struct Annotations {
        var expected: Set<String> = []  // "line:rule"
        var ok: Set<String> = []
    }

    static func annotations(_ source: String) -> Annotations {
        var result = Annotations()
        let lines = source.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            for (marker, isExpect) in [("# expect:", true), ("# ok:", false)] where trimmed.hasPrefix(marker) {
                let ids = trimmed.dropFirst(marker.count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                // The annotation applies to the next line that is not itself an annotation.
                var target = index + 1
                while target < lines.count, lines[target].trimmingCharacters(in: .whitespaces).hasPrefix("# expect:")
                        || lines[target].trimmingCharacters(in: .whitespaces).hasPrefix("# ok:") { target += 1 }
                for id in ids where !id.isEmpty {
                    if isExpect { result.expected.insert("\(target + 1):\(id)") } else { result.ok.insert("\(target + 1):\(id)") }
                }
            }
        }
        return result
    }

    @Test("every annotated finding appears, no unannotated one does", arguments: files)
    func fixture(name: String) throws {
        let source = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        let parse = PythonParser.parse(source, path: name)
        #expect(parse.errors.isEmpty, "\(name) does not parse: \(parse.errors.first.map { "\($0)" } ?? "")")
        let found = Set(Self.analyzer.analyze(parse, path: name).map { "\($0.start.line):\($0.ruleID)" })
        let annotations = Self.annotations(source)
        let missing = annotations.expected.subtracting(found).sorted()
        let unexpected = found.subtracting(annotations.expected).sorted()
        #expect(missing.isEmpty, "\(name): expected but not found (line:rule): \(missing)")
        #expect(unexpected.isEmpty, "\(name): found but not annotated (line:rule): \(unexpected)")
        let okButFound = annotations.ok.intersection(found).sorted()
        #expect(okButFound.isEmpty, "\(name): marked ok but found: \(okButFound)")
    }
}
