import Foundation

/// Splits an answer that arrives in pieces into prose and fenced code blocks. Prose is handed back as
/// soon as it is known not to open a fence (a line start is held only while it could still be
/// spaces and fence characters); a block is handed back whole once its closing fence line ends, so the
/// proxy can inspect it before anyone sees it. Fences may be split anywhere, even between backticks.
///
/// Fences follow the Markdown rule the extractor uses: a line of three or more backticks or tildes
/// with an optional info string (a backtick fence's info may not contain backticks), closed by a line
/// of at least as many of the same character and nothing else. Indented fences (in list items) count.
struct FenceScanner: Sendable {
    enum Piece: Sendable, Equatable {
        case text(String)
        case block(FencedBlock)
    }

    private enum LineState: Sendable {
        /// At a line start, holding what could still be a fence's indentation and fence characters.
        case undecided
        /// Three or more fence characters seen; the rest of the line decides.
        case opener
        /// A prose line that streams through until its newline.
        case plain
    }

    private struct OpenBlock: Sendable {
        let openLine: [UInt8]
        let fence: UInt8
        let fenceCount: Int
        let tag: String
        let indent: Int
        var body: [UInt8] = []
        var line: [UInt8] = []
    }

    private var state = LineState.undecided
    private var held: [UInt8] = []
    private var block: OpenBlock?

    /// True while a block has been opened and not yet closed (its text is being held).
    var insideBlock: Bool { block != nil }

    /// Takes the next piece of the answer; returns what can be released now, in order.
    mutating func feed(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var prose: [UInt8] = []
        func releaseProse() {
            if !prose.isEmpty { pieces.append(.text(String(decoding: prose, as: UTF8.self))) }
            prose.removeAll()
        }
        for byte in text.utf8 {
            if block != nil {
                if let finished = consumeBlockByte(byte) {
                    pieces.append(.block(finished))
                }
                continue
            }
            switch state {
            case .plain:
                prose.append(byte)
                if byte == Self.newline { state = .undecided }
            case .undecided:
                held.append(byte)
                if byte == Self.newline {
                    prose += held
                    held.removeAll()
                } else if let run = Self.fenceRun(held) {
                    if run.count >= 3 { state = .opener }
                } else {
                    prose += held
                    held.removeAll()
                    state = .plain
                }
            case .opener:
                held.append(byte)
                guard byte == Self.newline else { continue }
                if let opened = Self.opening(held) {
                    releaseProse()
                    block = opened
                } else {
                    prose += held
                }
                held.removeAll()
                state = .undecided
            }
        }
        releaseProse()
        return pieces
    }

    /// The end of the answer: releases a held line start, and an unclosed block (for inspection) with
    /// whatever it holds.
    mutating func finish() -> [Piece] {
        var pieces: [Piece] = []
        if var open = block {
            block = nil
            if !open.line.isEmpty, Self.closes(open.line, fence: open.fence, count: open.fenceCount) {
                pieces.append(.block(Self.finished(open, closeLine: open.line)))
            } else {
                open.body += open.line
                pieces.append(.block(Self.finished(open, closeLine: nil)))
            }
        } else if !held.isEmpty {
            // A fence line with no newline and nothing after it opens nothing worth inspecting.
            pieces.append(.text(String(decoding: held, as: UTF8.self)))
        }
        held.removeAll()
        state = .undecided
        return pieces
    }

    private mutating func consumeBlockByte(_ byte: UInt8) -> FencedBlock? {
        guard var open = block else { return nil }
        open.line.append(byte)
        guard byte == Self.newline else {
            block = open
            return nil
        }
        if Self.closes(open.line, fence: open.fence, count: open.fenceCount) {
            block = nil
            state = .undecided
            return Self.finished(open, closeLine: open.line)
        }
        open.body += open.line
        open.line.removeAll()
        block = open
        return nil
    }

    private static let newline = UInt8(ascii: "\n")
    private static let backtick = UInt8(ascii: "`")
    private static let tilde = UInt8(ascii: "~")

    private static func finished(_ open: OpenBlock, closeLine: [UInt8]?) -> FencedBlock {
        FencedBlock(openLine: String(decoding: open.openLine, as: UTF8.self), body: String(decoding: open.body, as: UTF8.self),
                    closeLine: closeLine.map { String(decoding: $0, as: UTF8.self) }, tag: open.tag, indent: open.indent)
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// For a line start made only of indentation and one kind of fence character: that run (possibly
    /// empty). Nil as soon as the line cannot open a fence.
    private static func fenceRun(_ line: [UInt8]) -> ArraySlice<UInt8>? {
        let indent = line.prefix(while: isBlank).count
        let rest = line[indent...]
        guard let first = rest.first else { return rest }
        guard first == backtick || first == tilde else { return nil }
        let run = rest.prefix(while: { $0 == first })
        if run.count < 3 { return run.count == rest.count ? run : nil }
        return run
    }

    /// The block a complete line opens, or nil when the line is not an opening fence.
    private static func opening(_ line: [UInt8]) -> OpenBlock? {
        let indent = line.prefix(while: isBlank).count
        let rest = line[indent...]
        guard let fence = rest.first, fence == backtick || fence == tilde else { return nil }
        let count = rest.prefix(while: { $0 == fence }).count
        guard count >= 3 else { return nil }
        let info = rest.dropFirst(count)
        if fence == backtick && info.contains(backtick) { return nil }
        let text = String(decoding: info, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let tag = text.split(whereSeparator: { $0 == " " || $0 == "{" || $0 == "," }).first.map(String.init) ?? ""
        return OpenBlock(openLine: line, fence: fence, fenceCount: count, tag: tag, indent: indent)
    }

    /// Whether a line (with or without its newline) closes a block opened by `count` `fence` characters.
    private static func closes(_ line: [UInt8], fence: UInt8, count: Int) -> Bool {
        let rest = line.drop(while: isBlank)
        let run = rest.prefix(while: { $0 == fence }).count
        guard run >= count else { return false }
        return rest.dropFirst(run).allSatisfy { isBlank($0) || $0 == newline || $0 == UInt8(ascii: "\r") }
    }
}
