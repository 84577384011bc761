import SOSecureCore
import Testing
@testable import SOSecurePython

/// Hostile and broken files end in clear, located errors — never a crash or a hang.
/// Timings are printed by Benchmarks/parse-badinput.sh, not asserted here.
@Suite struct BadInputTests {
    private func parse(_ bytes: [UInt8], _ name: String) -> ParseResult {
        PythonParser.parse(SourceFile(path: name, bytes: bytes))
    }

    /// Every error can be shown with a code frame, and the frame stays short.
    private func expectRenderableErrors(_ result: ParseResult) {
        for error in result.errors.prefix(50) {
            #expect(error.location.line >= 1 && error.location.column >= 1)
            #expect(!error.message.isEmpty)
            let frame = CodeFrame().render(bytes: result.text, lineIndex: result.lineIndex, range: error.range)
            #expect(frame.contains("^"))
            #expect(frame.utf8.count < 4_000)
        }
    }

    @Test func binaryFileReportsNullBytesWithLocations() {
        let result = parse(BadInputCorpus.binary, "binary.py")
        #expect(!result.errors.isEmpty)
        #expect(result.errors.first?.location.line == 1)
        #expect(result.errors.contains { $0.message.contains("null bytes") })
        expectRenderableErrors(result)
        let report = ASTSyntaxErrorReport.render(result.errors, path: "binary.py", text: result.text, lineIndex: result.lineIndex, color: false)
        #expect(report.hasPrefix("\nbinary.py:1:"))
    }

    @Test func invalidUTF8IsAnErrorAtTheBadByte() throws {
        let result = parse(BadInputCorpus.invalidUTF8, "latin1.py")
        let first = try #require(result.errors.first)
        #expect(first.location.line == 2)
        #expect(first.location.column == 9)
        #expect(first.message.lowercased().contains("utf-8"))
        // The statement before the bad line still parses.
        #expect(result.module.body.first.map { ASTNodeRef.stmt($0).kindName } == "Assign")
        expectRenderableErrors(result)
    }

    @Test func tenMegabyteLineReportsTheMismatchAtItsEnd() throws {
        let bytes = BadInputCorpus.longLine
        let result = parse(bytes, "long_line.py")
        let first = try #require(result.errors.first)
        let closing = try #require(bytes.lastIndex(of: UInt8(ascii: ")")))
        #expect(first.location.line == 1)
        #expect(first.location.column == closing + 1)
        #expect(first.message.contains("')'") && first.message.contains("'['"))
        expectRenderableErrors(result)
    }

    @Test func hundredThousandNestedParenthesesStopAtTheNestingLimit() throws {
        let result = parse(BadInputCorpus.nestedParentheses, "nested.py")
        let first = try #require(result.errors.first)
        #expect(first.location.line == 1)
        #expect(first.location.column > 5 && first.location.column < 5_000)
        #expect(first.message.contains("nested"))
        expectRenderableErrors(result)
        // The recovered tree is shallow enough to walk and print.
        var nodes = 0
        result.module.walk(enter: { _ in nodes += 1; return true })
        #expect(nodes < 10_000)
        _ = ASTTextPrinter.render(.module(result.module), lineIndex: result.lineIndex)
    }

    @Test func unterminatedTripleQuotedStringPointsAtItsStart() throws {
        let result = parse(BadInputCorpus.unterminatedTripleQuote, "unterminated.py")
        let first = try #require(result.errors.first)
        #expect(first.location.line == 1)
        #expect(first.location.column == 1)
        #expect(first.message.contains("unterminated triple-quoted string"))
        expectRenderableErrors(result)
    }
}
