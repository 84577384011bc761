import SOSecureCore
import Testing

@Suite struct CodeFrameTests {
    private func frame(_ text: String, _ start: Int, _ end: Int, label: String? = nil, _ options: CodeFrame = CodeFrame()) -> String {
        options.render(SourceFile(path: "t.py", text: text), range: TextRange(start: start, end: end), label: label)
    }

    private func offset(of needle: String, in text: String) -> Int {
        let bytes = Array(text.utf8), pattern = Array(needle.utf8)
        for index in 0...(bytes.count - pattern.count) where Array(bytes[index..<index + pattern.count]) == pattern {
            return index
        }
        Issue.record("no \(needle)")
        return 0
    }

    @Test func caretUnderEmptyRangeWithContextAbove() {
        let text = "import os\ndef f(x):\n    return x +\n"
        let end = offset(of: "+", in: text) + 1
        #expect(frame(text, end, end) == """
         1 | import os
         2 | def f(x):
         3 |     return x +
           |               ^

        """)
    }

    @Test func underlineCoversTheRangeAndCarriesTheLabel() {
        let text = "x = 1\ny = foo(1, 2)\n"
        let start = offset(of: "foo", in: text)
        #expect(frame(text, start, start + 3, label: "unknown name", CodeFrame(contextLines: 0)) == """
         2 | y = foo(1, 2)
           |     ^^^ unknown name

        """)
    }

    @Test func gutterWidensForLargeLineNumbers() {
        let text = String(repeating: "pass\n", count: 9) + "x = (\n"
        let start = offset(of: "(", in: text)
        #expect(frame(text, start, start + 1, CodeFrame(contextLines: 1)) == """
          9 | pass
         10 | x = (
            |     ^

        """)
    }

    @Test func multiLineRangesUnderlineEachLineUpToALimit() {
        let text = "s = '''one\ntwo\nthree\nfour\n"
        let start = offset(of: "'''", in: text)
        let result = frame(text, start, text.utf8.count, CodeFrame(contextLines: 0, maxHighlightedLines: 2))
        #expect(result == """
         1 | s = '''one
           |     ^^^^^^
         2 | two
           | ^^^
           | ...

        """)
    }

    @Test func rangeEndingAtALineBreakStaysOnItsLine() {
        let text = "a = 1\nb = 2\n"
        #expect(frame(text, 0, 6, CodeFrame(contextLines: 0)) == """
         1 | a = 1
           | ^^^^^

        """)
    }

    @Test func tabsAreExpandedTheSameWayInSourceAndUnderline() {
        let text = "if x:\n\tcall(\ty)\n"
        let start = offset(of: "y", in: text)
        #expect(frame(text, start, start + 1, CodeFrame(contextLines: 0)) == """
         2 |     call(   y)
           |             ^

        """)
    }

    @Test func caretAlignsAfterMultiByteAndWideCharacters() {
        let text = "s = 'é日本' + x\n"
        let start = offset(of: "x", in: text)
        // é is one column, each CJK ideograph two.
        #expect(frame(text, start, start + 1, CodeFrame(contextLines: 0)) == """
         1 | s = 'é日本' + x
           |               ^

        """)
    }

    @Test func invalidBytesAndControlCharactersShowAsReplacement() {
        var bytes = Array("x = '".utf8)
        bytes += [0xFF, 0x00, 0xC3]   // invalid lead byte, NUL, truncated sequence
        bytes += Array("' + y\n".utf8)
        let file = SourceFile(path: "t.py", bytes: bytes)
        let start = bytes.firstIndex(of: UInt8(ascii: "y"))!
        let rendered = CodeFrame(contextLines: 0).render(file, range: TextRange(start: start, end: start + 1))
        #expect(rendered == """
         1 | x = '\u{FFFD}\u{FFFD}\u{FFFD}' + y
           |             ^

        """)
    }

    @Test func invisibleFormatCharactersAreSpelledOut() {
        let text = "access = 'user\u{202E}nimda'\n"
        let start = offset(of: "nimda", in: text)
        #expect(frame(text, start, start + 5, CodeFrame(contextLines: 0)) == """
         1 | access = 'user<U+202E>nimda'
           |                       ^^^^^

        """)
    }

    @Test func longLinesAreWindowedAroundTheRange() {
        let prefix = "x = [" + String(repeating: "1, ", count: 400_000)
        let text = prefix + "?]\n"
        let start = prefix.utf8.count
        let result = frame(text, start, start + 1, CodeFrame(contextLines: 0, maxWidth: 60))
        let lines = result.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix(" 1 | …"))
        #expect(lines[0].hasSuffix("1, ?]"))
        // The caret sits under the `?` whatever the window.
        let questionColumn = lines[0].distance(from: lines[0].startIndex, to: lines[0].firstIndex(of: "?")!)
        let caretColumn = lines[1].distance(from: lines[1].startIndex, to: lines[1].firstIndex(of: "^")!)
        #expect(caretColumn == questionColumn)
        #expect(lines[0].count < 80)
    }

    @Test func longLinesAreCutAfterTheRangeToo() {
        let text = "f(" + String(repeating: "a", count: 10_000) + ")\n"
        let result = frame(text, 0, 1, CodeFrame(contextLines: 0, maxWidth: 40))
        #expect(result == """
         1 | f(\(String(repeating: "a", count: 38))…
           | ^

        """)
    }

    @Test func emptyFileAndEndOfFile() {
        #expect(frame("", 0, 0) == """
         1 | 
           | ^

        """)
        let text = "x = (\n"
        #expect(frame(text, text.utf8.count, text.utf8.count, CodeFrame(contextLines: 1)) == """
         1 | x = (
         2 | 
           | ^

        """)
    }

    @Test func outOfBoundsRangesAreClamped() {
        #expect(frame("ab\n", 50, 90, CodeFrame(contextLines: 0)) == """
         2 | 
           | ^

        """)
    }

    @Test func colourWrapsGutterAndCaretsOnlyWhenAsked() {
        let coloured = frame("x = y\n", 4, 5, label: "here", CodeFrame(contextLines: 0, color: true))
        #expect(coloured.contains("\u{1B}[1;31m^\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[34m 1 | \u{1B}[0m"))
        #expect(!frame("x = y\n", 4, 5).contains("\u{1B}"))
    }
}
