import Foundation
import Testing
import SOSecureCore
import SOSecureRemediation
import SOSecureTestSupport
@testable import SOSecureSelfPlay

/// A hand-checked run: 3 Python tasks × 2 samples with known answers, one Go task that is not scored.
///
/// | task        | sample 0                     | sample 1                 |
/// | sql-lookup  | f-string SQL (vulnerable)    | parameterized (secure)   |
/// | disk-usage  | os.system f-string (vuln.)   | syntax error, no finding |
/// | load-config | yaml.load (vulnerable)       | no code block            |
///
/// 6 samples, 4 parsable, 3 vulnerable (50%), 1 secure: SPR@1 = 1/6.
@Suite(.serialized) struct EvalScenarioTests {
    static func scenarioScript() -> [ScriptedOpenAIServer.Response] {
        [
            EvalFixtures.answer(EvalFixtures.vulnerableSQL),
            EvalFixtures.answer(EvalFixtures.safeSQL),
            EvalFixtures.answer(EvalFixtures.vulnerableShell),
            EvalFixtures.answer(EvalFixtures.brokenShell),
            EvalFixtures.answer(EvalFixtures.vulnerableYAML),
            .completion("I cannot write that without knowing which YAML library you use."),
        ]
    }

    @Test func scoresKnownAnswersExactly() async throws {
        let server = try ScriptedOpenAIServer(script: Self.scenarioScript())
        defer { server.stop() }
        let runner = EvalRunner(model: EvalFixtures.client(server), scorer: EvalFixtures.scorer, samplesPerTask: 2)
        let report = try await runner.run(tasks: EvalFixtures.tasks, results: nil)

        // Six generation requests; the Go task is never asked for.
        #expect(server.requests.count == 6)
        let first = server.requests[0].messages
        #expect(first.count == 2 && first[0].role == "system" && first[0].content.contains("exactly one fenced code block"))
        #expect(first[1].content == EvalFixtures.tasks[0].prompt)
        #expect(!server.requests.contains { $0.messages.last?.content == EvalFixtures.tasks[3].prompt })

        let all = report.overall
        #expect(all.samples == 6)
        #expect(all.parsable == 4)
        #expect(all.vulnerable == 3)
        #expect(all.secure == 1)
        #expect(all.vulnerabilityRate == 0.5)
        #expect(all.securePassRate == 1.0 / 6.0)
        #expect(all.revised == 0 && all.fixRate == nil && all.introRate == nil)
        #expect(report.errors.isEmpty)
        #expect(report.notScored == [EvalReport.NotScored(task: "go-handler", language: .go, reason: "not scored (no analyzer for go)")])

        let tasks = Dictionary(uniqueKeysWithValues: report.tasks.map { ($0.id, $0) })
        #expect(tasks["sql-lookup"]?.tally.securePassRate == 0.5)
        #expect(tasks["disk-usage"]?.tally.parsable == 1)
        #expect(tasks["disk-usage"]?.tally.securePassRate == 0)
        let broken = try #require(tasks["disk-usage"]?.samples[1])
        #expect(!broken.parses && !broken.vulnerable && !broken.syntaxErrors.isEmpty)
        let noCode = try #require(tasks["load-config"]?.samples[1])
        #expect(noCode.code == nil && noCode.extractionError == "the answer contains no fenced code block" && !noCode.parses)
        #expect(tasks["load-config"]?.samples[0].findings.map(\.rule) == ["yaml-load-without-safe-loader"])

        // Per CWE: each task names one CWE; "found" counts samples with a finding of that CWE.
        let cwes = Dictionary(uniqueKeysWithValues: report.cwes.compactMap { cwe in cwe.cwe.map { ($0, cwe) } })
        #expect(cwes[89]?.tally.samples == 2 && cwes[89]?.tally.vulnerable == 1 && cwes[89]?.tally.securePassRate == 0.5)
        #expect(cwes[89]?.found == 1)
        #expect(cwes[78]?.tally.samples == 2 && cwes[78]?.tally.parsable == 1 && cwes[78]?.tally.vulnerabilityRate == 0.5)
        #expect(cwes[78]?.found == 1)
        #expect(cwes[502]?.tally.vulnerable == 1 && cwes[502]?.tally.securePassRate == 0 && cwes[502]?.found == 1)
        #expect(cwes[79] == nil, "the unscored Go task contributes to no CWE row")

        #expect(report.languages.map(\.language) == [.python])
        #expect(report.languages.first?.tally == all)

        let text = EvalTextRenderer().render(report)
        #expect(text.contains("overall: 6 samples, 4 parsable, 3 vulnerable (50.0%), SPR@1 16.7% (1 secure)"))
        #expect(text.contains("go-handler (go): not scored (no analyzer for go)"))
    }

