import Foundation
import SOSecureCore
import Testing
@testable import SOSecureRules

/// Realistic generated code under `Fixtures/<language>/` for the C-family languages, annotated on the
/// line before each flagged line with `// expect: rule-id[, rule-id]` (or `/* expect: … */`) and before near
/// misses with `// ok: rule-id`. Scanned through the scan runner; every finding must be annotated.
@Suite("C-family annotated fixture files")
struct CFamilyFixtureTests {
    static let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    static let files: [String] = Language.allCases.filter(\.usesCodePatterns).flatMap { language -> [String] in
        let folder = root.appendingPathComponent(language.rawValue)
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).map { "\(language.rawValue)/\($0)" }
    }.sorted()
    static let runner = ScanRunner(rules: (try? RuleLoader.builtIn()) ?? [], config: ScanConfig(), threads: 1)

    static func annotations(_ source: String) -> (expected: Set<String>, ok: Set<String>) {
        var expected: Set<String> = []
        var ok: Set<String> = []
        let lines = source.components(separatedBy: "\n")
        func annotation(_ line: String) -> (Bool, [String])? {
            var text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("/*"), text.hasSuffix("*/") { text = "//" + text.dropFirst(2).dropLast(2) }
            for (marker, isExpect) in [("// expect:", true), ("// ok:", false)] where text.hasPrefix(marker) {
                return (isExpect, text.dropFirst(marker.count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            }
            return nil
        }
        for (index, line) in lines.enumerated() {
            guard let (isExpect, ids) = annotation(line) else { continue }
            var target = index + 1
            while target < lines.count, annotation(lines[target]) != nil { target += 1 }
            for id in ids where !id.isEmpty {
                if isExpect { expected.insert("\(target + 1):\(id)") } else { ok.insert("\(target + 1):\(id)") }
            }
        }
        return (expected, ok)
    }

    @Test("the fixtures cover every C-family language")
    func coverage() {
        let languages = Set(Self.files.compactMap { $0.split(separator: "/").first.map(String.init) })
        #expect(languages == Set(Language.allCases.filter(\.usesCodePatterns).map(\.rawValue)))
    }

    @Test("every annotated finding appears, no unannotated one does", arguments: files)
    func fixture(name: String) throws {
        let url = Self.root.appendingPathComponent(name)
        let outcome = Self.runner.scan(paths: [url.path])
        #expect(outcome.issues.isEmpty, "\(name): \(outcome.issues)")
        let source = try String(contentsOf: url, encoding: .utf8)
        let found = Set(outcome.findings.map { "\($0.start.line):\($0.ruleID)" })
        let annotations = Self.annotations(source)
        #expect(!annotations.expected.isEmpty)
        #expect(annotations.expected.subtracting(found).isEmpty, "\(name): expected but not found: \(annotations.expected.subtracting(found).sorted())")
        #expect(found.subtracting(annotations.expected).isEmpty, "\(name): found but not annotated: \(found.subtracting(annotations.expected).sorted())")
        #expect(annotations.ok.intersection(found).isEmpty, "\(name): marked ok but found: \(annotations.ok.intersection(found).sorted())")
    }
}
