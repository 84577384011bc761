import Foundation
import Testing
import SOSecureCore
import SOSecureTestSupport
@testable import SOSecureSelfPlay

/// The results file: finished samples survive a stopped run and are not requested again.
@Suite(.serialized) struct EvalResumeTests {
    static let pythonTasks = Array(EvalFixtures.tasks.prefix(3))

    @Test func resumedRunRequestsOnlyUnfinishedSamples() async throws {
        let path = EvalFixtures.temporaryPath("results.jsonl")
        // First run: the script holds four answers; the last two requests find it exhausted and fail.
        let first = try ScriptedOpenAIServer(script: Array(EvalScenarioTests.scenarioScript().prefix(4)))
        defer { first.stop() }
        let firstReport = try await EvalRunner(model: EvalFixtures.client(first), scorer: EvalFixtures.scorer, samplesPerTask: 2)
            .run(tasks: Self.pythonTasks, results: try EvalResultsFile(path: path))
        #expect(first.requests.count == 6)
        #expect(firstReport.errors.map { SampleKey(task: $0.task, sample: $0.sample) }
                == [SampleKey(task: "load-config", sample: 0), SampleKey(task: "load-config", sample: 1)])
        #expect(firstReport.overall.samples == 4)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4, "one line per finished sample; failed samples are not recorded")

        // Second run with the same file: only the two unfinished samples are requested.
        let second = try ScriptedOpenAIServer(script: Array(EvalScenarioTests.scenarioScript().suffix(2)))
        defer { second.stop() }
        let secondReport = try await EvalRunner(model: EvalFixtures.client(second), scorer: EvalFixtures.scorer, samplesPerTask: 2)
            .run(tasks: Self.pythonTasks, results: try EvalResultsFile(path: path))
        #expect(second.requests.count == 2)
        #expect(second.requests.allSatisfy { $0.messages.last?.content == Self.pythonTasks[2].prompt })
        #expect(secondReport.errors.isEmpty)

        // The report covers all six samples, with the same figures as the uninterrupted scenario.
        #expect(secondReport.overall.samples == 6)
        #expect(secondReport.overall.vulnerable == 3)
        #expect(secondReport.overall.securePassRate == 1.0 / 6.0)

