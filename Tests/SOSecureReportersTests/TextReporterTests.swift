import SOSecureCore
@testable import SOSecureReporters
import Testing

@Suite struct TextReporterTests {
    static func strippingANSI(_ text: String) -> String {
        var output = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "\u{1B}" {
                // Skip `ESC [ ... m`.
                while let next = iterator.next(), next != "m" {}
                continue
            }
            output.unicodeScalars.append(scalar)
        }
        return output
    }

    @Test func colourOnlyAddsEscapeCodes() {
        let plain = TextReporter().render(ReportFixtures.report, sources: ReportFixtures.sources)
        let coloured = TextReporter(color: true).render(ReportFixtures.report, sources: ReportFixtures.sources)
        #expect(!plain.contains("\u{1B}"))
        #expect(coloured.contains("\u{1B}[1;35mcritical[subprocess-shell-with-request-data]\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;31m^"))
        #expect(Self.strippingANSI(coloured) == plain)
    }

    @Test func headerHasPathPositionSeverityRuleAndMessage() {
        let output = TextReporter().render(ReportFixtures.report, sources: ReportFixtures.sources)
        let headers = output.split(separator: "\n").filter { !$0.hasPrefix(" ") && $0.contains("[") }.map(String.init)
        #expect(headers == [
            "app.py:12:12: critical[subprocess-shell-with-request-data] Request data reaches subprocess.check_output with shell=True",
            "app.py:16:13: low[flask-run-on-all-interfaces] The development server listens on every network interface",
            "app.py:16:29: high[flask-debug-mode] Flask app runs with debug=True",
            "lib/utils.py:5:41: medium[hashlib-md5] hashlib.md5 is a broken hash",
            "broken.py:1:12: error[syntax]: '(' was never closed",
            "vendor/missing.py: error[io]: cannot read file: permission denied",
        ])
    }

    @Test func helpIsTheFixTitleOrTheRuleSummary() {
        let output = TextReporter().render(ReportFixtures.report, sources: ReportFixtures.sources)
        #expect(output.contains("  = help: Pass an argument list and drop shell=True (unsafe fix)\n"))
        #expect(output.contains("  = help: Use hashlib.sha256 (safe fix)\n"))
        #expect(output.contains("  = help: \(ReportFixtures.debugRule.summary)\n"))
        // The bind finding's message is the rule summary: no help line repeats it.
        #expect(!output.contains("= help: \(ReportFixtures.bindRule.summary)"))
    }

    @Test func taintPathIsNumbered() {
        let output = TextReporter().render(ReportFixtures.report, sources: ReportFixtures.sources)
        #expect(output.contains("""
              = taint path:
                  1. source at app.py:10:14: request.args.get(...) returns data from the HTTP request
                  2. propagation at app.py:11:11: `folder` is concatenated into `cmd`
                  3. sink at app.py:12:12: `cmd` runs in a shell

            """))
    }

    @Test func summaryCountsBySeverityAndPluralizes() {
        let output = TextReporter().render(ReportFixtures.report, sources: ReportFixtures.sources)
        #expect(output.hasSuffix("\n4 findings (1 critical, 1 high, 1 medium, 1 low) in 4 files, 2 errors, 1 suppressed\n"))
        #expect(TextReporter().render(ReportFixtures.emptyReport, sources: [:]) == "0 findings in 0 files, 0 errors\n")
        let one = ScanReport(findings: [ReportFixtures.debugFinding], errors: [ReportFixtures.ioError], rules: [],
                             stats: ScanStats(filesScanned: 1, linesScanned: 3, rulesRun: 1, durationSeconds: 0))
        #expect(TextReporter().render(one, sources: [:]).hasSuffix("\n1 finding (1 high) in 1 file, 1 error\n"))
    }

    @Test func withoutSourceThereIsNoFrame() {
        let one = ScanReport(findings: [ReportFixtures.debugFinding], errors: [], rules: [], stats: ReportFixtures.report.stats)
        let output = TextReporter().render(one, sources: [:])
        #expect(!output.contains(" | "))
        #expect(output.hasPrefix("app.py:16:29: high[flask-debug-mode] Flask app runs with debug=True\n  = CWE-489"))
    }

    @Test func multiLineMessagesStayOnOneLine() {
        let base = ReportFixtures.debugFinding
        let finding = Finding(ruleID: base.ruleID, message: "first line\nsecond line", cwes: base.cwes, severity: base.severity,
                              confidence: base.confidence, path: base.path, range: base.range, start: base.start, end: base.end,
                              flaggedCode: "debug=True")
        let output = TextReporter().render(ScanReport(findings: [finding], errors: [], rules: [], stats: ReportFixtures.report.stats), sources: [:])
        #expect(output.hasPrefix("app.py:16:29: high[flask-debug-mode] first line second line\n"))
    }

    @Test func syntaxErrorColumnPastTheLineEndStaysOnItsLine() {
        let error = ScanError(kind: .syntax, path: "broken.py", line: 1, column: 500, message: "unexpected end")
        let output = TextReporter().render(ScanReport(findings: [], errors: [error], rules: [], stats: ReportFixtures.report.stats),
                                           sources: ReportFixtures.sources)
        #expect(output.contains(" 1 | def handler(request:\n   |                     ^\n"))
        #expect(!output.contains("return request"))
    }
}