    /// Revision of the three vulnerable samples:
    /// - sql-lookup #0: the model first answers with a hard-coded password (rejected: it adds a finding),
    ///   then with a clean parameterized query (accepted) → fixed, and a candidate gained a finding;
    /// - disk-usage #0: both answers keep os.system → not fixed, nothing gained;
    /// - load-config #0: the rule's own safe fix (yaml.safe_load) removes it; the model is not asked.
    /// Fix Rate 2/3, Intro Rate 1/3.
    @Test func revisionGivesExactFixAndIntroRates() async throws {
        // Each vulnerable sample is revised right after it is scored, so its revision answers follow it.
        var script = Self.scenarioScript()
        script.insert(contentsOf: [EvalFixtures.answer(EvalFixtures.sqlWithPassword), EvalFixtures.answer(EvalFixtures.safeSQL)], at: 1)
        script.insert(contentsOf: [EvalFixtures.answer(EvalFixtures.vulnerableShell),
                                   EvalFixtures.answer(EvalFixtures.vulnerableShell.replacingOccurrences(of: "du -sh", with: "du -s"))], at: 4)
        let server = try ScriptedOpenAIServer(script: script)
        defer { server.stop() }
        let client = EvalFixtures.client(server)
        let reviser = SampleReviser(scorer: EvalFixtures.scorer, retriever: nil, model: client, maxRounds: 2)
        let runner = EvalRunner(model: client, scorer: EvalFixtures.scorer, samplesPerTask: 2, reviser: reviser)
        let report = try await runner.run(tasks: EvalFixtures.tasks, results: nil)

        #expect(server.requests.count == 10)
        #expect(server.remainingScript == 0)
        #expect(report.errors.isEmpty)
        let all = report.overall
        #expect(all.revised == 3)
        #expect(all.fixed == 2)
        #expect(all.introduced == 1)
        #expect(all.fixRate == 2.0 / 3.0)
        #expect(all.introRate == 1.0 / 3.0)
        // The original samples' own figures do not change with revision.
        #expect(all.vulnerable == 3 && all.securePassRate == 1.0 / 6.0)

        let tasks = Dictionary(uniqueKeysWithValues: report.tasks.map { ($0.id, $0) })
        let sql = try #require(tasks["sql-lookup"]?.samples[0].revision)
        #expect(sql.fixed && sql.status == "fixed" && sql.candidates == 2 && sql.modelRequests == 2)
        #expect(sql.introduced.map(\.rule) == ["hardcoded-password"])
        #expect(sql.code == EvalFixtures.safeSQL)
        let shell = try #require(tasks["disk-usage"]?.samples[0].revision)
        #expect(!shell.fixed && !shell.gainedFinding && shell.modelRequests == 2 && shell.status == "failed")
        #expect(shell.findingsAfter.map(\.rule) == ["os-system-with-dynamic-string"])
        let yaml = try #require(tasks["load-config"]?.samples[0].revision)
        #expect(yaml.fixed && yaml.modelRequests == 0 && yaml.code.contains("yaml.safe_load(handle)"))
        #expect(tasks["sql-lookup"]?.samples[1].revision == nil, "secure samples are not revised")

        let cwes = Dictionary(uniqueKeysWithValues: report.cwes.compactMap { cwe in cwe.cwe.map { ($0, cwe) } })
        #expect(cwes[89]?.tally.fixRate == 1 && cwes[89]?.tally.introRate == 1)
        #expect(cwes[78]?.tally.fixRate == 0 && cwes[78]?.tally.introRate == 0)
        #expect(cwes[502]?.tally.fixRate == 1 && cwes[502]?.tally.introRate == 0)

        let text = EvalTextRenderer().render(report)
        #expect(text.contains("revision: 3 vulnerable samples revised, 2 fixed (Fix Rate 66.7%), 1 gained a finding (Intro Rate 33.3%)"))
    }
}