        // A third run finds everything finished and asks for nothing.
        let third = try ScriptedOpenAIServer(script: [])
        defer { third.stop() }
        let progress = ProgressLines()
        let thirdReport = try await EvalRunner(model: EvalFixtures.client(third), scorer: EvalFixtures.scorer, samplesPerTask: 2,
                                               progress: progress.sink)
            .run(tasks: Self.pythonTasks, results: try EvalResultsFile(path: path))
        #expect(third.requests.isEmpty)
        #expect(progress.lines == ["6 samples already finished in the results file, not requested again"])
        #expect(thirdReport.overall == secondReport.overall)
    }

    @Test func reviseOnResumeRevisesRecordedSamplesWithoutNewSamples() async throws {
        let path = EvalFixtures.temporaryPath("results.jsonl")
        let first = try ScriptedOpenAIServer(script: EvalScenarioTests.scenarioScript())
        defer { first.stop() }
        _ = try await EvalRunner(model: EvalFixtures.client(first), scorer: EvalFixtures.scorer, samplesPerTask: 2)
            .run(tasks: Self.pythonTasks, results: try EvalResultsFile(path: path))

        let second = try ScriptedOpenAIServer(script: [
            EvalFixtures.answer(EvalFixtures.safeSQL),
            EvalFixtures.answer(EvalFixtures.vulnerableShell.replacingOccurrences(of: "os.system(f\"du -sh {folder}\")",
                                                                                  with: "subprocess.run([\"du\", \"-sh\", folder], check=True)")
                .replacingOccurrences(of: "import os", with: "import subprocess")),
        ])
        defer { second.stop() }
        let client = EvalFixtures.client(second)
        let report = try await EvalRunner(model: client, scorer: EvalFixtures.scorer, samplesPerTask: 2,
                                          reviser: SampleReviser(scorer: EvalFixtures.scorer, retriever: nil, model: client, maxRounds: 1))
            .run(tasks: Self.pythonTasks, results: try EvalResultsFile(path: path))
        // Only revision requests: the two model revisions (the YAML sample is fixed by its rule).
        #expect(second.requests.count == 2)
        let prompts = Set(Self.pythonTasks.map(\.prompt))
        #expect(second.requests.allSatisfy { !prompts.contains($0.messages.last?.content ?? "") })
        #expect(report.overall.revised == 3 && report.overall.fixed == 3 && report.overall.fixRate == 1)
        // The revised records were appended; the latest line of each pair wins.
        let reopened = try EvalResultsFile(path: path)
        #expect(reopened.existing.count == 9)
        #expect(EvalResultsFile.latest(reopened.existing).values.filter { $0.revision != nil }.count == 3)
    }

    @Test func truncatedLastLineIsDroppedWithAWarning() throws {
        let path = EvalFixtures.temporaryPath("results.jsonl")
        let record = EvalFixtures.scorer.score(answer: "```python\nprint(1)\n```", task: Self.pythonTasks[0], sample: 0, model: "m")
        do {
            let file = try EvalResultsFile(path: path)
            try file.append(record)
        }
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        // A crash in the middle of writing the second record.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"code":"print(2)\n","findings":[],"lang"#.utf8))
        try handle.close()

        let reopened = try EvalResultsFile(path: path)
        #expect(reopened.existing == [record])
        #expect(reopened.warnings == ["\(path):2: ignored an incomplete last line (an interrupted write)"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == whole, "the partial line is cut off")
        var next = record
        next.sample = 1
        try reopened.append(next)
        #expect(try EvalResultsFile(path: path).existing == [record, next])
    }

    @Test func wholeLastRecordWithoutNewlineIsKeptAndTheNextStartsOnItsOwnLine() throws {
        let path = EvalFixtures.temporaryPath("results.jsonl")
        let record = EvalFixtures.scorer.score(answer: "```python\nprint(1)\n```", task: Self.pythonTasks[0], sample: 0, model: "m")
        try EvalResultsFile.encoder.encode(record).write(to: URL(fileURLWithPath: path))
        let file = try EvalResultsFile(path: path)
        #expect(file.existing == [record] && file.warnings.isEmpty)
        var next = record
        next.sample = 1
        try file.append(next)
        #expect(try EvalResultsFile(path: path).existing == [record, next])
    }

    @Test func brokenLineInTheMiddleIsAnErrorNamingTheLine() throws {
        let path = EvalFixtures.temporaryPath("results.jsonl")
        let record = EvalFixtures.scorer.score(answer: "```python\nprint(1)\n```", task: Self.pythonTasks[0], sample: 0, model: "m")
        let line = String(decoding: try EvalResultsFile.encoder.encode(record), as: UTF8.self)
        try (line + "\n{\"task\": \"x\"}\n" + line + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try EvalResultsFile(path: path)
        } throws: { error in
            guard let error = error as? EvalResultsFileError else { return false }
            return error.line == 2 && error.description.hasPrefix("\(path):2: not a sample record (missing field")
        }
    }

    @Test func resultsOfAnotherModelAreRefused() async throws {
        let path = EvalFixtures.temporaryPath("results.jsonl")
        let record = EvalFixtures.scorer.score(answer: "```python\nprint(1)\n```", task: Self.pythonTasks[0], sample: 0, model: "other-model")
        try EvalResultsFile(path: path).append(record)
        let server = try ScriptedOpenAIServer(script: [])
        defer { server.stop() }
        await #expect {
            try await EvalRunner(model: EvalFixtures.client(server), scorer: EvalFixtures.scorer, samplesPerTask: 1)
                .run(tasks: Self.pythonTasks, results: try EvalResultsFile(path: path))
        } throws: { error in
            "\(error)".contains("holds samples of model 'other-model', not 'scripted-model'")
        }
        #expect(server.requests.isEmpty)
    }
}
