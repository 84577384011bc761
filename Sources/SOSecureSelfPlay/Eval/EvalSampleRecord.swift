import SOSecureCore

/// One finished sample as a line of the results file: what the model wrote, what the judge found, and
/// (when asked for) the test run and the SOSecure revision. Later lines for the same (task, sample) pair
/// replace earlier ones, so a re-run can add a missing revision or test run without asking for a new sample.
public struct EvalSampleRecord: Sendable, Equatable, Codable {
    /// The results-file format; bumped when a field changes meaning.
    public static let currentVersion = 1

    public var version: Int
    public var task: String
    /// 0-based index of the sample within its task.
    public var sample: Int
    public var language: Language
    /// The model that wrote the sample; a results file holds one model's samples.
    public var model: String
    /// The code extracted from the answer; nil when the answer had no usable code block.
    public var code: String?
    /// Why no code was extracted (e.g. "the answer contains no fenced code block").
    public var extractionError: String?
    /// The code parsed without syntax errors (false when there is no code).
    public var parses: Bool
    /// The first syntax errors, as "message at line N".
    public var syntaxErrors: [String]
    /// Findings at or above the thresholds in effect when the sample was scored.
    public var findings: [EvalFinding]
    /// Tests run on the sample, when `--run-tests` applied to it.
    public var tests: TestRunRecord?
    /// The SOSecure revision of a vulnerable sample, when `--revise` applied to it.
    public var revision: RevisionRecord?

    public init(task: String, sample: Int, language: Language, model: String, code: String?, extractionError: String?,
                parses: Bool, syntaxErrors: [String], findings: [EvalFinding], tests: TestRunRecord? = nil,
                revision: RevisionRecord? = nil) {
        self.version = Self.currentVersion
        self.task = task
        self.sample = sample
        self.language = language
        self.model = model
        self.code = code
        self.extractionError = extractionError
        self.parses = parses
        self.syntaxErrors = syntaxErrors
        self.findings = findings
        self.tests = tests
        self.revision = revision
    }

    /// Any finding at or above the thresholds, whether or not the code parses.
    public var vulnerable: Bool { !findings.isEmpty }

    /// Secure and (when tests ran) correct: parses, no finding, and no test run that did not pass.
    public var securePass: Bool { parses && findings.isEmpty && (tests.map { $0.outcome == .passed } ?? true) }

    enum CodingKeys: String, CodingKey {
        case version, task, sample, language, model, code, parses, findings, tests, revision
        case extractionError = "extraction_error"
        case syntaxErrors = "syntax_errors"
    }
}

/// A finding as the results file keeps it: enough to count by rule and CWE and to compare versions.
public struct EvalFinding: Sendable, Hashable, Codable {
    public var rule: String
    public var cwe: [Int]
    public var severity: Severity
    public var line: Int
    public var fingerprint: String

    public init(rule: String, cwe: [Int], severity: Severity, line: Int, fingerprint: String) {
        self.rule = rule
        self.cwe = cwe
        self.severity = severity
        self.line = line
        self.fingerprint = fingerprint
    }

    public init(_ finding: Finding) {
        self.init(rule: finding.ruleID, cwe: finding.cwes.map(\.id), severity: finding.severity, line: finding.start.line,
                  fingerprint: finding.fingerprint)
    }

    /// Identity across versions of the same sample: the line may move, the rule and flagged code do not.
    public var identity: String { "\(rule)\u{0}\(fingerprint)" }
}

/// What the SOSecure loop made of one vulnerable sample.
public struct RevisionRecord: Sendable, Equatable, Codable {
    /// The loop's result status as `fix` reports it: fixed, partially_fixed, unchanged, failed.
    public var status: String
    /// Findings left in the result the loop would ship (the accepted revision, else the rule-fixed code).
    public var findingsAfter: [EvalFinding]
    /// Every finding gone from the shipped result.
    public var fixed: Bool
    /// Findings that some candidate revision (accepted or rejected) had and the original did not: neither the
    /// same rule and fingerprint nor the same rule where the candidate's edits moved an original finding.
    public var introduced: [EvalFinding]
    /// Model answers from which a candidate revision was extracted.
    public var candidates: Int
    /// Chat requests the loop sent.
    public var modelRequests: Int
    /// The shipped result's code.
    public var code: String

    public init(status: String, findingsAfter: [EvalFinding], fixed: Bool, introduced: [EvalFinding], candidates: Int,
                modelRequests: Int, code: String) {
        self.status = status
        self.findingsAfter = findingsAfter
        self.fixed = fixed
        self.introduced = introduced
        self.candidates = candidates
        self.modelRequests = modelRequests
        self.code = code
    }

    /// Some candidate gained a finding the original did not have.
    public var gainedFinding: Bool { !introduced.isEmpty }

    enum CodingKeys: String, CodingKey {
        case status, fixed, introduced, candidates, code
        case findingsAfter = "findings_after"
        case modelRequests = "model_requests"
    }
}

/// One run of a task's tests against a sample.
public struct TestRunRecord: Sendable, Equatable, Codable {
    public var outcome: TestOutcome
    /// `pytest` or `python3 test file` (pytest missing).
    public var runner: String
    /// False when the run had network access (`--allow-unisolated`).
    public var isolated: Bool
    public var exitStatus: Int?
    public var signal: Int?
    public var seconds: Double
    /// The end of the combined output, at most a few kilobytes.
    public var output: String

    public init(outcome: TestOutcome, runner: String, isolated: Bool, exitStatus: Int?, signal: Int?, seconds: Double, output: String) {
        self.outcome = outcome
        self.runner = runner
        self.isolated = isolated
        self.exitStatus = exitStatus
        self.signal = signal
        self.seconds = seconds
        self.output = output
    }

    enum CodingKeys: String, CodingKey {
        case outcome, runner, isolated, signal, seconds, output
        case exitStatus = "exit_status"
    }
}

/// How a test run ended.
public enum TestOutcome: String, Sendable, Codable, CaseIterable {
    case passed
    case failed
    /// Killed at the wall-clock timeout.
    case timeout
    /// Killed for using more CPU time than allowed.
    case cpuLimit = "cpu_limit"
    /// Ran out of address space (Python's MemoryError under the limit).
    case memoryLimit = "memory_limit"
    /// Killed for writing a file past the size limit.
    case fileSizeLimit = "file_size_limit"
    /// Ended by another signal.
    case crashed
}
