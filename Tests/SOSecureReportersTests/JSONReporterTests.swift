import Foundation
import SOSecureCore
@testable import SOSecureReporters
import Testing

/// The JSON output parsed back: field types, 1-based positions that point at the flagged code.
@Suite struct JSONReporterTests {
    static func parse(_ report: ScanReport, sources: [String: String]) throws -> [String: Any] {
        let text = JSONReporter().render(report, sources: sources)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func topLevelHasTheDocumentedShape() throws {
        let root = try Self.parse(ReportFixtures.report, sources: ReportFixtures.sources)
        #expect(Set(root.keys) == ["version", "tool", "findings", "errors", "stats"])
        #expect(root["version"] as? Int == 1)
        let tool = try #require(root["tool"] as? [String: Any])
        #expect(tool["name"] as? String == "sosecure")
        #expect(tool["version"] as? String == ToolInfo.sosecure.version)
    }

    @Test func findingsRoundTripWithOneBasedPositions() throws {
        let root = try Self.parse(ReportFixtures.report, sources: ReportFixtures.sources)
        let findings = try #require(root["findings"] as? [[String: Any]])
        #expect(findings.count == ReportFixtures.findings.count)
        let files = [ReportFixtures.app, ReportFixtures.utils].reduce(into: [String: SourceFile]()) { $0[$1.path] = $1 }
        for finding in findings {
            let rule = try #require(finding["rule"] as? String)
            #expect(finding["cwe"] is [Int], "cwe of \(rule)")
            #expect(!(try #require(finding["cwe"] as? [Int])).isEmpty)
            #expect(Severity(rawValue: finding["severity"] as? String ?? "") != nil)
            #expect(Confidence(rawValue: finding["confidence"] as? String ?? "") != nil)
            #expect(finding["message"] is String)
            #expect((finding["fingerprint"] as? String)?.count == 16)
            let path = try #require(finding["path"] as? String)
            let file = try #require(files[path])
            let line = try #require(finding["line"] as? Int)
            let column = try #require(finding["column"] as? Int)
            let endLine = try #require(finding["end_line"] as? Int)
            let endColumn = try #require(finding["end_column"] as? Int)
            let start = try #require(finding["start_offset"] as? Int)
            let end = try #require(finding["end_offset"] as? Int)
            #expect(line >= 1 && column >= 1 && endLine >= line)
            #expect(endLine > line || endColumn >= column)
            // Line and UTF-8 column name the same byte as the offset.
            #expect(file.lineIndex.offset(line: line, column: column) == start, "\(rule) start")
            #expect(file.lineIndex.offset(line: endLine, column: endColumn) == end, "\(rule) end")
            let snippet = try #require(finding["snippet"] as? String)
            #expect(snippet == file.text(in: file.lineIndex.rangeOfLine(line - 1)))
            #expect(snippet.utf8.count >= column - 1)
            let flow = try #require(finding["flow"] as? [[String: Any]])
            for step in flow {
                #expect(["source", "propagation", "sanitizer", "sink"].contains(step["role"] as? String ?? ""))
                #expect(step["path"] as? String == path)
                #expect((step["line"] as? Int ?? 0) >= 1 && (step["column"] as? Int ?? 0) >= 1)
                #expect(step["message"] is String)
            }
            if finding["fix"] is NSNull { continue }
            let fix = try #require(finding["fix"] as? [String: Any])
            #expect(fix["title"] is String)
            #expect(["safe", "unsafe", "display-only"].contains(fix["applicability"] as? String ?? ""))
            let edits = try #require(fix["edits"] as? [[String: Any]])
            #expect(!edits.isEmpty)
            for edit in edits {
                let editStart = try #require(edit["start_offset"] as? Int)
                let editLine = try #require(edit["line"] as? Int)
                let editColumn = try #require(edit["column"] as? Int)
                #expect(file.lineIndex.offset(line: editLine, column: editColumn) == editStart)
                #expect(edit["replacement"] is String)
            }
        }
    }

    @Test func taintFindingKeepsItsThreeSteps() throws {
        let root = try Self.parse(ReportFixtures.report, sources: ReportFixtures.sources)
        let findings = try #require(root["findings"] as? [[String: Any]])
        let taint = try #require(findings.first { $0["rule"] as? String == ReportFixtures.shellRule.id })
        let flow = try #require(taint["flow"] as? [[String: Any]])
        #expect(flow.map { $0["role"] as? String } == ["source", "propagation", "sink"])
        #expect(flow.map { $0["line"] as? Int } == [10, 11, 12])
        let fix = try #require(taint["fix"] as? [String: Any])
        #expect(fix["applicability"] as? String == "unsafe")
        // Applying the edits from the JSON gives the fixed program.
        let edits = try #require(fix["edits"] as? [[String: Any]]).map { edit in
            Edit(range: TextRange(start: edit["start_offset"] as! Int, end: edit["end_offset"] as! Int),
                 replacement: edit["replacement"] as! String)
        }
        let fixed = try EditApplier.apply(edits, to: ReportFixtures.appSource)
        #expect(fixed.contains(#"cmd = ["ls", "-l", folder]"#))
        #expect(fixed.contains("subprocess.check_output(cmd)\n"))
    }

