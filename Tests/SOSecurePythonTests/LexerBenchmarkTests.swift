import Foundation
import SOSecureCore
import SOSecurePython
import Testing

/// Lexer throughput over the Python standard library. Off by default; run in release mode:
/// `SOSECURE_LEXER_BENCH=1 swift test -c release --filter LexerBenchmarkTests`
/// (`SOSECURE_LEXER_BENCH_DIR` picks another directory of .py files).
@Suite struct LexerBenchmarkTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SOSECURE_LEXER_BENCH"] == "1"))
    func throughputOnStandardLibrary() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let root = environment["SOSECURE_LEXER_BENCH_DIR"] ?? LexerDifferentialTests.findPython()?.stdlib else {
            print("LexerBenchmarkTests: skipped, no python3 to locate the standard library")
            return
        }
        let files = try LexerDifferentialTests.standardLibraryFiles(root).map { try SourceFile.read(path: $0) }
        let totalBytes = files.reduce(0) { $0 + $1.bytes.count }
        var best = Double.infinity
        var bestCPU = Double.infinity
        var tokenCount = 0
        var allEnded = true
        for _ in 0..<5 {
            let clock = ContinuousClock()
            let cpuStart = Self.processCPUSeconds()
            var tokens = 0
            let elapsed = clock.measure {
                for file in files {
                    let result = PythonLexer.tokenize(file)
                    tokens += result.tokens.count
                    allEnded = allEnded && result.tokens.last?.kind == .endOfFile
                }
            }
            bestCPU = min(bestCPU, Self.processCPUSeconds() - cpuStart)
            tokenCount = tokens
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let megabytes = Double(totalBytes) / 1_000_000
        // CPU time as well as wall time: on a shared machine the wall clock mostly measures the neighbours.
        print(String(format: "LexerBenchmarkTests: %d files, %.1f MB, %d tokens, best of 5: %.3f s wall = %.0f MB/s, %.3f s CPU = %.0f MB/s",
                     files.count, megabytes, tokenCount, best, megabytes / best, bestCPU, megabytes / bestCPU))
        #expect(allEnded)
        #expect(tokenCount > files.count)
    }

    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
