import SOSecureCore

/// The suppression comments of one C-family file: `// sosecure: ignore[rule-id] reason`, `/* … */`
/// and, in PHP, `# …`, on the flagged line or on the first line of the statement holding it.
/// Only comment tokens count, so the same text inside a string literal silences nothing.
struct CFamilySuppressions: FindingSuppressing {
    private var table: SuppressionTable
    private let statements: [TextRange]
    private let lineIndex: LineIndex

    var suppressions: [Suppression] { table.suppressions }

    init(document: CodeDocument, honorNosec: Bool) {
        lineIndex = document.file.lineIndex
        var found: [Suppression] = []
        let bytes = document.file.bytes
        for comment in document.comments {
            // Most comments (licence headers, doc comments) hold no directive: skip them before building text.
            let mentions = bytes[comment.start..<min(comment.end, bytes.count)].withUnsafeBufferPointer {
                SuppressionCommentParser.mentionsDirective($0, honorNosec: honorNosec)
            }
            guard mentions else { continue }
            let text = Self.commentBody(document.text(comment))
            let line = document.file.lineIndex.lineNumber(containing: comment.start) + 1
            found += SuppressionCommentParser.parse(comment: "#" + text, line: line, range: comment, honorNosec: honorNosec)
        }
        table = SuppressionTable(found)
        statements = found.isEmpty ? [] : CodeStatements.allRanges(document.roots)
    }

    /// The comment's text without its delimiters; PHP `#` comments keep theirs out as well.
    static func commentBody(_ text: String) -> String {
        var body = Substring(text)
        if body.hasPrefix("//") { body = body.dropFirst(2) } else if body.hasPrefix("/*") {
            body = body.dropFirst(2)
            if body.hasSuffix("*/") { body = body.dropLast(2) }
        }
        return String(body).replacingOccurrences(of: "\n", with: " ")
    }

    mutating func suppresses(ruleID: String, range: TextRange) -> Bool {
        guard !table.isEmpty else { return false }
        var lines = [lineIndex.lineNumber(containing: range.start) + 1]
        // The innermost statement holding the finding: the last one starting at or before it that contains it.
        if let statement = statements.last(where: { $0.start <= range.start && range.start < max($0.end, $0.start + 1) }) {
            let first = lineIndex.lineNumber(containing: statement.start) + 1
            if first != lines[0] { lines.append(first) }
        }
        return table.match(ruleID: ruleID, onLines: lines) != nil
    }

    func unused() -> [Suppression] { table.unused() }
}
