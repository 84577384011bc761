/// Inspects one code block; numbered from 1 within an answer.
typealias BlockInspect = @Sendable (_ block: FencedBlock, _ number: Int) async -> BlockInspection

/// One assistant answer passing through the proxy, whole or in pieces: prose goes out as it comes,
/// each code block is inspected once it is complete and replaced by what the inspection says, and the
/// notes are appended when the answer ends.
struct AnswerRewriter: Sendable {
    private var scanner = FenceScanner()
    private var blocks = 0
    private var notes: [String] = []
    /// The last text handed out, to set the notes off with the right number of newlines.
    private var tail = ""

    /// What to emit for the next piece of the answer (possibly empty while a block is held).
    mutating func feed(_ text: String, inspect: BlockInspect) async -> String {
        await render(scanner.feed(text), inspect: inspect)
    }

    /// What is left when the answer ends: a held line start or unclosed block, then the notes.
    mutating func finish(inspect: BlockInspect) async -> String {
        var output = await render(scanner.finish(), inspect: inspect)
        output += SecurityNote.appendix(notes, after: tail)
        notes.removeAll()
        return output
    }

    /// A whole answer at once; nil when it comes out exactly as it went in.
    static func rewrite(_ answer: String, inspect: BlockInspect) async -> String? {
        var rewriter = AnswerRewriter()
        let text = await rewriter.feed(answer, inspect: inspect) + rewriter.finish(inspect: inspect)
        return text == answer ? nil : text
    }

    /// Whether text can hold a fence at all: answers without one skip the scanner.
    static func mayHoldCode(_ text: String) -> Bool {
        text.contains("```") || text.contains("~~~")
    }

    private mutating func render(_ pieces: [FenceScanner.Piece], inspect: BlockInspect) async -> String {
        var output = ""
        for piece in pieces {
            switch piece {
            case let .text(text):
                output += text
            case let .block(block):
                blocks += 1
                let inspection = await inspect(block, blocks)
                output += inspection.replacement
                if let note = inspection.note { notes.append(note) }
            }
        }
        if !output.isEmpty { tail = String(output.suffix(2)) }
        return output
    }
}
