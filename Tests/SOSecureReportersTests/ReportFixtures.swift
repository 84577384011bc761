import SOSecureCore
@testable import SOSecureReporters

/// A scan report built by hand over real source texts: a taint finding with three steps and a fix,
/// plain findings on one line, a finding after multi-byte text (UTF-8 and UTF-16 columns differ)
/// with a safe fix, a syntax error and an unreadable file.
enum ReportFixtures {
    static let appSource = """
        import subprocess

        from flask import Flask, request

        app = Flask(__name__)


        @app.route("/list")
        def list_directory():
            folder = request.args.get("dir", ".")
            cmd = "ls -l " + folder
            return subprocess.check_output(cmd, shell=True)


        if __name__ == "__main__":
            app.run(host="0.0.0.0", debug=True)

        """

    static let utilsSource = """
        import hashlib


        def checksum(data: bytes) -> str:
            label = "Prüfsumme 🔒"; digest = hashlib.md5(data).hexdigest()
            return label + digest

        """

    static let brokenSource = """
        def handler(request:
            return request.args["q"]

        """

    static let app = SourceFile(path: "app.py", text: appSource)
    static let utils = SourceFile(path: "lib/utils.py", text: utilsSource)
    static let broken = SourceFile(path: "broken.py", text: brokenSource)

    static var sources: [String: String] {
        [app.path: appSource, utils.path: utilsSource, broken.path: brokenSource]
    }

    // MARK: - Rules

    static let shellRule = RuleMetadata(
        id: "subprocess-shell-with-request-data", language: .python, cwes: [CWE(id: 78)],
        severity: .critical, confidence: .high,
        summary: "Request data reaches a shell command",
        rationale: "A shell parses its command line, so quotes, semicolons and backticks in request data start new commands.\nPass an argument list and leave shell off.\n",
        fixable: true, references: ["https://docs.python.org/3/library/subprocess.html#security-considerations"])

    static let debugRule = RuleMetadata(
        id: "flask-debug-mode", language: .python, cwes: [CWE(id: 489), CWE(id: 215)],
        severity: .high, confidence: .medium,
        summary: "The Werkzeug debugger lets anyone who reaches the app run Python code",
        rationale: "With debug on, an exception page offers an interactive console in the browser. Read the flag from the environment and keep it off in production.",
        fixable: false)

    static let bindRule = RuleMetadata(
        id: "flask-run-on-all-interfaces", language: .python, cwes: [CWE(id: 200)],
        severity: .low, confidence: .medium,
        summary: "The development server listens on every network interface",
        rationale: "Binding to 0.0.0.0 exposes the development server to the whole network.",
        fixable: false)

    static let md5Rule = RuleMetadata(
        id: "hashlib-md5", language: .python, cwes: [CWE(id: 328), CWE(id: 327)],
        severity: .medium, confidence: .high,
        summary: "MD5 is a broken hash",
        rationale: "Collisions for MD5 are cheap to compute. Use SHA-256, or a password hash for passwords.",
        fixable: true)

    static let yamlRule = RuleMetadata(
        id: "yaml-load-without-safe-loader", language: .python, cwes: [CWE(id: 502)],
        severity: .high, confidence: .high,
        summary: "yaml.load without a safe loader can build arbitrary Python objects",
        rationale: "The default loader constructs any Python object named in the document.",
        fixable: true)

    static let rules = [shellRule, debugRule, bindRule, md5Rule, yamlRule]

    // MARK: - Findings

    static var shellFinding: Finding {
        let source = step(.source, #"request.args.get("dir", ".")"#, in: app,
                          message: "request.args.get(...) returns data from the HTTP request")
        let propagation = step(.propagation, #""ls -l " + folder"#, in: app,
                               message: "`folder` is concatenated into `cmd`")
        let sink = step(.sink, "subprocess.check_output(cmd, shell=True)", in: app,
                        message: "`cmd` runs in a shell")
        let fix = try! Fix(
            title: "Pass an argument list and drop shell=True",
            edits: [
                Edit(range: range(of: ", shell=True", in: app), replacement: ""),
                Edit(range: range(of: #""ls -l " + folder"#, in: app), replacement: #"["ls", "-l", folder]"#),
            ],
            applicability: .unsafe, origin: .rule(id: shellRule.id))
        return finding(shellRule, in: app, flagging: "subprocess.check_output(cmd, shell=True)",
                       message: "Request data reaches subprocess.check_output with shell=True",
                       dataflow: [source, propagation, sink], fix: fix)
    }

    static var debugFinding: Finding {
        finding(debugRule, in: app, flagging: "debug=True", message: "Flask app runs with debug=True")
    }

    static var bindFinding: Finding {
        finding(bindRule, in: app, flagging: #"host="0.0.0.0""#, message: bindRule.summary)
    }

    static var md5Finding: Finding {
        let fix = try! Fix(title: "Use hashlib.sha256",
                           edits: [Edit(range: range(of: "md5", in: utils), replacement: "sha256")],
                           applicability: .safe, origin: .rule(id: md5Rule.id))
        return finding(md5Rule, in: utils, flagging: "hashlib.md5(data)", message: "hashlib.md5 is a broken hash", fix: fix)
    }

    static let syntaxError = ScanError(kind: .syntax, path: "broken.py", line: 1, column: 12, message: "'(' was never closed")
    static let ioError = ScanError(kind: .io, path: "vendor/missing.py", message: "cannot read file: permission denied")

    static var findings: [Finding] { [md5Finding, debugFinding, shellFinding, bindFinding] }

    static var report: ScanReport {
        ScanReport(findings: findings, errors: [syntaxError, ioError], rules: rules,
                   stats: ScanStats(filesScanned: 4, linesScanned: 24, rulesRun: rules.count, durationSeconds: 0.0421337, suppressed: 1))
    }

    static var emptyReport: ScanReport {
        ScanReport(findings: [], errors: [], rules: [],
                   stats: ScanStats(filesScanned: 0, linesScanned: 0, rulesRun: 0, durationSeconds: 0))
    }

    // MARK: - Building blocks

    /// The byte range of the first occurrence of `code` in `file`.
    static func range(of code: String, in file: SourceFile) -> TextRange {
        let needle = Array(code.utf8)
        let bytes = file.bytes
        guard needle.count <= bytes.count else { fatalError("\(code) not in \(file.path)") }
        for start in 0...(bytes.count - needle.count) where bytes[start..<start + needle.count].elementsEqual(needle) {
            return TextRange(start: start, end: start + needle.count)
        }
        fatalError("\(code) not in \(file.path)")
    }

    static func step(_ role: DataflowStep.Role, _ code: String, in file: SourceFile, message: String) -> DataflowStep {
        let range = range(of: code, in: file)
        return DataflowStep(role: role, range: range, location: file.location(of: range.start), message: message)
    }

    static func finding(_ rule: RuleMetadata, in file: SourceFile, flagging code: String, message: String,
                        dataflow: [DataflowStep] = [], fix: Fix? = nil) -> Finding {
        let range = range(of: code, in: file)
        return Finding(
            ruleID: rule.id, message: message, cwes: rule.cwes, severity: rule.severity, confidence: rule.confidence,
            path: file.path, range: range, start: file.location(of: range.start), end: file.location(of: range.end),
            dataflow: dataflow, fix: fix, flaggedCode: file.text(in: range))
    }
}
