import Foundation

/// The plain-text report: an overall line, then tables per task, per CWE and per language.
public struct EvalTextRenderer: Sendable {
    public init() {}

    public func render(_ report: EvalReport) -> String {
        var out = "sosecure eval: model \(report.model), \(report.tasks.count + report.notScored.count) task"
            + "\(report.tasks.count + report.notScored.count == 1 ? "" : "s") × \(report.samplesPerTask) sample\(report.samplesPerTask == 1 ? "" : "s")\n\n"
        let all = report.overall
        out += "overall: \(all.samples) samples, \(all.parsable) parsable, \(all.vulnerable) vulnerable "
            + "(\(Self.percent(all.vulnerabilityRate))), SPR@1 \(Self.percent(all.securePassRate)) (\(all.secure) secure)\n"
        if all.testsRun > 0 {
            out += "tests: \(all.testsPassed) of \(all.testsRun) runs passed\n"
        }
        if report.revise {
            out += "revision: \(all.revised) vulnerable samples revised, \(all.fixed) fixed (Fix Rate \(Self.percent(all.fixRate))), "
                + "\(all.introduced) gained a finding (Intro Rate \(Self.percent(all.introRate)))\n"
        }
        let showTests = all.testsRun > 0
        let showRevision = report.revise || all.revised > 0

        out += "\nper task\n"
        out += Self.table(header: ["task", "language", "CWE"] + Self.tallyHeader(tests: showTests, revision: showRevision),
                          rows: report.tasks.map { task in
                              [task.id, task.language.rawValue, task.cwe.isEmpty ? "–" : task.cwe.map { "CWE-\($0)" }.joined(separator: ",")]
                                  + Self.tallyCells(task.tally, tests: showTests, revision: showRevision)
                          }, leadingTextColumns: 3)

        out += "\nper CWE (samples of the tasks that name it; found = samples with a finding of it)\n"
        out += Self.table(header: ["CWE"] + Self.tallyHeader(tests: showTests, revision: showRevision) + ["found"],
                          rows: report.cwes.map { cwe in
                              [EvalReport.label(cwe.cwe)] + Self.tallyCells(cwe.tally, tests: showTests, revision: showRevision) + [String(cwe.found)]
                          }, leadingTextColumns: 1)

        out += "\nper language\n"
        out += Self.table(header: ["language", "tasks"] + Self.tallyHeader(tests: showTests, revision: showRevision),
                          rows: report.languages.map { language in
                              [language.language.rawValue, String(language.tasks)] + Self.tallyCells(language.tally, tests: showTests, revision: showRevision)
                          }, leadingTextColumns: 1)

        if !report.notScored.isEmpty {
            out += "\nnot scored\n"
            for task in report.notScored { out += "  \(task.task) (\(task.language.rawValue)): \(task.reason)\n" }
        }
        if !report.errors.isEmpty {
            out += "\nunfinished samples (re-run with the same --results file to retry them)\n"
            for error in report.errors { out += "  \(error.task) #\(error.sample): \(Self.oneLine(error.message))\n" }
        }
        if !report.warnings.isEmpty {
            out += "\nwarnings\n"
            for warning in report.warnings { out += "  \(warning)\n" }
        }
        return out
    }

    static func tallyHeader(tests: Bool, revision: Bool) -> [String] {
        var header = ["samples", "parsable", "vulnerable", "vuln. rate", "SPR@1"]
        if tests { header += ["tests passed"] }
        if revision { header += ["revised", "Fix Rate", "Intro Rate"] }
        return header
    }

    static func tallyCells(_ tally: EvalTally, tests: Bool, revision: Bool) -> [String] {
        var cells = [String(tally.samples), String(tally.parsable), String(tally.vulnerable), percent(tally.vulnerabilityRate),
                     percent(tally.securePassRate)]
        if tests { cells += [tally.testsRun == 0 ? "–" : "\(tally.testsPassed)/\(tally.testsRun)"] }
        if revision { cells += [String(tally.revised), percent(tally.fixRate), percent(tally.introRate)] }
        return cells
    }

    /// "33.3%", or "–" for an undefined rate.
    public static func percent(_ rate: Double?) -> String {
        guard let rate else { return "–" }
        return String(format: "%.1f%%", rate * 100)
    }

    /// Columns padded to their widest cell; text columns left-aligned, figures right-aligned.
    static func table(header: [String], rows: [[String]], leadingTextColumns: Int) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return index < leadingTextColumns ? cell + padding : padding + cell
            }
            return "  " + padded.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        return line(header) + rows.map(line).joined()
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
