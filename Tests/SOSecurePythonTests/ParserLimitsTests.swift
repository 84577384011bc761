import Foundation
import SOSecureTestSupport
import Testing
import SOSecureCore
import SOSecurePython

/// Hostile input: deep nesting, huge lines, binary data. Each must give a clear
/// error with a location (or parse), quickly, without overflowing the stack.
@Suite("Parser limits", .serialized)
struct ParserLimitsTests {
    /// The issue asks for under a second in release builds; debug builds are several
    /// times slower, so the bound here only catches pathological (quadratic) behaviour.
    #if DEBUG
    static let timeLimit = 10.0
    #else
    static let timeLimit = 1.0
    #endif

    static func timed(_ bytes: [UInt8]) -> (ParseResult, Double) {
        let clock = ContinuousClock()
        var result: ParseResult?
        let elapsed = clock.measure {
            result = PythonParser.parse(SourceFile(path: "big.py", bytes: bytes))
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (result ?? PythonParser.parse(""), seconds)
    }

    @Test("100,000 nested parentheses: 'too many nested parentheses' at the 201st")
    func deepParentheses() {
        let source = String(repeating: "(", count: 100_000) + "x" + String(repeating: ")", count: 100_000) + "\n"
        let (result, seconds) = Self.timed(Array(source.utf8))
        #expect(result.errors.contains { $0.message == "too many nested parentheses" && $0.location == SourceLocation(line: 1, column: 201, utf16Column: 201) },
                "\(result.errors.prefix(3))")
        #expect(seconds < Self.timeLimit)
    }

    @Test("200 nested brackets are still accepted, as in CPython")
    func nestingAtTheLimit() {
        let source = "x = " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n"
        #expect(ParserFixtures.parse(source).errors.isEmpty)
    }

    @Test("deep unary, not, lambda, conditional, attribute and operator chains report 'too complex'",
          arguments: [
              String(repeating: "-", count: 50_000) + "x",
              String(repeating: "not ", count: 50_000) + "x",
              String(repeating: "lambda: ", count: 50_000) + "x",
              String(repeating: "x if y else ", count: 50_000) + "x",
              "x" + String(repeating: ".a", count: 50_000),
              "x" + String(repeating: "[0]", count: 50_000),
              "x" + String(repeating: "()", count: 50_000),
              Array(repeating: "x", count: 50_000).joined(separator: " + "),
              Array(repeating: "x", count: 50_000).joined(separator: " ** "),
          ])
    func tooComplex(source: String) {
        let (result, seconds) = Self.timed(Array(("y = " + source + "\n").utf8))
        #expect(result.errors.contains { $0.message == "too complex" }, "\(result.errors.prefix(3))")
        #expect(seconds < Self.timeLimit)
    }

    @Test("a chain of 20,000 elif clauses (nested If nodes) reports 'too complex'")
    func longElifChain() {
        let source = "if x:\n" + String(repeating: "    pass\nelif x:\n", count: 20_000) + "    pass\n"
        let (result, seconds) = Self.timed(Array(source.utf8))
        #expect(result.errors.contains { $0.message == "too complex" }, "\(result.errors.prefix(3))")
        #expect(seconds < Self.timeLimit)
    }

    @Test("moderately deep code (CPython accepts it) still parses")
    func moderateDepth() {
        let source = "y = " + String(repeating: "-", count: 1_000) + "x\n"
            + "z = " + Array(repeating: "a", count: 2_000).joined(separator: " + ") + "\n"
        #expect(ParserFixtures.parse(source).errors.isEmpty)
    }

    @Test("a 10 MB single line parses without errors")
    func tenMegabyteLine() {
        var bytes = Array("x = [1".utf8)
        bytes.reserveCapacity(10_000_010)
        while bytes.count < 10_000_000 {
            bytes.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "1")])
        }
        bytes.append(contentsOf: Array("]\n".utf8))
        let (result, seconds) = Self.timed(bytes)
        #expect(result.errors.isEmpty)
        #expect(result.module.body.count == 1)
        #expect(seconds < Self.timeLimit * 3)
    }

    @Test("an unterminated triple-quoted string at the start of a 1 MB file is reported at its start")
    func unterminatedTripleQuote() {
        var source = "s = \"\"\"never closed\n"
        while source.utf8.count < 1_000_000 {
            source += "def f(x):\n    return x + 1\n"
        }
        let (result, seconds) = Self.timed(Array(source.utf8))
        #expect(result.errors.first?.location.line == 1)
        #expect(result.errors.first?.message.contains("unterminated triple-quoted string") == true, "\(result.errors.prefix(2))")
        #expect(seconds < Self.timeLimit)
    }

    @Test("a binary file is rejected with located errors, without a crash")
    func binaryFile() {
        var generator = SeededGenerator(seed: 0x5050_4152_5345)
        let bytes = (0..<200_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let (result, seconds) = Self.timed(bytes)
        #expect(!result.errors.isEmpty)
        #expect(result.errors.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
        #expect(seconds < Self.timeLimit)
    }

    @Test("invalid UTF-8 is an error with a position")
    func invalidUTF8() {
        let bytes = Array("x = 'a".utf8) + [0xFF, 0xFE] + Array("'\ny = 1\n".utf8)
        let result = PythonParser.parse(SourceFile(path: "bad.py", bytes: bytes))
        #expect(result.errors.first?.location.line == 1)
    }

    @Test("every prefix of a file parses without a crash or an internal error")
    func everyPrefix() throws {
        let source = try Array(String(contentsOf: ParserFixtures.directory.appendingPathComponent("valid/match.py"), encoding: .utf8).utf8)
        for cut in stride(from: 0, through: source.count, by: 7) {
            let result = PythonParser.parse(SourceFile(path: "cut.py", bytes: Array(source[0..<cut])))
            #expect(!result.errors.contains { $0.message.contains("internal error") }, "cut at \(cut)")
        }
    }
}
