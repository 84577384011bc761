import SOSecureCore

/// How printers spell a node's position. Lines and columns are 1-based UTF-8 columns and
/// the end is exclusive: each column is CPython's `col_offset`/`end_col_offset` plus one.
enum ASTPositions {
    static func span(_ range: TextRange, _ lineIndex: LineIndex) -> String {
        let start = lineColumn(range.start, lineIndex)
        let end = lineColumn(range.end, lineIndex)
        return "\(start.line):\(start.column)-\(end.line):\(end.column)"
    }

    /// 1-based line and UTF-8 column by binary search. `LineIndex.location(of:)` also counts
    /// UTF-16 units from the line start, which is quadratic over a minified one-line file.
    static func lineColumn(_ offset: Int, _ lineIndex: LineIndex) -> (line: Int, column: Int) {
        let line = lineIndex.lineNumber(containing: max(0, offset))
        return (line + 1, max(0, offset) - lineIndex.lineStarts[line] + 1)
    }
}
