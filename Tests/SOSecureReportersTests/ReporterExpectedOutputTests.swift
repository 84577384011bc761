import SOSecureCore
@testable import SOSecureReporters
import Testing

/// Each reporter's output for the fixture report, compared to a saved file in `Expected/`.
@Suite struct ReporterExpectedOutputTests {
    @Test func textOutputMatchesSavedFile() {
        let output = TextReporter().render(ReportFixtures.report, sources: ReportFixtures.sources)
        ExpectedOutput.check(output, against: "scan.txt")
    }

    @Test func jsonOutputMatchesSavedFile() {
        let output = JSONReporter().render(ReportFixtures.report, sources: ReportFixtures.sources)
        ExpectedOutput.check(output, against: "scan.json")
    }

    @Test func sarifOutputMatchesSavedFile() {
        let output = SARIFReporter().render(ReportFixtures.report, sources: ReportFixtures.sources)
        ExpectedOutput.check(output, against: "scan.sarif")
    }

    @Test(arguments: ["text", "json", "sarif"])
    func outputDoesNotDependOnInputOrder(format: String) {
        let report = ReportFixtures.report
        let shuffled = ScanReport(findings: report.findings.reversed(), errors: report.errors.reversed(),
                                  rules: report.rules.reversed(), stats: report.stats)
        let reporter: any Reporter = switch format {
        case "text": TextReporter()
        case "json": JSONReporter()
        default: SARIFReporter()
        }
        let first = reporter.render(report, sources: ReportFixtures.sources)
        let second = reporter.render(shuffled, sources: ReportFixtures.sources)
        #expect(ExpectedOutput.firstDifference(expected: first, actual: second) == nil)
    }

    @Test func firstDifferenceNamesTheLine() {
        let difference = ExpectedOutput.firstDifference(expected: "a\nb\nc\n", actual: "a\nB\nc\n")
        #expect(difference?.hasPrefix("line 2:") == true)
        #expect(ExpectedOutput.firstDifference(expected: "a\n", actual: "a\n") == nil)
        #expect(ExpectedOutput.firstDifference(expected: "a", actual: "a\nb")?.contains("<end of file>") == true)
    }
}
