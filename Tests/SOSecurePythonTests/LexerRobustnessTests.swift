import SOSecureCore
import SOSecurePython
import Testing

/// Hostile inputs: the lexer must end every one with `.endOfFile`, without crashing or slowing to a crawl.
/// Sizes are smaller than the release-mode checks in the report because tests run in debug builds; a
/// quadratic pass would still take minutes here.
@Suite struct LexerRobustnessTests {
    typealias L = LexerTestSupport

    static func timed(_ bytes: [UInt8]) -> (LexResult, Duration) {
        let clock = ContinuousClock()
        var result: LexResult?
        let elapsed = clock.measure { result = PythonLexer.tokenize(SourceFile(path: "big.py", bytes: bytes)) }
        return (result!, elapsed)
    }

    @Test func longSingleLine() {
        var source = "x = ["
        for index in 0..<150_000 { source += "\(index), " }
        source += "]"
        let (result, elapsed) = Self.timed(Array(source.utf8))
        #expect(result.errors.isEmpty)
        #expect(result.tokens.count == 2 * 150_000 + 6)
        #expect(elapsed < .seconds(10))
    }

    @Test func deeplyNestedBrackets() {
        let source = "x = " + String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000) + "\n"
        let (result, elapsed) = Self.timed(Array(source.utf8))
        #expect(result.errors.map(\.message) == ["too many nested parentheses"])
        #expect(result.tokens.last?.kind == .endOfFile)
        #expect(elapsed < .seconds(10))
        let (unclosed, _) = Self.timed(Array(("x = " + String(repeating: "[", count: 100_000)).utf8))
        #expect(unclosed.errors.map(\.message) == ["too many nested parentheses", "'[' was never closed"])
    }

    @Test func unterminatedTripleQuotedStringAtStartOfLargeFile() {
        let source = "x = \"\"\"\n" + String(repeating: "y = 'abc' + f\"{z}\"\n", count: 20_000)
        let (result, elapsed) = Self.timed(Array(source.utf8))
        #expect(result.errors.map(\.description) == ["1:5: unterminated triple-quoted string literal (detected at line 20001)"])
        #expect(result.tokens.count == 5)
        #expect(elapsed < .seconds(10))
    }

    @Test func binaryInput() {
        var generator = SystemRandomNumberGenerator()
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]
        let random = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let (result, elapsed) = Self.timed(png + random)
        #expect(result.tokens.last?.kind == .endOfFile)
        #expect(result.errors.contains { $0.message == "source code cannot contain null bytes" })
        #expect(result.errors.count <= 1001)
        #expect(elapsed < .seconds(10))
        for token in result.tokens { #expect(token.range.end <= result.text.count) }
    }

    @Test func everyPrefixOfATrickyFileEndsCleanly() {
        // Cutting a file at every byte exercises every "input ends here" path.
        let source = "if x:\n\tf(f'''{a!r:>{w}}''', \"b\\\"\", r'\\'', 0x_1f, 1e-3j)\n  # c\nelse:\n    y = [1,\\\n2]\n"
        let bytes = Array(source.utf8)
        for cut in 0...bytes.count {
            let result = L.lex(bytes: Array(bytes[0..<cut]))
            #expect(result.tokens.last?.kind == .endOfFile, "cut at \(cut)")
            var previousEnd = 0
            for token in result.tokens {
                #expect(token.range.start >= previousEnd, "overlap at cut \(cut)")
                previousEnd = token.range.end
            }
        }
    }

    @Test func errorRangesStayInsideTheText() {
        for source in ["1_", "0x", "1e+", "x = 1 \\", "'abc", "f'{", "(", "\"\"\"", "0b1_"] {
            let result = L.lex(source)
            #expect(!result.errors.isEmpty, "\(source)")
            for error in result.errors { #expect(error.range.end <= result.text.count, "\(source): \(error)") }
        }
    }

    @Test func tokensNeverOverlapAndCoverOnlyText() {
        let source = "def f(a, *, b=1) -> int:\n    return f\"{a}{b!r}\" + 'x' # done\n"
        let result = L.lex(source)
        var previousEnd = 0
        for token in result.tokens {
            #expect(token.range.start >= previousEnd)
            #expect(token.range.end <= result.text.count)
            previousEnd = token.range.end
        }
    }
}
