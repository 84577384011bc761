import Foundation

/// The test runner could not be set up (no Python, no isolation where isolation is required).
public struct TestRunnerSetupError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Runs a Python task's tests against a sample: `solution.py` and `test_solution.py` in a fresh temporary
/// folder, `python3 -m pytest -q` (or `python3 test_solution.py` when pytest is missing) in a sandboxed
/// child, and the outcome read from its exit status, signal and output. The folder is removed afterwards.
public struct SolutionTestRunner: Sendable {
    public enum Runner: Sendable, Equatable {
        case pytest
        case plainPython

        public var name: String { self == .pytest ? "pytest" : "python3 test file" }
    }

    /// The interpreter's real path (`sys.executable`), so no shim runs inside the sandbox.
    public let python: String
    public let runner: Runner
    public let isolation: NetworkIsolation
    public let limits: SandboxLimits

    public init(python: String, runner: Runner, isolation: NetworkIsolation, limits: SandboxLimits) {
        self.python = python
        self.runner = runner
        self.isolation = isolation
        self.limits = limits
    }

    /// Finds `python3`, asks it for its real path and whether pytest imports, and probes network isolation.
    /// Without isolation it refuses unless `allowUnisolated`.
    public static func setUp(limits: SandboxLimits = SandboxLimits(), allowUnisolated: Bool,
                             isolation: NetworkIsolation = NetworkIsolation.probe()) throws -> SolutionTestRunner {
        guard let launcher = ExecutableLookup.find("python3") else {
            throw TestRunnerSetupError(message: "--run-tests needs python3 on PATH")
        }
        let probe = ExecutableLookup.run([launcher, "-c", "import sys; print(sys.executable)"])
        let python = probe.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard probe.status == 0, python.hasPrefix("/") else {
            throw TestRunnerSetupError(message: "--run-tests: \(launcher) did not start (\(probe.output.trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
        if !isolation.isIsolated && !allowUnisolated {
            throw TestRunnerSetupError(message: """
            --run-tests runs generated code and needs a network namespace to cut it off from the network, \
            which cannot be created here (\(isolation)). Pass --allow-unisolated to run the tests anyway, \
            with CPU, memory, file-size and time limits but with network access.
            """)
        }
        let hasPytest = ExecutableLookup.run([python, "-c", "import pytest"]).status == 0
        return SolutionTestRunner(python: python, runner: hasPytest ? .pytest : .plainPython, isolation: isolation, limits: limits)
    }

    public var summary: String {
        "tests run with \(runner.name) (\(python)); \(isolation); limits: \(limits.cpuSeconds) s CPU, "
            + "\(limits.addressSpaceBytes >> 20) MiB address space, \(limits.fileSizeBytes >> 20) MiB files, \(Int(limits.wallSeconds)) s wall clock"
    }

    public func run(solution: String, tests: String) async -> TestRunRecord {
        let fileManager = FileManager.default
        let root = fileManager.temporaryDirectory.appendingPathComponent("sosecure-eval-\(UUID().uuidString)")
        let work = root.appendingPathComponent("work")
        defer { try? fileManager.removeItem(at: root) }
        do {
            try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
            try Data(solution.utf8).write(to: work.appendingPathComponent("solution.py"))
            try Data(tests.utf8).write(to: work.appendingPathComponent("test_solution.py"))
        } catch {
            return TestRunRecord(outcome: .failed, runner: runner.name, isolated: isolation.isIsolated, exitStatus: nil, signal: nil,
                                 seconds: 0, output: "could not write the test folder: \(error.localizedDescription)")
        }
        let command = runner == .pytest
            ? [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_solution.py"]
            : [python, "test_solution.py"]
        let pythonFolder = (python as NSString).deletingLastPathComponent
        // Nothing of the parent's environment (API keys!) reaches the code under test.
        let environment = [
            "PATH": "\(pythonFolder):/usr/bin:/bin", "HOME": work.path, "TMPDIR": work.path, "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
        ]
        let result = await SandboxedProcess.run(command, directory: work.path, limits: limits, isolation: isolation,
                                                environment: environment, outputPath: root.appendingPathComponent("output.txt").path)
        return TestRunRecord(outcome: Self.outcome(result), runner: runner.name, isolated: isolation.isIsolated,
                             exitStatus: result.exitStatus, signal: result.signal, seconds: (result.seconds * 1000).rounded() / 1000,
                             output: result.output)
    }

    static func outcome(_ result: SandboxResult) -> TestOutcome {
        if result.timedOut { return .timeout }
        if let signal = result.signal {
            switch Int32(signal) {
            case SIGXCPU: return .cpuLimit
            case SIGXFSZ: return .fileSizeLimit
            default: return .crashed
            }
        }
        if result.exitStatus == 0 { return .passed }
        // Under RLIMIT_AS allocation fails inside Python, which reports it as MemoryError; Python ignores
        // SIGXFSZ, so a write past RLIMIT_FSIZE fails with EFBIG ("File too large") instead of a signal.
        if result.output.contains("MemoryError") { return .memoryLimit }
        if result.output.contains("[Errno 27] File too large") { return .fileSizeLimit }
        return .failed
    }
}
