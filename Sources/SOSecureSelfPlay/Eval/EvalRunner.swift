import SOSecureCore
import SOSecureRemediation

/// The results file and the run disagree in a way that would mix incomparable samples.
public struct EvalRunError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Runs the evaluation: for every scored task, N samples from the model, each scored by the judge, tested
/// (`--run-tests`) and revised when vulnerable (`--revise`), and appended to the results file as soon as
/// it is finished. Pairs already finished in the results file are not requested again; a pair recorded
/// without a part this run asks for (a revision, a test run) gets only that part added.
public struct EvalRunner: Sendable {
    public let model: any ChatModel
    public let scorer: SampleScorer
    public let samplesPerTask: Int
    public let reviser: SampleReviser?
    public let testRunner: SolutionTestRunner?
    /// Stop after this many model failures in a row: the endpoint is down, and every further request
    /// would only wait out its retries.
    public let maxConsecutiveFailures: Int
    /// One line per sample, for a progress display.
    public let progress: (@Sendable (String) -> Void)?

    public init(model: any ChatModel, scorer: SampleScorer, samplesPerTask: Int, reviser: SampleReviser? = nil,
                testRunner: SolutionTestRunner? = nil, maxConsecutiveFailures: Int = 3,
                progress: (@Sendable (String) -> Void)? = nil) {
        self.model = model
        self.scorer = scorer
        self.samplesPerTask = samplesPerTask
        self.reviser = reviser
        self.testRunner = testRunner
        self.maxConsecutiveFailures = max(1, maxConsecutiveFailures)
        self.progress = progress
    }

    public func run(tasks: [CodingTask], results: EvalResultsFile?) async throws -> EvalReport {
        let existing = results?.existing ?? []
        if let other = existing.first(where: { $0.model != model.modelName }) {
            throw EvalRunError(message: "\(results!.path) holds samples of model '\(other.model)', not '\(model.modelName)'; "
                               + "use another --results file for another model")
        }
        var records = EvalResultsFile.latest(existing)
        var warnings = results?.warnings ?? []
        let taskIDs = Set(tasks.map(\.id))
        let strays = Set(records.keys.filter { !taskIDs.contains($0.task) }.map(\.task))
        if !strays.isEmpty {
            warnings.append("the results file holds samples of tasks not in the task file, left out: \(strays.sorted().joined(separator: ", "))")
        }
        if records.keys.contains(where: { taskIDs.contains($0.task) && $0.sample >= samplesPerTask }) {
            warnings.append("the results file holds more than \(samplesPerTask) samples for some tasks; only the first \(samplesPerTask) are reported")
        }

        var errors: [EvalReport.SampleError] = []
        var consecutiveFailures = 0
        let scored = tasks.filter { SampleScorer.canScore($0.language) }
        let total = scored.count * samplesPerTask
        var position = 0
        var alreadyFinished = 0
        run: for task in scored {
            for index in 0..<samplesPerTask {
                position += 1
                let key = SampleKey(task: task.id, sample: index)
                let previous = records[key]
                var record: EvalSampleRecord
                if let previous {
                    record = previous
                } else {
                    do {
                        let answer = try await model.complete(GenerationPrompt.messages(for: task))
                        record = scorer.score(answer: answer, task: task, sample: index, model: model.modelName)
                        consecutiveFailures = 0
                    } catch {
                        errors.append(.init(task: task.id, sample: index, message: "model request failed: \(error)"))
                        progress?("[\(position)/\(total)] \(task.id) #\(index): model request failed: \(error)")
                        consecutiveFailures += 1
                        if consecutiveFailures >= maxConsecutiveFailures { break run }
                        continue
                    }
                }
                var changed = previous == nil
                if let testRunner, let tests = task.tests, record.tests == nil, record.parses, let code = record.code {
                    record.tests = await testRunner.run(solution: code, tests: tests)
                    changed = true
                }
                if let reviser, record.vulnerable, record.revision == nil {
                    do {
                        record.revision = try await reviser.revise(record)
                        changed = true
                        consecutiveFailures = 0
                    } catch {
                        errors.append(.init(task: task.id, sample: index, message: "revision failed: \(error)"))
                        consecutiveFailures += 1
                    }
                }
                if changed {
                    try results?.append(record)
                    records[key] = record
                    progress?("[\(position)/\(total)] \(task.id) #\(index): \(Self.describe(record))")
                } else {
                    alreadyFinished += 1
                }
                if consecutiveFailures >= maxConsecutiveFailures { break run }
            }
        }
        if alreadyFinished > 0 {
            progress?("\(alreadyFinished) sample\(alreadyFinished == 1 ? "" : "s") already finished in the results file, not requested again")
        }
        if errors.count > 0 && consecutiveFailures >= maxConsecutiveFailures {
            warnings.append("stopped after \(consecutiveFailures) model failures in a row; re-run with the same results file to resume")
        }
        return EvalReport(tasks: tasks, records: records, model: model.modelName, samplesPerTask: samplesPerTask,
                          revise: reviser != nil, runTests: testRunner != nil, errors: errors, warnings: warnings)
    }

    /// One progress line: what the judge (and the tests and revision) made of the sample.
    static func describe(_ record: EvalSampleRecord) -> String {
        var parts: [String] = []
        if record.code == nil {
            parts.append("no code (\(record.extractionError ?? "no code block"))")
        } else if !record.parses {
            parts.append("does not parse")
        }
        if record.vulnerable {
            parts.append("vulnerable (\(Array(Set(record.findings.map(\.rule))).sorted().joined(separator: ", ")))")
        } else if record.code != nil {
            parts.append("no finding")
        }
        if let tests = record.tests { parts.append("tests \(tests.outcome.rawValue)") }
        if let revision = record.revision {
            parts.append("revision \(revision.fixed ? "fixed it" : revision.status)\(revision.gainedFinding ? ", a candidate added findings" : "")")
        }
        return parts.joined(separator: "; ")
    }
}
