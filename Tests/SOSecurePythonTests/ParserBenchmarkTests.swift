import Foundation
import SOSecureCore
import SOSecurePython
import Testing

/// Lexer + parser throughput over the Python standard library, single thread.
/// Off by default; run in release mode:
/// `SOSECURE_PARSER_BENCH=1 swift test -c release --filter ParserBenchmarkTests`
/// (`SOSECURE_PARSER_BENCH_DIR` picks another directory of .py files).
@Suite struct ParserBenchmarkTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SOSECURE_PARSER_BENCH"] == "1"))
    func throughputOnStandardLibrary() throws {
        let environment = ProcessInfo.processInfo.environment
        var paths = try CPythonReference.standardLibraryFiles()
        if let directory = environment["SOSECURE_PARSER_BENCH_DIR"] {
            let enumerator = FileManager.default.enumerator(atPath: directory)
            paths = []
            while let relative = enumerator?.nextObject() as? String {
                if relative.hasSuffix(".py") { paths.append(directory + "/" + relative) }
            }
        }
        let files = try paths.map { try SourceFile.read(path: $0) }
        let totalBytes = files.reduce(0) { $0 + $1.bytes.count }
        let totalLines = files.reduce(0) { $0 + $1.lineIndex.lineCount }
        // Parse all files on one large-stack thread so thread start-up is not measured.
        let (best, statements) = LargeStackThread.run { () -> (Double, Int) in
            var best = Double.infinity
            var statements = 0
            for _ in 0..<5 {
                var count = 0
                let elapsed = ContinuousClock().measure {
                    for file in files {
                        count += PythonParser.parseOnCurrentThread(file).module.body.count
                    }
                }
                statements = count
                best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            return (best, statements)
        }
        let megabytes = Double(totalBytes) / 1_000_000
        print(String(format: "ParserBenchmarkTests: %d files, %.1f MB, %d lines, best of 5: %.3f s = %.1f MB/s, %.0f lines/s",
                     files.count, megabytes, totalLines, best, megabytes / best, Double(totalLines) / best))
        #expect(statements > files.count)
    }
}
