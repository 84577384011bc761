/// The line editor without the terminal: the buffer, the history and whether a paste is in progress,
/// changed key by key. What to draw and when a line is done follow from this value alone.
struct LineEditState {
    enum Outcome: Equatable {
        /// Still editing: redraw the line.
        case editing
        /// Enter: the line, and whether it arrived inside a paste (where a blank line is code, not an end).
        case submitted(String, pasted: Bool)
        /// Ctrl-D on an empty line.
        case endOfInput
        /// Ctrl-C: the line was dropped.
        case interrupted
        /// Ctrl-L: clear the screen, then redraw.
        case clearScreen
    }

    var buffer = LineEditBuffer()
    var history: LineHistory
    private(set) var pasting = false

    init(history: LineHistory = LineHistory()) {
        self.history = history
    }

    mutating func apply(_ key: EditorKey) -> Outcome {
        switch key {
        case .text(let text): buffer.insert(text)
        case .enter:
            let line = buffer.text
            buffer = LineEditBuffer()
            // Pasted lines stay out of the history: it is for what the user typed.
            if pasting { history.stopBrowsing() } else { history.add(line) }
            return .submitted(line, pasted: pasting)
        case .backspace: buffer.backspace()
        case .deleteForward: buffer.deleteForward()
        case .left: buffer.moveLeft()
        case .right: buffer.moveRight()
        case .home: buffer.moveToStart()
        case .end: buffer.moveToEnd()
        case .up:
            if let recalled = history.previous(current: buffer.text) { buffer.replace(with: recalled) }
        case .down:
            if let recalled = history.next() { buffer.replace(with: recalled) }
        case .killToStart: buffer.killToStart()
        case .killToEnd: buffer.killToEnd()
        case .endOfInput:
            if buffer.isEmpty && !pasting { return .endOfInput }
            buffer.deleteForward()
        case .interrupt:
            buffer = LineEditBuffer()
            history.stopBrowsing()
            pasting = false
            return .interrupted
        case .clearScreen: return .clearScreen
        case .pasteStart: pasting = true
        case .pasteEnd: pasting = false
        }
        return .editing
    }
}
