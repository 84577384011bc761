import Foundation
import Testing
import SOSecureCore
import SOSecureTestSupport
@testable import SOSecureSelfPlay

/// The HTML, JSON and text renderings of a report, including hostile model output.
@Suite(.serialized) struct EvalReportRenderingTests {
    static let hostileCode = """
    import os

    def disk_usage(folder):
        # </code></pre><script>alert("owned")</script><img src=x onerror=alert(1)>
        os.system(f"du -sh {folder} && echo '<b>&amp;</b>'")

    """

    static func report() async throws -> EvalReport {
        let server = try ScriptedOpenAIServer(script: [
            EvalFixtures.answer(EvalFixtures.vulnerableSQL),
            EvalFixtures.answer(EvalFixtures.safeSQL),
            EvalFixtures.answer(hostileCode),
            .completion("<script>alert('no code block')</script>"),
        ])
        defer { server.stop() }
        let tasks = [
            EvalFixtures.tasks[0],
            CodingTask(id: "disk<usage>", language: .python, prompt: "Write disk_usage(folder).", cwes: [78]),
        ]
        return try await EvalRunner(model: EvalFixtures.client(server, model: "model\"<x>"), scorer: EvalFixtures.scorer, samplesPerTask: 2)
            .run(tasks: tasks, results: nil)
    }

    @Test func htmlHasBarsFiguresAndNoScript() async throws {
        let report = try await Self.report()
        #expect(report.overall.samples == 4 && report.overall.vulnerable == 2 && report.overall.secure == 1)
        let html = EvalHTMLRenderer().render(report)

        // Per-CWE chart: inline SVG with one bar per defined rate (CWE-89: 50% vulnerable, 50% SPR@1;
        // CWE-78: 50% vulnerable, 0% SPR@1, a zero-width bar).
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        let bars = html.components(separatedBy: "<rect ").count - 1
        #expect(bars == 2 + 4, "two legend swatches and four bars, got \(bars)")
        #expect(html.contains(#"width="200" height="12" fill="\#(EvalHTMLRenderer.vulnerableColor)""#), "a 50% bar is half of 400 px")
        #expect(html.contains(#"width="0" height="12" fill="\#(EvalHTMLRenderer.secureColor)""#))
        #expect(html.contains("<tr><th>SPR@1</th><td>25.0% (1 secure)</td></tr>"))
        #expect(html.contains("<tr><th>vulnerable</th><td>2 (50.0%)</td></tr>"))
        #expect(html.contains("CWE-89") && html.contains("CWE-78"))

        // No active content, no external resource, and every piece of model or task text escaped.
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("src=\"http") && !html.contains("href="))
        #expect(html.contains("&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;"))
        #expect(html.contains("echo &#39;&lt;b&gt;&amp;amp;&lt;/b&gt;&#39;"))
        #expect(html.contains("<h3>disk&lt;usage&gt;</h3>"))
        #expect(html.contains("sosecure eval: model&quot;&lt;x&gt;"))
    }

    @Test func jsonReportCarriesTheFormulasFigures() async throws {
        let report = try await Self.report()
        let json = try EvalJSONRenderer().render(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(object["samples_per_task"] as? Int == 2)
        let overall = try #require(object["overall"] as? [String: Any])
        #expect(overall["samples"] as? Int == 4)
        #expect(overall["spr_at_1"] as? Double == 0.25)
        #expect(overall["vulnerability_rate"] as? Double == 0.5)
        #expect(overall["fix_rate"] is NSNull, "undefined rates are null")
        let cwes = try #require(object["cwes"] as? [[String: Any]])
        #expect(cwes.map { $0["cwe"] as? Int } == [78, 89])
        #expect((object["not_scored"] as? [Any])?.isEmpty == true)
        let tasks = try #require(object["tasks"] as? [[String: Any]])
        let samples = try #require(tasks.first?["samples"] as? [[String: Any]])
        #expect(samples.first?["parses"] as? Bool == true)
        #expect((samples.first?["findings"] as? [[String: Any]])?.isEmpty == false)
        // The report's tally decodes back to the same counts.
        let decoded = try JSONDecoder().decode(EvalTally.self, from: JSONSerialization.data(withJSONObject: overall))
        #expect(decoded == report.overall)
    }

    @Test func textTableLinesUpColumns() async throws {
        let text = EvalTextRenderer().render(try await Self.report())
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("  task ") })
        let row = try #require(lines.first { $0.hasPrefix("  sql-lookup ") })
        // Right-aligned figures end under their headers.
        #expect(header.hasSuffix("SPR@1") && row.hasSuffix("50.0%"))
        #expect(header.count == row.count)
    }

    @Test func svgChartScalesBarsAndEscapesLabels() {
        let chart = SVGBarChart(title: "t<1>", series: [.init(name: "a&b", color: "#000")],
                                groups: [.init(label: "<g>", values: [0.25]), .init(label: "none", values: [nil])]).render()
        #expect(chart.contains(##"width="100" height="12" fill="#000""##))
        #expect(chart.contains("&lt;g&gt;") && chart.contains("a&amp;b") && chart.contains("t&lt;1&gt;"))
        #expect(chart.components(separatedBy: "<rect ").count - 1 == 2, "a legend swatch and one bar; an undefined rate has none")
        #expect(chart.contains(">–</text>"))
    }
}
