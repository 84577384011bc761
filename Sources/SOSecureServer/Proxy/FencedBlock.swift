/// A fenced code block in a model's answer, kept exactly as it was written so an untouched block is
/// relayed byte for byte.
struct FencedBlock: Sendable, Equatable {
    /// The opening fence line, its newline included (for example "```python\n").
    let openLine: String
    /// The lines between the fences as written, indentation and newlines included.
    let body: String
    /// The closing fence line (with its newline when it had one); nil when the answer ended inside the block.
    let closeLine: String?
    /// The fence's info string up to the first space, as written ("python", "py", "" when untagged).
    let tag: String
    /// Spaces before the opening fence: a block inside a list item is indented as a whole.
    let indent: Int

    /// The block as it appeared in the answer.
    var raw: String { openLine + body + (closeLine ?? "") }

    /// The code itself: the body with the fence's indentation taken off each line.
    var code: String {
        guard indent > 0 else { return body }
        return Self.mapLines(body) { line in
            let spaces = line.prefix(while: { $0 == " " }).count
            return String(line.dropFirst(min(spaces, indent)))
        }
    }

    /// This block with other code between the same fences, indented like the original.
    func replacingCode(_ code: String) -> String {
        var text = code
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        if indent > 0 {
            let pad = String(repeating: " ", count: indent)
            text = Self.mapLines(text) { $0.isEmpty ? "" : pad + $0 }
        }
        // An answer that ended inside the block gets its fence closed, so the note after it reads as prose.
        let close = closeLine ?? String(repeating: " ", count: indent) + Self.closingFence(for: openLine) + "\n"
        return openLine + text + close
    }

    /// The fence characters that open `line` (after its indentation), which also close the block.
    static func closingFence(for line: String) -> String {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        guard let first = trimmed.first else { return "```" }
        return String(trimmed.prefix(while: { $0 == first }))
    }

    /// Applies `transform` to each line of `text` (without its newline), keeping the newlines.
    private static func mapLines(_ text: String, _ transform: (Substring) -> String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(transform).joined(separator: "\n")
    }
}