    @Test func columnsCountUTF8Bytes() throws {
        let root = try Self.parse(ReportFixtures.report, sources: ReportFixtures.sources)
        let findings = try #require(root["findings"] as? [[String: Any]])
        let md5 = try #require(findings.first { $0["rule"] as? String == ReportFixtures.md5Rule.id })
        // `label = "Prüfsumme 🔒"; digest = ` is 40 bytes but 37 UTF-16 units.
        #expect(md5["column"] as? Int == 41)
        #expect(md5["column"] as? Int == ReportFixtures.md5Finding.start.column)
        #expect(ReportFixtures.md5Finding.start.utf16Column == 38)
    }

    @Test func errorsAndStatsHaveTheirTypes() throws {
        let root = try Self.parse(ReportFixtures.report, sources: ReportFixtures.sources)
        let errors = try #require(root["errors"] as? [[String: Any]])
        #expect(errors.map { $0["kind"] as? String } == ["syntax", "io"])
        #expect(errors[0]["line"] as? Int == 1 && errors[0]["column"] as? Int == 12)
        #expect(errors[1]["line"] is NSNull && errors[1]["column"] is NSNull)
        let stats = try #require(root["stats"] as? [String: Any])
        #expect(stats["files"] as? Int == 4)
        #expect(stats["lines"] as? Int == 24)
        #expect(stats["rules"] as? Int == ReportFixtures.rules.count)
        #expect(stats["suppressed"] as? Int == 1)
        #expect(stats["findings"] as? Int == 4)
        #expect(stats["errors"] as? Int == 2)
        #expect(stats["duration_seconds"] as? Double == 0.042)
        let bySeverity = try #require(stats["by_severity"] as? [String: Int])
        #expect(bySeverity == ["info": 0, "low": 1, "medium": 1, "high": 1, "critical": 1])
    }

    @Test func withoutSourcesSnippetsAndEditPositionsAreNull() throws {
        let root = try Self.parse(ReportFixtures.report, sources: [:])
        let findings = try #require(root["findings"] as? [[String: Any]])
        #expect(findings.allSatisfy { $0["snippet"] is NSNull })
        let md5 = try #require(findings.first { $0["rule"] as? String == ReportFixtures.md5Rule.id })
        let edit = try #require(((md5["fix"] as? [String: Any])?["edits"] as? [[String: Any]])?.first)
        #expect(edit["line"] is NSNull && edit["column"] is NSNull)
        #expect(edit["start_offset"] as? Int == ReportFixtures.md5Finding.fix?.edits.first?.range.start)
    }

