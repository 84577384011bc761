/// A key as the line editor understands it.
enum EditorKey: Equatable {
    case text(String)
    case enter
    case backspace
    /// Delete, or Ctrl-D on a non-empty line.
    case deleteForward
    case left, right, home, end, up, down
    /// Ctrl-U.
    case killToStart
    /// Ctrl-K.
    case killToEnd
    /// Ctrl-D: end of input on an empty line.
    case endOfInput
    /// Ctrl-C: drop the line being typed.
    case interrupt
    /// Ctrl-L.
    case clearScreen
    /// Bracketed paste: the terminal marks where pasted text starts and ends.
    case pasteStart, pasteEnd
}

/// Turns the bytes a terminal in raw mode sends into keys: UTF-8 text, control characters and the
/// escape sequences of arrows, Home/End, Delete and bracketed paste (xterm and VT100 forms). Bytes are fed
/// one at a time, so a sequence split across reads decodes the same.
struct TerminalKeyDecoder {
    private var pending: [UInt8] = []

    /// The key `byte` completes, or nil while a sequence is incomplete or when the bytes mean nothing here.
    mutating func feed(_ byte: UInt8) -> EditorKey? {
        if pending.isEmpty {
            return start(byte)
        }
        pending.append(byte)
        if pending[0] == 0x1B { return continueEscape() }
        return continueUTF8()
    }

    private mutating func start(_ byte: UInt8) -> EditorKey? {
        switch byte {
        case 0x01: return .home                  // Ctrl-A
        case 0x02: return .left                  // Ctrl-B
        case 0x03: return .interrupt             // Ctrl-C
        case 0x04: return .endOfInput            // Ctrl-D
        case 0x05: return .end                   // Ctrl-E
        case 0x06: return .right                 // Ctrl-F
        case 0x08, 0x7F: return .backspace
        case 0x09: return .text("\t")
        case 0x0A, 0x0D: return .enter
        case 0x0B: return .killToEnd             // Ctrl-K
        case 0x0C: return .clearScreen           // Ctrl-L
        case 0x0E: return .down                  // Ctrl-N
        case 0x10: return .up                    // Ctrl-P
        case 0x15: return .killToStart           // Ctrl-U
        case 0x1B:
            pending = [byte]
            return nil
        case 0x00...0x1F: return nil
        case 0x20...0x7E: return .text(String(UnicodeScalar(byte)))
        case 0xC2...0xF4:
            pending = [byte]
            return nil
        default: return nil                      // a stray continuation byte or an invalid lead byte
        }
    }

    private mutating func continueUTF8() -> EditorKey? {
        guard pending.last.map({ $0 & 0xC0 == 0x80 }) == true else {
            // Not a continuation byte: drop the broken sequence and read this byte afresh.
            let byte = pending.removeLast()
            pending = []
            return start(byte)
        }
        let lead = pending[0]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard pending.count == length else { return nil }
        defer { pending = [] }
        guard let text = String(validating: pending, as: UTF8.self) else { return nil }
        return .text(text)
    }

    private mutating func continueEscape() -> EditorKey? {
        guard pending.count >= 2 else { return nil }
        let introducer = pending[1]
        guard introducer == UInt8(ascii: "[") || introducer == UInt8(ascii: "O") else {
            pending = []   // Alt+key: not bound
            return nil
        }
        guard pending.count >= 3, let final = pending.last, (0x40...0x7E).contains(final) else {
            // Parameters and intermediates until the final byte; a runaway sequence is dropped.
            if pending.count > 16 { pending = [] }
            return nil
        }
        let parameters = String(decoding: pending[2..<(pending.count - 1)], as: UTF8.self)
        pending = []
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "~"):
            switch parameters.split(separator: ";").first ?? "" {
            case "1", "7": return .home
            case "4", "8": return .end
            case "3": return .deleteForward
            case "200": return .pasteStart
            case "201": return .pasteEnd
            default: return nil
            }
        default: return nil
        }
    }
}
