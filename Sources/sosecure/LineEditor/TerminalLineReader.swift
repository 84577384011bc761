import Foundation
import SOSecureRemediation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal settings to put back if a signal ends the process while a line is being read.
/// Written only on the main reading path before raw mode starts; read by the signal handler.
nonisolated(unsafe) private var savedTerminal = termios()
nonisolated(unsafe) private var rawModeActive: sig_atomic_t = 0

/// Restores the terminal and dies of the same signal, so the shell sees the usual status.
private func restoreTerminalAndDie(_ number: Int32) {
    if rawModeActive != 0 {
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal)
        let disablePaste = Array("\u{1B}[?2004l\r\n".utf8)
        _ = disablePaste.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
    _ = signal(number, SIG_DFL)
    _ = raise(number)
}

/// Reads lines from a terminal with editing keys (arrows, Home/End, Backspace/Delete, Ctrl-A/E/U/K/D/C/L),
/// a history kept in a file, and bracketed paste. The terminal is in raw mode only while a line is read,
/// so output in between (and a crash in between) sees the normal terminal.
final class TerminalLineReader {
    enum Input: Equatable {
        case line(String, pasted: Bool)
        case interrupted
        case endOfInput
    }

    private var state: LineEditState
    private var decoder = TerminalKeyDecoder()
    /// Bytes read past the end of the last line (a paste delivers many lines in one read).
    private var unread: [UInt8] = []
    private let historyPath: String?

    static let historyCapacity = 1_000

    init(historyPath: String?) {
        self.historyPath = historyPath
        var entries: [String] = []
        if let historyPath, let data = FileManager.default.contents(atPath: historyPath) {
            entries = LineHistory.entries(fromFileText: String(decoding: data, as: UTF8.self))
        }
        state = LineEditState(history: LineHistory(entries: entries, capacity: Self.historyCapacity))
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            _ = signal(number) { restoreTerminalAndDie($0) }
        }
    }

    /// `$XDG_CACHE_HOME/sosecure/repl_history`, else `~/.cache/sosecure/repl_history`.
    static func defaultHistoryPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".cache")
        return (cache as NSString).appendingPathComponent("sosecure/repl_history")
    }

    func readLine(prompt: String) -> Input {
        guard tcgetattr(STDIN_FILENO, &savedTerminal) == 0 else { return plainLine() }
        var raw = savedTerminal
        // No echo, no line buffering, no signals from Ctrl-C/Ctrl-Z, no Ctrl-S/Q flow control, CR stays CR.
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR | BRKINT | ISTRIP)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        rawModeActive = 1
        _ = tcsetattr(STDIN_FILENO, TCSADRAIN, &raw)
        emit("\u{1B}[?2004h")
        defer {
            emit("\u{1B}[?2004l")
            _ = tcsetattr(STDIN_FILENO, TCSADRAIN, &savedTerminal)
            rawModeActive = 0
        }

        redraw(prompt)
        while true {
            if unread.isEmpty {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 {
                    emit("\r\n")
                    return .endOfInput
                }
                unread = Array(chunk[..<count])
            }
            var consumed = 0
            var finished: Input?
            for byte in unread {
                consumed += 1
                guard let key = decoder.feed(byte) else { continue }
                switch state.apply(key) {
                case .editing:
                    continue
                case .clearScreen:
                    emit("\u{1B}[H\u{1B}[2J")
                case .submitted(let line, let pasted):
                    finished = .line(line, pasted: pasted)
                case .endOfInput:
                    finished = .endOfInput
                case .interrupted:
                    emit("^C")
                    finished = .interrupted
                }
                if finished != nil { break }
            }
            unread.removeFirst(consumed)
            if let finished {
                if case .line(_, pasted: false) = finished { saveHistory() }
                // Show the line as submitted (a paste may have scrolled it), then move on.
                if case .line(let text, _) = finished { redraw(prompt, showing: LineEditBuffer(text)) }
                emit("\r\n")
                return finished
            }
            redraw(prompt)
        }
    }

    /// Without terminal settings (not expected on a terminal, but never fatal): one plain line.
    private func plainLine() -> Input {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line, pasted: false)
    }

    private func redraw(_ prompt: String, showing buffer: LineEditBuffer? = nil) {
        let promptWidth = prompt.count
        let window = (buffer ?? state.buffer).window(columns: Self.terminalColumns() - promptWidth - 1)
        let column = promptWidth + window.cursorColumn
        emit("\r" + prompt + window.text + "\u{1B}[K\r" + (column > 0 ? "\u{1B}[\(column)C" : ""))
    }

    private func saveHistory() {
        guard let historyPath else { return }
        let folder = (historyPath as NSString).deletingLastPathComponent
        // History is a convenience: a cache folder that cannot be written only loses it.
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? AtomicFileWriter.write(state.history.fileText, to: historyPath)
    }

    private static func terminalColumns() -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    private func emit(_ text: String) {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if result < 0 && errno == EINTR { continue }
            if result <= 0 { return }
            written += result
        }
    }
}
