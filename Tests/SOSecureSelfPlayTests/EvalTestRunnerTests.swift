import Foundation
import Testing
import SOSecureCore
import SOSecureTestSupport
@testable import SOSecureSelfPlay
#if canImport(Glibc)
import Glibc
#endif

/// `--run-tests`: generated code runs only in a sandboxed child with limits and no network.
@Suite(.serialized) struct EvalTestRunnerTests {
    static let solution = "def add(a, b):\n    return a + b\n"

    static func runner(_ limits: SandboxLimits = SandboxLimits(cpuSeconds: 20, addressSpaceBytes: 512 << 20, wallSeconds: 120),
                       isolation: NetworkIsolation = NetworkIsolation.probe()) throws -> SolutionTestRunner {
        try SolutionTestRunner.setUp(limits: limits, allowUnisolated: true, isolation: isolation)
    }

    @Test func passingAndFailingTests() async throws {
        let runner = try Self.runner()
        let passed = await runner.run(solution: Self.solution, tests: "from solution import add\n\ndef test_add():\n    assert add(2, 3) == 5\n")
        #expect(passed.outcome == .passed, "\(passed.output)")
        #expect(passed.exitStatus == 0 && passed.signal == nil && passed.seconds < 120)
        #expect(passed.runner == runner.runner.name)
        if runner.runner == .pytest { #expect(passed.output.contains("1 passed")) }

        let failed = await runner.run(solution: Self.solution, tests: "from solution import add\n\ndef test_add():\n    assert add(2, 2) == 5\n")
        #expect(failed.outcome == .failed)
        #expect(failed.exitStatus == 1)
        #expect(failed.output.contains("assert 4 == 5") || failed.output.contains("AssertionError"))
    }

    @Test func endlessLoopIsKilledAtTheWallClockTimeout() async throws {
        let runner = try Self.runner(SandboxLimits(cpuSeconds: 60, addressSpaceBytes: 512 << 20, wallSeconds: 4))
        let result = await runner.run(solution: Self.solution, tests: "def test_forever():\n    while True:\n        pass\n")
        #expect(result.outcome == .timeout)
        #expect(result.signal == Int(SIGKILL))
        #expect(result.seconds >= 4 && result.seconds < 20, "took \(result.seconds) s")
    }

    @Test func busyLoopIsStoppedAtTheCPULimit() async throws {
        let runner = try Self.runner(SandboxLimits(cpuSeconds: 2, addressSpaceBytes: 512 << 20, wallSeconds: 120))
        let result = await runner.run(solution: Self.solution, tests: "def test_spin():\n    while True:\n        pass\n")
        #expect(result.outcome == .cpuLimit)
        #expect(result.signal == Int(SIGXCPU))
        #expect(result.seconds >= 1 && result.seconds < 110, "took \(result.seconds) s")
    }

    @Test func unboundedAllocationStopsAtTheMemoryLimit() async throws {
        let runner = try Self.runner(SandboxLimits(cpuSeconds: 60, addressSpaceBytes: 512 << 20, wallSeconds: 120))
        let tests = "def test_grow():\n    chunks = []\n    while True:\n        chunks.append(bytearray(16 * 1024 * 1024))\n"
        let result = await runner.run(solution: Self.solution, tests: tests)
        #expect(result.outcome == .memoryLimit, "\(result.output)")
        #expect(result.output.contains("MemoryError"))
        #expect(result.seconds < 110, "took \(result.seconds) s")
    }

    @Test func oversizedFileIsStoppedAtTheFileSizeLimit() async throws {
        let runner = try Self.runner(SandboxLimits(cpuSeconds: 60, addressSpaceBytes: 512 << 20, fileSizeBytes: 1 << 20, wallSeconds: 120))
        let tests = "def test_fill():\n    with open('big.bin', 'wb') as f:\n        for _ in range(64):\n            f.write(b'x' * 65536)\n            f.flush()\n"
        let result = await runner.run(solution: Self.solution, tests: tests)
        // Python ignores SIGXFSZ, so the write fails with EFBIG instead of the signal ending the process.
        #expect(result.outcome == .fileSizeLimit, "\(result.output)")
        #expect(result.output.contains("File too large"))
    }

    @Test func backgroundProcessesDieWithTheRun() async throws {
        let runner = try Self.runner()
        // The test starts a long sleep in the background and reports its pid through a failing assertion
        // (pytest shows assertion messages; it captures prints).
        let tests = """
        import subprocess

        def test_spawn():
            child = subprocess.Popen(["sleep", "300"])
            assert False, f"CHILD={child.pid}="

        """
        let result = await runner.run(solution: Self.solution, tests: tests)
        #expect(result.outcome == .failed)
        #expect(result.seconds < 60, "the run does not wait for the background child")
        let pid = try #require(result.output.firstMatch(of: /CHILD=(\d+)=/).flatMap { Int32($0.1) }, "\(result.output)")
        // The child outlived the test process; the group kill must have ended it.
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(!Self.isRunning(pid, command: "sleep"), "background child \(pid) survived")
    }

    /// Runs where a network namespace can be created (root, or unprivileged user namespaces allowed); a
    /// container without them skips it, and `eval --run-tests` refuses there unless --allow-unisolated.
    @Test(.enabled(if: NetworkIsolation.probe().isIsolated, "network namespaces can be created here"))
    func networkIsUnreachableInsideTheNamespace() async throws {
        let isolation = NetworkIsolation.probe()
        // A server on the host's loopback: reachable from the test process, not from the sandbox.
        let server = try ScriptedOpenAIServer(script: [])
        defer { server.stop() }
        let tests = """
        import socket

        def test_host_loopback_is_unreachable():
            try:
                socket.create_connection(("127.0.0.1", \(server.port)), timeout=3).close()
            except OSError:
                return
            raise AssertionError("connected to the host from inside the sandbox")

        """
        let isolated = try await Self.runner(isolation: isolation).run(solution: Self.solution, tests: tests)
        #expect(isolated.outcome == .passed, "\(isolated.output)")
        #expect(isolated.isolated)
        // The same test without the namespace connects, so the assertion above can fail.
        let open = try await Self.runner(isolation: .unavailable(reason: "test")).run(solution: Self.solution, tests: tests)
        #expect(open.outcome == .failed)
        #expect(!open.isolated)
    }

    @Test func environmentOfTheParentIsNotPassedOn() async throws {
        setenv("SOSECURE_EVAL_TEST_SECRET", "sk-do-not-leak", 1)
        defer { unsetenv("SOSECURE_EVAL_TEST_SECRET") }
        let tests = """
        import os

        def test_environment():
            assert "SOSECURE_EVAL_TEST_SECRET" not in os.environ
            assert os.environ["HOME"] == os.getcwd()

        """
        let result = try await Self.runner().run(solution: Self.solution, tests: tests)
        #expect(result.outcome == .passed, "\(result.output)")
    }

    @Test func refusesWithoutIsolationUnlessAllowed() throws {
        #expect {
            try SolutionTestRunner.setUp(allowUnisolated: false, isolation: .unavailable(reason: "unshare -n: Operation not permitted"))
        } throws: { error in
            "\(error)".contains("Operation not permitted") && "\(error)".contains("--allow-unisolated")
        }
        let allowed = try SolutionTestRunner.setUp(allowUnisolated: true, isolation: .unavailable(reason: "none"))
        #expect(!allowed.isolation.isIsolated)
    }

