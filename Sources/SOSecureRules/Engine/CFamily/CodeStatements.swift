import SOSecureCFamily
import SOSecureCore

/// Splits a sibling list of code items into statements: at `;`, at a preprocessor line, after a
/// `{…}` block followed by a new line, and at a line break between two operands (Go, Swift,
/// JavaScript without semicolons).
enum CodeStatements {
    static func split(_ items: [CodeItem]) -> [Range<Int>] {
        var statements: [Range<Int>] = []
        var start = 0
        for index in items.indices {
            let item = items[index]
            if index > start {
                let previous = items[index - 1]
                let breaksBefore = item.tokenKind == .preprocessor
                    || previous.tokenKind == .preprocessor
                    || CodeItem.isStatementBreak(previous, item)
                    || (previous.isGroup && previous.text == "{" && previous.lastLine < item.firstLine && !continuesAfterBlock(item))
                if breaksBefore {
                    statements.append(start..<index)
                    start = index
                }
            }
            if item.isToken(";") {
                statements.append(start..<(index + 1))
                start = index + 1
            }
        }
        if start < items.count { statements.append(start..<items.count) }
        return statements
    }

    /// `}` followed on the next line by `else`, `catch`, `finally` or `while` continues the statement.
    private static func continuesAfterBlock(_ item: CodeItem) -> Bool {
        item.tokenKind == .keyword && ["else", "catch", "finally", "while", "elseif"].contains(item.text)
            || item.isToken(")") || item.isToken(".") || item.isToken(",")
    }

    /// The range of a statement, from its first item to its last.
    static func range(_ items: [CodeItem], _ statement: Range<Int>) -> TextRange {
        TextRange(start: items[statement.lowerBound].range.start, end: items[statement.upperBound - 1].range.end)
    }

    /// Every statement of the file and of every `{…}` block, sorted by start (outer before inner).
    /// Parentheses and brackets hold expressions, not statements; blocks inside them (closures) do.
    static func allRanges(_ roots: [CodeItem]) -> [TextRange] {
        var ranges: [TextRange] = []
        func visit(_ items: [CodeItem], statements: Bool) {
            if statements {
                for statement in split(items) where !statement.isEmpty {
                    ranges.append(range(items, statement))
                }
            }
            for item in items where item.isGroup { visit(item.children, statements: item.text == "{") }
        }
        visit(roots, statements: true)
        return ranges.sorted()
    }

    static let controlKeywords: Set<String> = [
        "if", "else", "for", "while", "do", "switch", "try", "catch", "finally", "guard", "foreach", "elseif",
        "synchronized", "with", "select", "defer", "unsafe", "case", "default", "repeat", "using", "lock", "endif",
    ]

    /// Whether the blocks of a statement share the variables around them (`if`, loops, `try`),
    /// rather than starting a function, class or closure body of their own.
    static func isControl(_ items: [CodeItem], _ statement: Range<Int>) -> Bool {
        guard let first = items[statement].first(where: { !($0.tokenKind == .punctuation && $0.text == "}") }) else { return true }
        if first.isGroup { return first.text == "{" }
        return controlKeywords.contains(first.text)
    }
}
