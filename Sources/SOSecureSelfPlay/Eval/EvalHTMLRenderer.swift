/// A self-contained HTML report: the figures, per-CWE bar charts as inline SVG, the tables of the text
/// report, and every sample's code and findings. No script and no external resource; every piece of text
/// from the model, the task file or the results file is escaped.
public struct EvalHTMLRenderer: Sendable {
    public init() {}

    static let vulnerableColor = "#c0392b"
    static let secureColor = "#27ae60"
    static let fixColor = "#2e86c1"
    static let introColor = "#e67e22"

    public func render(_ report: EvalReport) -> String {
        let all = report.overall
        let showTests = all.testsRun > 0
        let showRevision = report.revise || all.revised > 0
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>sosecure eval: \(e(report.model))</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
        table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; }
        .figures td { text-align: left; }
        .vulnerable { color: \(Self.vulnerableColor); }
        .secure { color: \(Self.secureColor); }
        </style>
        </head>
        <body>
        <h1>SOSecure evaluation of \(e(report.model))</h1>
        <p>\(report.tasks.count + report.notScored.count) tasks × \(report.samplesPerTask) samples. \
        SPR@1 is the share of samples that parse, have no finding\(showTests ? " and pass their tests" : ""); \
        the vulnerability rate is the share with at least one finding.</p>
        <table class="figures">
        <tr><th>samples</th><td>\(all.samples)</td></tr>
        <tr><th>parsable</th><td>\(all.parsable)</td></tr>
        <tr><th>vulnerable</th><td>\(all.vulnerable) (\(p(all.vulnerabilityRate)))</td></tr>
        <tr><th>SPR@1</th><td>\(p(all.securePassRate)) (\(all.secure) secure)</td></tr>

        """
        if showTests { html += "<tr><th>tests passed</th><td>\(all.testsPassed) of \(all.testsRun)</td></tr>\n" }
        if showRevision {
            html += "<tr><th>Fix Rate</th><td>\(p(all.fixRate)) (\(all.fixed) of \(all.revised) revised)</td></tr>\n"
            html += "<tr><th>Intro Rate</th><td>\(p(all.introRate)) (\(all.introduced) of \(all.revised) revised)</td></tr>\n"
        }
        html += "</table>\n"

        html += "<h2>Per CWE</h2>\n"
        let groups = report.cwes.map { cwe in
            SVGBarChart.Group(label: EvalReport.label(cwe.cwe), values: [cwe.tally.vulnerabilityRate, cwe.tally.securePassRate]
                                + (showRevision ? [cwe.tally.fixRate, cwe.tally.introRate] : []))
        }
        var series = [SVGBarChart.Series(name: "vulnerability rate", color: Self.vulnerableColor),
                      SVGBarChart.Series(name: "SPR@1", color: Self.secureColor)]
        if showRevision {
            series += [SVGBarChart.Series(name: "Fix Rate", color: Self.fixColor), SVGBarChart.Series(name: "Intro Rate", color: Self.introColor)]
        }
        html += SVGBarChart(title: "Rates per CWE", series: series, groups: groups).render() + "\n"
        html += table(header: ["CWE", "name"] + EvalTextRenderer.tallyHeader(tests: showTests, revision: showRevision) + ["found"],
                      rows: report.cwes.map { [EvalReport.label($0.cwe), $0.name]
                          + EvalTextRenderer.tallyCells($0.tally, tests: showTests, revision: showRevision) + [String($0.found)] })

        html += "<h2>Per language</h2>\n"
        html += table(header: ["language", "tasks"] + EvalTextRenderer.tallyHeader(tests: showTests, revision: showRevision),
                      rows: report.languages.map { [$0.language.rawValue, String($0.tasks)]
                          + EvalTextRenderer.tallyCells($0.tally, tests: showTests, revision: showRevision) })

        html += "<h2>Per task</h2>\n"
        html += table(header: ["task", "language", "CWE"] + EvalTextRenderer.tallyHeader(tests: showTests, revision: showRevision),
                      rows: report.tasks.map { [$0.id, $0.language.rawValue, $0.cwe.map { "CWE-\($0)" }.joined(separator: ", ")]
                          + EvalTextRenderer.tallyCells($0.tally, tests: showTests, revision: showRevision) })

        if !report.notScored.isEmpty {
            html += "<h2>Not scored</h2>\n<ul>\n"
            for task in report.notScored { html += "<li>\(e(task.task)) (\(e(task.language.rawValue))): \(e(task.reason))</li>\n" }
            html += "</ul>\n"
        }
        if !report.errors.isEmpty {
            html += "<h2>Unfinished samples</h2>\n<ul>\n"
            for error in report.errors { html += "<li>\(e(error.task)) #\(error.sample): \(e(error.message))</li>\n" }
            html += "</ul>\n"
        }

        html += "<h2>Samples</h2>\n"
        for task in report.tasks {
            html += "<h3>\(e(task.id))</h3>\n"
            for sample in task.samples { html += self.sample(sample) }
        }
        html += "</body>\n</html>\n"
        return html
    }

    private func sample(_ sample: EvalSampleRecord) -> String {
        var verdict: String
        if sample.code == nil {
            verdict = "no code: \(e(sample.extractionError ?? ""))"
        } else if sample.vulnerable {
            verdict = "<span class=\"vulnerable\">vulnerable</span>"
        } else if sample.parses {
            verdict = "<span class=\"secure\">no finding</span>"
        } else {
            verdict = "does not parse"
        }
        if sample.code != nil && !sample.parses && sample.vulnerable { verdict += ", does not parse" }
        if let tests = sample.tests { verdict += "; tests \(e(tests.outcome.rawValue))" }
        var html = "<details><summary>sample \(sample.sample): \(verdict)</summary>\n"
        if !sample.syntaxErrors.isEmpty {
            html += "<p>syntax errors: \(e(sample.syntaxErrors.joined(separator: "; ")))</p>\n"
        }
        if !sample.findings.isEmpty {
            html += "<ul>\n"
            for finding in sample.findings {
                html += "<li>line \(finding.line): \(e(finding.rule)) (\(e(finding.cwe.map { "CWE-\($0)" }.joined(separator: ", "))), \(e(finding.severity.rawValue)))</li>\n"
            }
            html += "</ul>\n"
        }
        if let code = sample.code { html += "<pre><code>\(e(code))</code></pre>\n" }
        if let tests = sample.tests, tests.outcome != .passed {
            html += "<p>test output (\(e(tests.runner)), \(e(String(tests.seconds))) s):</p>\n<pre>\(e(tests.output))</pre>\n"
        }
        if let revision = sample.revision {
            html += "<p>revision: \(e(revision.status))\(revision.fixed ? ", every finding removed" : ", \(revision.findingsAfter.count) findings left")"
            if revision.gainedFinding {
                html += "; candidates added \(e(revision.introduced.map(\.rule).joined(separator: ", ")))"
            }
            html += "</p>\n<pre><code>\(e(revision.code))</code></pre>\n"
        }
        return html + "</details>\n"
    }

    private func table(header: [String], rows: [[String]]) -> String {
        var html = "<table>\n<tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
        for row in rows { html += "<tr>" + row.map { "<td>\(e($0))</td>" }.joined() + "</tr>\n" }
        return html + "</table>\n"
    }

    private func e(_ text: String) -> String { HTMLText.escape(text) }
    private func p(_ rate: Double?) -> String { e(EvalTextRenderer.percent(rate)) }
}