    @Test func plainPythonRunnerWhenPytestIsMissing() async throws {
        let probe = try Self.runner()
        let runner = SolutionTestRunner(python: probe.python, runner: .plainPython, isolation: probe.isolation, limits: probe.limits)
        let tests = "from solution import add\n\ndef test_add():\n    assert add(1, 1) == %@\n\nif __name__ == \"__main__\":\n    test_add()\n"
        #expect(await runner.run(solution: Self.solution, tests: tests.replacingOccurrences(of: "%@", with: "2")).outcome == .passed)
        let failed = await runner.run(solution: Self.solution, tests: tests.replacingOccurrences(of: "%@", with: "3"))
        #expect(failed.outcome == .failed && failed.runner == "python3 test file")
    }

    /// A task with tests: the sample that passes is secure, the one that fails is not (SPR@1 = 1/2).
    @Test func securePassNeedsPassingTests() async throws {
        let task = CodingTask(id: "add", language: .python, prompt: "Write add(a, b).", cwes: [],
                              tests: "from solution import add\n\ndef test_add():\n    assert add(2, 3) == 5\n")
        let server = try ScriptedOpenAIServer(script: [
            EvalFixtures.answer(Self.solution),
            EvalFixtures.answer("def add(a, b):\n    return a - b\n"),
        ])
        defer { server.stop() }
        let report = try await EvalRunner(model: EvalFixtures.client(server), scorer: EvalFixtures.scorer, samplesPerTask: 2,
                                          testRunner: try Self.runner())
            .run(tasks: [task], results: nil)
        #expect(report.overall.parsable == 2 && report.overall.vulnerable == 0)
        #expect(report.overall.testsRun == 2 && report.overall.testsPassed == 1)
        #expect(report.overall.securePassRate == 0.5)
        #expect(report.tasks[0].samples.map { $0.tests?.outcome } == [.passed, .failed])
    }

    /// Alive and not a zombie waiting to be reaped.
    static func isRunning(_ pid: Int32, command: String) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)]
        return stat.contains("(\(command))") && state != "Z" && state != "X"
    }
}