    @Test func stringsAreEscapedAndNumbersAreFinite() throws {
        let value = JSONValue.object([
            "text": .string("quote \" backslash \\ newline \n tab \t bell \u{07} é 🔒 slash /"),
            "nan": .double(.nan),
            "whole": .double(2),
            "small": .double(0.001),
        ])
        let text = value.rendered()
        #expect(text.contains(#"\u0007"#))
        #expect(text.contains("slash /"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(parsed["text"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07} é 🔒 slash /")
        #expect(parsed["nan"] is NSNull)
        #expect(parsed["whole"] as? Double == 2)
        #expect(parsed["small"] as? Double == 0.001)
    }

    @Test func emptyReportRendersEmptyArrays() throws {
        let root = try Self.parse(ReportFixtures.emptyReport, sources: [:])
        #expect((root["findings"] as? [Any])?.isEmpty == true)
        #expect((root["errors"] as? [Any])?.isEmpty == true)
    }
}

/// `Docs/json-output.md` must describe the JSON the reporter actually writes.
@Suite struct JSONOutputDocTests {
    static let docURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Docs/json-output.md")

    /// Every key path in a JSON value, array elements collapsed to `[]`: `findings[].fix.edits[].line`.
    static func keyPaths(_ value: Any, prefix: String = "") -> Set<String> {
        var paths: Set<String> = []
        if let object = value as? [String: Any] {
            for (key, member) in object {
                let path = prefix.isEmpty ? key : prefix + "." + key
                paths.insert(path)
                // `by_severity` keys are data (severity names), not schema.
                if key != "by_severity" { paths.formUnion(keyPaths(member, prefix: path)) }
            }
        } else if let array = value as? [Any] {
            for element in array { paths.formUnion(keyPaths(element, prefix: prefix + "[]")) }
        }
        return paths
    }

    @Test func documentedExampleHasExactlyTheKeysTheReporterWrites() throws {
        let doc = try String(contentsOf: Self.docURL, encoding: .utf8)
        let start = try #require(doc.range(of: "```json\n"))
        let end = try #require(doc.range(of: "\n```", range: start.upperBound..<doc.endIndex))
        let example = try JSONSerialization.jsonObject(with: Data(doc[start.upperBound..<end.lowerBound].utf8))
        let actual = try JSONSerialization.jsonObject(with: Data(JSONReporter().render(ReportFixtures.report, sources: ReportFixtures.sources).utf8))
        #expect(Self.keyPaths(example) == Self.keyPaths(actual))
        // And every key is explained in a table row.
        for key in Set(Self.keyPaths(actual).map { String($0.split(separator: ".").last!).replacingOccurrences(of: "[]", with: "") }) {
            #expect(doc.contains("`\(key)`"), "Docs/json-output.md does not describe `\(key)`")
        }
    }
}

@Suite struct JSONSnippetWindowTests {
    @Test func shortLinesAreWrittenWhole() {
        let line = "    return subprocess.check_output(cmd, shell=True)"
        #expect(JSONReporter.snippet(line, column: 12) == line)
    }

    @Test func aMinifiedLineIsCutAroundTheFinding() {
        let line = String(repeating: "a=1;", count: 5_000) + "eval(q);" + String(repeating: "b=2;", count: 5_000)
        let column = 5_000 * 4 + 1
        let snippet = JSONReporter.snippet(line, column: column)
        #expect(snippet.hasPrefix("…") && snippet.hasSuffix("…"))
        #expect(snippet.contains("eval(q);"))
        #expect(snippet.utf8.count <= JSONReporter.snippetLimit + 2 * "…".utf8.count)
    }

    @Test func theWindowNeverSplitsACharacter() {
        let line = String(repeating: "é", count: 600)
        for column in [1, 2, 301, 302, 1_199] {
            let snippet = JSONReporter.snippet(line, column: column)
            #expect(snippet.allSatisfy { $0 == "é" || $0 == "…" })
            #expect(snippet.utf8.count <= JSONReporter.snippetLimit + 2 * "…".utf8.count)
        }
    }
}
