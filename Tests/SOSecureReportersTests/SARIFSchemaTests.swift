import Foundation
import SOSecureCore
@testable import SOSecureReporters
import Testing

/// Validates SARIF output against the official SARIF 2.1.0 JSON schema with Python's `jsonschema`.
///
/// The check cannot be skipped: a missing `python3`, a missing `jsonschema` module or a missing
/// schema file is a failure with a message saying what to install (`.ci/run` installs the module).
@Suite struct SARIFSchemaTests {
    static let schemaURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // SOSecureReportersTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // package root
        .appendingPathComponent("../shared/schemas/sarif-schema-2.1.0.json")
        .standardizedFileURL

    /// Reports that exercise every part of the SARIF writer.
    static var reports: [(name: String, report: ScanReport, sources: [String: String])] {
        let fixtures = ReportFixtures.self
        let stats = ScanStats(filesScanned: 1, linesScanned: 10, rulesRun: 1, durationSeconds: 0.5)
        return [
            ("empty", fixtures.emptyReport, [:]),
            ("one-finding", ScanReport(findings: [fixtures.debugFinding], errors: [], rules: [fixtures.debugRule], stats: stats),
             [fixtures.app.path: fixtures.appSource]),
            // Without the source: no snippets, and edits keep only their byte offsets.
            ("taint-flow-and-fix-no-source", ScanReport(findings: [fixtures.shellFinding], errors: [], rules: [fixtures.shellRule], stats: stats), [:]),
            ("taint-flow-and-fix", ScanReport(findings: [fixtures.shellFinding, fixtures.md5Finding], errors: [],
                                              rules: [fixtures.shellRule, fixtures.md5Rule], stats: stats),
             fixtures.sources),
            ("errors-only", ScanReport(findings: [], errors: [fixtures.syntaxError, fixtures.ioError,
                                                              ScanError(kind: .config, path: ".sosecure.toml", line: 3, column: 99, message: "unknown key 'selct'")],
                                       rules: fixtures.rules, stats: stats),
             fixtures.sources),
            ("unlisted-rule-and-odd-paths", ScanReport(findings: [oddPathFinding(path: "<stdin>"), oddPathFinding(path: "dir with space/a:b.py"),
                                                                   oddPathFinding(path: "/tmp/abs/ünï.py")],
                                                        errors: [], rules: [], stats: stats), [:]),
            ("full", fixtures.report, fixtures.sources),
        ]
    }

    /// A finding for a rule the report does not list, as a model's finding would be.
    static func oddPathFinding(path: String) -> Finding {
        let location = SOSecureCore.SourceLocation(line: 1, column: 1, utf16Column: 1)
        return Finding(ruleID: "llm-reported-issue", message: "Model says: eval of input", cwes: [CWE(id: 95), CWE(id: 99_999)],
                       severity: .info, confidence: .low, path: path, range: TextRange(start: 0, end: 4),
                       start: location, end: SOSecureCore.SourceLocation(line: 1, column: 5, utf16Column: 5), flaggedCode: "eval")
    }

    @Test func everySARIFOutputValidatesAgainstTheSchema() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [URL] = []
        for (name, report, sources) in Self.reports {
            let url = directory.appendingPathComponent("\(name).sarif")
            try SARIFReporter().render(report, sources: sources).write(to: url, atomically: true, encoding: .utf8)
            files.append(url)
        }
        let outcome = try #require(Self.validate(files))
        #expect(outcome.status == 0, "SARIF output fails the schema:\n\(outcome.output)")
        for file in files {
            #expect(outcome.output.contains("\(file.lastPathComponent): valid"), "no verdict for \(file.lastPathComponent):\n\(outcome.output)")
        }
    }

    /// The validator must be able to say no, or the test above proves nothing.
    @Test func schemaCheckRejectsBrokenSARIF() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let valid = SARIFReporter().render(ReportFixtures.report, sources: ReportFixtures.sources)
        let brokenVariants = [
            "line-zero": valid.replacingOccurrences(of: "\"startLine\": 12", with: "\"startLine\": 0"),
            "wrong-version": valid.replacingOccurrences(of: "\"version\": \"2.1.0\"", with: "\"version\": \"2.0.0\""),
            "unknown-level": valid.replacingOccurrences(of: "\"level\": \"warning\"", with: "\"level\": \"serious\""),
        ]
        for (name, text) in brokenVariants.sorted(by: { $0.key < $1.key }) {
            #expect(text != valid, "variant \(name) changed nothing")
            let url = directory.appendingPathComponent("\(name).sarif")
            try text.write(to: url, atomically: true, encoding: .utf8)
            let outcome = try #require(Self.validate([url]))
            #expect(outcome.status == 1, "\(name) was not rejected:\n\(outcome.output)")
            #expect(!outcome.output.contains("\(name).sarif: valid"))
        }
    }

    // MARK: - Running the validator

    static let validatorScript = """
        import json, os, sys
        try:
            import jsonschema
            from jsonschema import validators
        except ImportError as error:
            print("the python module jsonschema is missing (python3 -m pip install jsonschema): %s" % error)
            sys.exit(3)
        with open(sys.argv[1], encoding="utf-8") as handle:
            schema = json.load(handle)
        # The SARIF schema declares draft-04, which validator_for honours; draft-07 must accept it too.
        classes = [validators.validator_for(schema, default=jsonschema.Draft7Validator)]
        if jsonschema.Draft7Validator not in classes:
            classes.append(jsonschema.Draft7Validator)
        checkers = []
        for cls in classes:
            cls.check_schema(schema)
            checkers.append(cls(schema, format_checker=cls.FORMAT_CHECKER))
        failed = False
        for path in sys.argv[2:]:
            name = os.path.basename(path)
            with open(path, encoding="utf-8") as handle:
                document = json.load(handle)
            valid = True
            for checker in checkers:
                errors = sorted(checker.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
                for error in errors[:20]:
                    print("%s: %s: /%s: %s" % (name, type(checker).__name__, "/".join(str(p) for p in error.absolute_path), error.message[:300]))
                valid = valid and not errors
            if valid:
                print("%s: valid" % name)
            else:
                failed = True
        sys.exit(1 if failed else 0)
        """

    /// Runs the validator over `files`; records a failure and returns nil when it cannot run at all.
    static func validate(_ files: [URL], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> (status: Int32, output: String)? {
        guard FileManager.default.fileExists(atPath: schemaURL.path) else {
            Issue.record("SARIF schema not found at \(schemaURL.path) (expected ../shared/schemas/ beside the package)", sourceLocation: sourceLocation)
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", validatorScript, schemaURL.path] + files.map(\.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            Issue.record("cannot start /usr/bin/env python3: \(error)", sourceLocation: sourceLocation)
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        switch process.terminationStatus {
        case 127:
            Issue.record("python3 is not installed; the SARIF schema check needs it with the jsonschema module", sourceLocation: sourceLocation)
            return nil
        case 3:
            Issue.record(Comment(rawValue: output), sourceLocation: sourceLocation)
            return nil
        case 0, 1:
            return (process.terminationStatus, output)
        default:
            Issue.record("the schema check crashed (status \(process.terminationStatus)):\n\(output)", sourceLocation: sourceLocation)
            return nil
        }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sosecure-sarif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
