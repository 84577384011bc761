import Testing
@testable import SOSecureCore

@Suite struct LineIndexTests {
    @Test func mapsOffsetsAcrossAllLineEndings() {
        let index = LineIndex(Array("a\nbc\r\nd\re".utf8))
        #expect(index.lineStarts == [0, 2, 6, 8])
        #expect(index.location(of: 0) == SourceLocation(line: 1, column: 1, utf16Column: 1))
        #expect(index.location(of: 3) == SourceLocation(line: 2, column: 2, utf16Column: 2))
        #expect(index.location(of: 6) == SourceLocation(line: 3, column: 1, utf16Column: 1))
        #expect(index.location(of: 8) == SourceLocation(line: 4, column: 1, utf16Column: 1))
    }

    @Test func countsUTF16UnitsSeparatelyFromBytes() {
        // "é" is 2 bytes / 1 UTF-16 unit; "😀" is 4 bytes / 2 UTF-16 units.
        let text = "é😀x = 1"
        let index = LineIndex(Array(text.utf8))
        let offsetOfX = 6
        #expect(index.location(of: offsetOfX) == SourceLocation(line: 1, column: 7, utf16Column: 4))
    }

    @Test func rangeOfLineExcludesTerminator() {
        let bytes = Array("first\r\nsecond\n".utf8)
        let index = LineIndex(bytes)
        #expect(index.rangeOfLine(0) == TextRange(start: 0, end: 5))
        #expect(index.rangeOfLine(1) == TextRange(start: 7, end: 13))
    }

    @Test func offsetRoundTripsThroughLocation() {
        let bytes = Array("x = 1\n  yé = 2\n".utf8)
        let index = LineIndex(bytes)
        for offset in 0...bytes.count {
            let location = index.location(of: offset)
            #expect(index.offset(line: location.line, column: location.column) == offset)
        }
    }

    @Test func fingerprintIgnoresWhitespaceButNotCode() {
        let a = Fingerprint.make(ruleID: "r", path: "p.py", code: "eval( x )")
        let b = Fingerprint.make(ruleID: "r", path: "p.py", code: "eval(\n    x )")
        let c = Fingerprint.make(ruleID: "r", path: "p.py", code: "eval(y)")
        #expect(a == b)
        #expect(a != c)
        #expect(a.count == 16)
    }
}
