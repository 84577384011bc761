import SOSecureCore

/// Everything `eval` reports: the figures per task, per CWE, per language and overall, built only from
/// sample records (so a resumed run reports exactly what a single run would have).
public struct EvalReport: Sendable, Codable {
    public static let formatVersion = 1

    public struct TaskSummary: Sendable, Codable {
        public var id: String
        public var language: Language
        public var cwe: [Int]
        public var tally: EvalTally
        /// The task's samples in index order.
        public var samples: [EvalSampleRecord]
    }

    public struct CWESummary: Sendable, Codable {
        /// Nil for the group of tasks that name no CWE.
        public var cwe: Int?
        public var name: String
        /// Samples of the tasks that name this CWE.
        public var tally: EvalTally
        /// Samples (of any task) with a finding of this CWE.
        public var found: Int
    }

    public struct LanguageSummary: Sendable, Codable {
        public var language: Language
        public var tasks: Int
        public var tally: EvalTally
    }

    public struct NotScored: Sendable, Codable, Equatable {
        public var task: String
        public var language: Language
        public var reason: String
    }

    public struct SampleError: Sendable, Codable, Equatable {
        public var task: String
        public var sample: Int
        public var message: String
    }

    public var version = EvalReport.formatVersion
    public var model: String
    public var samplesPerTask: Int
    public var revise: Bool
    public var runTests: Bool
    public var overall: EvalTally
    public var tasks: [TaskSummary]
    public var cwes: [CWESummary]
    public var languages: [LanguageSummary]
    public var notScored: [NotScored]
    /// Samples not finished in this run (model failures); a re-run with the same results file retries them.
    public var errors: [SampleError]
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case version, model, revise, overall, tasks, cwes, languages, errors, warnings
        case samplesPerTask = "samples_per_task"
        case runTests = "run_tests"
        case notScored = "not_scored"
    }

    /// Builds the report from the latest record of every (task, sample < samplesPerTask) of the scored tasks.
    public init(tasks: [CodingTask], records: [SampleKey: EvalSampleRecord], model: String, samplesPerTask: Int,
                revise: Bool, runTests: Bool, errors: [SampleError] = [], warnings: [String] = []) {
        self.model = model
        self.samplesPerTask = samplesPerTask
        self.revise = revise
        self.runTests = runTests
        self.errors = errors
        self.warnings = warnings
        var overall = EvalTally()
        var taskSummaries: [TaskSummary] = []
        var byCWE: [Int?: EvalTally] = [:]
        var found: [Int: Int] = [:]
        var byLanguage: [Language: (tasks: Int, tally: EvalTally)] = [:]
        var notScored: [NotScored] = []
        for task in tasks {
            if let reason = SampleScorer.notScoredReason(task.language) {
                notScored.append(NotScored(task: task.id, language: task.language, reason: reason))
                continue
            }
            let samples = (0..<samplesPerTask).compactMap { records[SampleKey(task: task.id, sample: $0)] }
            var tally = EvalTally()
            for sample in samples {
                tally.add(sample)
                for cwe in Set(sample.findings.flatMap(\.cwe)) { found[cwe, default: 0] += 1 }
            }
            overall = overall.merged(tally)
            let groups: [Int?] = task.cwes.isEmpty ? [nil] : Array(Set(task.cwes)).sorted()
            for group in groups { byCWE[group, default: EvalTally()] = byCWE[group, default: EvalTally()].merged(tally) }
            var language = byLanguage[task.language] ?? (0, EvalTally())
            language.tasks += 1
            language.tally = language.tally.merged(tally)
            byLanguage[task.language] = language
            taskSummaries.append(TaskSummary(id: task.id, language: task.language, cwe: task.cwes, tally: tally, samples: samples))
        }
        self.overall = overall
        self.tasks = taskSummaries
        // Every CWE a task names or a finding carries; tasks naming none last.
        let cweIDs = Set(byCWE.keys.compactMap { $0 }).union(found.keys).sorted()
        var cwes = cweIDs.map { id in
            CWESummary(cwe: id, name: CWE(id: id).name, tally: byCWE[id] ?? EvalTally(), found: found[id] ?? 0)
        }
        if let untagged = byCWE[nil] {
            cwes.append(CWESummary(cwe: nil, name: "tasks that name no CWE", tally: untagged, found: 0))
        }
        self.cwes = cwes
        self.languages = byLanguage.keys.sorted { $0.rawValue < $1.rawValue }.map {
            LanguageSummary(language: $0, tasks: byLanguage[$0]!.tasks, tally: byLanguage[$0]!.tally)
        }
        self.notScored = notScored
    }

    /// "CWE-89" or "no CWE".
    public static func label(_ cwe: Int?) -> String { cwe.map { "CWE-\($0)" } ?? "no CWE" }
}

extension EvalTally {
    func merged(_ other: EvalTally) -> EvalTally {
        var sum = self
        sum.samples += other.samples
        sum.parsable += other.parsable
        sum.vulnerable += other.vulnerable
        sum.secure += other.secure
        sum.testsRun += other.testsRun
        sum.testsPassed += other.testsPassed
        sum.revised += other.revised
        sum.fixed += other.fixed
        sum.introduced += other.introduced
        return sum
    }
}
