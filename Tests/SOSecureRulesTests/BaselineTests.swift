import Foundation
import SOSecureCore
import Testing
@testable import SOSecureRules

private func finding(rule: String = "os-system", path: String = "app.py", code: String, line: Int = 1) -> Finding {
    Finding(ruleID: rule, message: "m", cwes: [CWE(id: 78)], severity: .high, confidence: .high, path: path,
            range: TextRange(start: line * 10, end: line * 10 + code.utf8.count),
            start: SourceLocation(line: line, column: 1, utf16Column: 1),
            end: SourceLocation(line: line, column: code.utf8.count + 1, utf16Column: code.utf8.count + 1),
            flaggedCode: code)
}

private func baselineError(_ body: () throws -> Void) -> BaselineError? {
    do {
        try body()
        return nil
    } catch let error as BaselineError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

@Suite("Baseline")
struct BaselineTests {
    @Test("each baseline entry absorbs one finding; identical new findings are still reported")
    func multiset() {
        let old = finding(code: "os.system(cmd)")
        let baseline = Baseline(findings: [old])
        let sameCodeTwice = [finding(code: "os.system(cmd)", line: 3), finding(code: "os.system(cmd)", line: 9)]
        let kept = baseline.filter(sameCodeTwice)
        #expect(kept.count == 1)
        #expect(kept.first?.start.line == 9)

        let twice = Baseline(findings: [old, old])
        #expect(twice.filter(sameCodeTwice).isEmpty)
        #expect(twice.filter(sameCodeTwice + [finding(code: "os.system(cmd)", line: 20)]).count == 1)
    }

    @Test("moved code stays baselined; other rules, paths or code do not")
    func identity() {
        let baseline = Baseline(findings: [finding(code: "os.system(cmd)", line: 4)])
        #expect(baseline.filter([finding(code: "os.system(cmd)", line: 40)]).isEmpty)
        // Re-wrapping the flagged code keeps its identity too.
        let wrapped = Baseline(findings: [finding(code: "run(cmd, shell=True)")])
        #expect(wrapped.filter([finding(code: "run(cmd,\n    shell=True)", line: 7)]).isEmpty)
        #expect(baseline.filter([finding(rule: "shell-injection", code: "os.system(cmd)")]).count == 1)
        #expect(baseline.filter([finding(path: "other.py", code: "os.system(cmd)")]).count == 1)
        #expect(baseline.filter([finding(code: "os.system(user_cmd)")]).count == 1)
    }

    @Test("write then read gives the same baseline; the file is version 1, sorted, and no temporary file is left")
    func roundTrip() throws {
        let folder = try ConfigTestFolder()
        let path = folder.path + "/baseline.json"
        let findings = [finding(path: "b.py", code: "eval(x)"), finding(path: "a.py", code: "os.system(y)"),
                        finding(path: "a.py", code: "os.system(y)")]
        let baseline = Baseline(findings: findings)
        try baseline.write(to: path)
        // Overwriting an existing file goes through the same rename.
        try baseline.write(to: path)
        let read = try Baseline.read(from: path)
        #expect(read == baseline)
        #expect(read.filter(findings).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["baseline.json"])

        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        let entries = try #require(json["findings"] as? [[String: String]])
        #expect(entries.map { $0["path"] } == ["a.py", "a.py", "b.py"])
        #expect(entries.first?["fingerprint"] == findings[1].fingerprint)
        #expect(entries.first?["rule"] == "os-system")
    }

    @Test("writing into a missing folder fails with the file named")
    func writeError() throws {
        let folder = try ConfigTestFolder()
        let path = folder.path + "/missing/baseline.json"
        let error = try #require(baselineError { try Baseline(entries: []).write(to: path) })
        #expect(error.file == path)
    }

    struct BadBaseline: Sendable, CustomStringConvertible {
        let name: String
        let text: String
        let message: String
        var description: String { name }
    }

    static let badBaselines: [BadBaseline] = [
        BadBaseline(name: "not JSON", text: "{\"version\": 1,", message: "not valid JSON"),
        BadBaseline(name: "an array", text: "[]", message: "expected a JSON object"),
        BadBaseline(name: "no version", text: "{\"findings\": []}", message: "\"version\" is missing or not an integer"),
        BadBaseline(name: "future version", text: "{\"version\": 2, \"findings\": []}", message: "version 2 is not supported"),
        BadBaseline(name: "findings missing", text: "{\"version\": 1}", message: "\"findings\" is missing or not an array"),
        BadBaseline(name: "unknown key", text: "{\"version\": 1, \"findings\": [], \"extra\": 0}", message: "unknown key \"extra\""),
        BadBaseline(name: "entry not an object", text: "{\"version\": 1, \"findings\": [3]}", message: "findings[0] is not an object"),
        BadBaseline(name: "entry without fingerprint",
                    text: "{\"version\": 1, \"findings\": [{\"rule\": \"a\", \"path\": \"p\", \"fingerprint\": \"f\"}, {\"rule\": \"a\", \"path\": \"p\"}]}",
                    message: "findings[1].fingerprint is missing"),
        BadBaseline(name: "numeric rule", text: "{\"version\": 1, \"findings\": [{\"rule\": 5, \"path\": \"p\", \"fingerprint\": \"f\"}]}",
                    message: "findings[0].rule is missing or not a non-empty string"),
    ]

    @Test("a bad baseline file is an error naming the file and what is wrong", arguments: badBaselines)
    func badFile(_ bad: BadBaseline) throws {
        let folder = try ConfigTestFolder()
        let path = try folder.write("baseline.json", bad.text)
        let error = try #require(baselineError { _ = try Baseline.read(from: path) })
        #expect(error.file == path)
        #expect(error.message.hasPrefix(bad.message), "\(error.message)")
        #expect(error.description.hasPrefix("\(path): "))
    }

    @Test("a missing baseline file is an error")
    func missingFile() throws {
        let folder = try ConfigTestFolder()
        let error = try #require(baselineError { _ = try Baseline.read(from: folder.path + "/nope.json") })
        #expect(error.message == "no such file")
    }
}
