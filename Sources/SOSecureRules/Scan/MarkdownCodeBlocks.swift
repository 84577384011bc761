import SOSecureCore

/// A fenced code block of a Markdown file whose info string names a language SOSecure scans.
struct MarkdownCodeBlock: Sendable {
    let language: Language
    /// The block's code as its own source file (under the Markdown file's path), indentation of an
    /// indented fence removed from each line.
    let source: SourceFile
    /// Per line of `source`: where that line starts in the Markdown file.
    let lineOffsets: [Int]

    /// The Markdown file offset of an offset into `source`.
    func markdownOffset(_ offset: Int) -> Int {
        let line = source.lineIndex.lineNumber(containing: offset)
        let column = offset - source.lineIndex.lineStarts[line]
        return lineOffsets[min(line, lineOffsets.count - 1)] + column
    }
}

/// Finds the fenced code blocks of a Markdown document (CommonMark fences: three or more backticks or
/// tildes, indented at most three spaces, closed by a fence of the same character at least as long,
/// or by the end of the file).
enum MarkdownCodeBlocks {
    static let fileExtensions: Set<String> = ["md", "markdown", "mdown", "mkd"]

    static func isMarkdown(path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[path.index(after: dot)...].contains("/") else { return false }
        return fileExtensions.contains(path[path.index(after: dot)...].lowercased())
    }

    static func blocks(in file: SourceFile) -> [MarkdownCodeBlock] {
        let bytes = file.bytes
        let lines = file.lineIndex
        var blocks: [MarkdownCodeBlock] = []
        var line = 0
        while line < lines.lineCount {
            let range = lines.rangeOfLine(line)
            guard let fence = fence(bytes, range) else {
                line += 1
                continue
            }
            let info = String(decoding: bytes[(range.start + fence.indent + fence.length)..<range.end], as: UTF8.self)
            // `js title="x"`, `{.python}`, `c++`: the first word, braces and a leading dot dropped.
            let name = info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" || $0 == "}" || $0 == "," }).first
                .map { $0.hasPrefix(".") ? String($0.dropFirst()) : String($0) } ?? ""
            var closing = line + 1
            while closing < lines.lineCount {
                let candidate = lines.rangeOfLine(closing)
                if let end = self.fence(bytes, candidate), end.character == fence.character, end.length >= fence.length,
                   bytes[(candidate.start + end.indent + end.length)..<candidate.end].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                    break
                }
                closing += 1
            }
            if let language = Language(name: name), closing > line + 1 {
                var code: [UInt8] = []
                var offsets: [Int] = []
                for contentLine in (line + 1)..<closing {
                    let start = lines.lineStarts[contentLine]
                    let end = contentLine + 1 < lines.lineCount ? lines.lineStarts[contentLine + 1] : bytes.count
                    var skip = 0
                    while skip < fence.indent, start + skip < end, bytes[start + skip] == UInt8(ascii: " ") { skip += 1 }
                    offsets.append(start + skip)
                    code += bytes[(start + skip)..<end]
                }
                blocks.append(MarkdownCodeBlock(language: language, source: SourceFile(path: file.path, bytes: code), lineOffsets: offsets))
            }
            line = closing + 1
        }
        return blocks
    }

    private static func fence(_ bytes: [UInt8], _ range: TextRange) -> (indent: Int, character: UInt8, length: Int)? {
        var index = range.start
        while index < range.end, bytes[index] == UInt8(ascii: " "), index - range.start < 4 { index += 1 }
        let indent = index - range.start
        guard indent <= 3, index < range.end else { return nil }
        let character = bytes[index]
        guard character == UInt8(ascii: "`") || character == UInt8(ascii: "~") else { return nil }
        var length = 0
        while index + length < range.end, bytes[index + length] == character { length += 1 }
        guard length >= 3 else { return nil }
        // A backtick fence's info string cannot hold a backtick.
        if character == UInt8(ascii: "`"), bytes[(index + length)..<range.end].contains(character) { return nil }
        return (indent, character, length)
    }
}
