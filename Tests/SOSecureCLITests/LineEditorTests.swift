import Testing
@testable import sosecure

/// The REPL's line editor without a terminal: the buffer, the history, the key decoder and the state
/// that ties them together are pure values.
@Suite struct LineEditorTests {
    // MARK: Buffer

    @Test func insertingAndMovingEditsAtTheCursor() {
        var buffer = LineEditBuffer("prnt(x)")
        buffer.moveToStart()
        buffer.moveRight()
        buffer.moveRight()
        buffer.insert("i")
        #expect(buffer.text == "print(x)")
        #expect(buffer.cursor == 3)
        buffer.moveToEnd()
        buffer.insert("  # é")
        #expect(buffer.text == "print(x)  # é")
        #expect(buffer.cursor == buffer.characters.count)
    }

    @Test func backspaceAndDeleteStopAtTheEnds() {
        var buffer = LineEditBuffer("ab", cursor: 0)
        buffer.backspace()
        #expect(buffer.text == "ab")
        buffer.deleteForward()
        #expect(buffer.text == "b" && buffer.cursor == 0)
        buffer.moveToEnd()
        buffer.deleteForward()
        #expect(buffer.text == "b")
        buffer.backspace()
        #expect(buffer.text.isEmpty && buffer.cursor == 0)
        buffer.moveLeft()
        buffer.moveRight()
        #expect(buffer.cursor == 0)
    }

    @Test func killToStartAndToEndCutAtTheCursor() {
        var buffer = LineEditBuffer("yaml.load(data)", cursor: 4)
        buffer.killToEnd()
        #expect(buffer.text == "yaml" && buffer.cursor == 4)
        buffer = LineEditBuffer("yaml.load(data)", cursor: 5)
        buffer.killToStart()
        #expect(buffer.text == "load(data)" && buffer.cursor == 0)
    }

    @Test func aGraphemeClusterIsOneCharacter() {
        var buffer = LineEditBuffer("x = '👩‍💻'")
        buffer.moveLeft()
        buffer.backspace()
        #expect(buffer.text == "x = ''")
    }

    @Test func theWindowScrollsToKeepTheCursorVisible() {
        let buffer = LineEditBuffer("abcdefghij", cursor: 10)
        let end = buffer.window(columns: 5)
        #expect(end.text == "ghij")
        #expect(end.cursorColumn == 4)
        let start = LineEditBuffer("abcdefghij", cursor: 0).window(columns: 5)
        #expect(start.text == "abcde" && start.cursorColumn == 0)
        let fits = LineEditBuffer("abc", cursor: 1).window(columns: 80)
        #expect(fits.text == "abc" && fits.cursorColumn == 1)
    }

    @Test func tabsAreShownAsSpacesAndCountedInColumns() {
        let window = LineEditBuffer("\treturn x", cursor: 1).window(columns: 80, tabWidth: 4)
        #expect(window.text == "    return x")
        #expect(window.cursorColumn == 4)
    }

    // MARK: History

    @Test func historyBrowsesBackAndForthAndGivesTheDraftBack() {
        var history = LineHistory(entries: ["first", "second"])
        #expect(history.previous(current: "typing") == "second")
        #expect(history.previous(current: "second") == "first")
        #expect(history.previous(current: "first") == nil)
        #expect(history.next() == "second")
        #expect(history.next() == "typing")
        #expect(history.next() == nil)
    }

    @Test func historySkipsBlanksAndRepeatsAndKeepsOnlyTheNewest() {
        var history = LineHistory(capacity: 3)
        for line in ["a", "a", "  ", "", "b", "c", "d"] { history.add(line) }
        #expect(history.entries == ["b", "c", "d"])
        #expect(history.fileText == "b\nc\nd\n")
        #expect(LineHistory.entries(fromFileText: "x\r\ny\n\nz") == ["x", "y", "z"])
        #expect(LineHistory(entries: ["1", "2", "3", "4"], capacity: 2).entries == ["3", "4"])
    }

    @Test func addingALineRestartsBrowsing() {
        var history = LineHistory(entries: ["old"])
        _ = history.previous(current: "")
        history.add("new")
        #expect(history.position == nil)
        #expect(history.previous(current: "") == "new")
    }

    // MARK: Keys

    static func decode(_ bytes: [UInt8]) -> [EditorKey] {
        var decoder = TerminalKeyDecoder()
        return bytes.compactMap { decoder.feed($0) }
    }

    @Test func controlKeysAndEscapeSequencesDecode() {
        #expect(Self.decode([0x01, 0x05, 0x15, 0x0B, 0x7F, 0x0D, 0x04, 0x03]) == [.home, .end, .killToStart, .killToEnd, .backspace, .enter, .endOfInput, .interrupt])
        let esc: UInt8 = 0x1B
        let arrows = Self.decode([esc, 0x5B, 0x41, esc, 0x5B, 0x42, esc, 0x5B, 0x43, esc, 0x5B, 0x44])
        #expect(arrows == [.up, .down, .right, .left])
        #expect(Self.decode(Array("\u{1B}[H\u{1B}[F\u{1B}OH\u{1B}OF\u{1B}[1~\u{1B}[4~\u{1B}[3~".utf8)) == [.home, .end, .home, .end, .home, .end, .deleteForward])
        #expect(Self.decode(Array("\u{1B}[1;5C".utf8)) == [.right], "Ctrl-Right moves right")
        #expect(Self.decode(Array("\u{1B}[200~a\u{1B}[201~".utf8)) == [.pasteStart, .text("a"), .pasteEnd])
    }

    @Test func utf8TextDecodesWholeCharacters() {
        #expect(Self.decode(Array("é€😀".utf8)) == [.text("é"), .text("€"), .text("😀")])
        // A broken sequence is dropped and the next byte is read afresh.
        #expect(Self.decode([0xC3, 0x41]) == [.text("A")])
        #expect(Self.decode([0x80, 0x42]) == [.text("B")])
    }

    // MARK: State

    static func type(_ text: String, into state: inout LineEditState) -> [LineEditState.Outcome] {
        var decoder = TerminalKeyDecoder()
        return Array(text.utf8).compactMap { decoder.feed($0) }.map { state.apply($0) }.filter { $0 != .editing }
    }

    @Test func typedLinesGoToTheHistoryAndUpRecallsThem() {
        var state = LineEditState()
        #expect(Self.type("import os\r", into: &state) == [.submitted("import os", pasted: false)])
        #expect(Self.type("x\u{1B}[A", into: &state).isEmpty)
        #expect(state.buffer.text == "import os")
        #expect(Self.type("\u{1B}[B", into: &state).isEmpty)
        #expect(state.buffer.text == "x")
    }

    @Test func pastedLinesAreMarkedAndKeptOutOfTheHistory() {
        var state = LineEditState()
        let outcomes = Self.type("\u{1B}[200~def f():\r\r    return 1\r\u{1B}[201~\r", into: &state)
        #expect(outcomes == [.submitted("def f():", pasted: true), .submitted("", pasted: true),
                             .submitted("    return 1", pasted: true), .submitted("", pasted: false)])
        #expect(state.history.entries.isEmpty)
    }

    @Test func ctrlDEndsInputOnlyOnAnEmptyLineAndCtrlCDropsTheLine() {
        var state = LineEditState()
        #expect(Self.type("ab\u{01}\u{04}", into: &state).isEmpty)
        #expect(state.buffer.text == "b", "Ctrl-D on text deletes forward")
        #expect(Self.type("\u{03}", into: &state) == [.interrupted])
        #expect(state.buffer.isEmpty)
        #expect(Self.type("\u{04}", into: &state) == [.endOfInput])
    }
}
