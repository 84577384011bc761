import SOSecureCore

/// The suppression comments of one C-family file: `// sosecure: ignore[rule-id] reason`, `/* … */`
/// and, in PHP, `# …`, on the flagged line or on the first line of the statement holding it.
/// Only comment tokens count, so the same text inside a string literal silences nothing.
struct CFamilySuppressions {
    let suppressions: [Suppression]
    private let byLine: [Int: [Int]]
    private let statements: [TextRange]
    private let lineIndex: LineIndex
    private var usedIDs: [Set<String>]

    init(document: CodeDocument, honorNosec: Bool) {
        lineIndex = document.file.lineIndex
        var found: [Suppression] = []
        for comment in document.comments {
            let text = Self.commentBody(document.text(comment))
            let line = document.file.lineIndex.lineNumber(containing: comment.start) + 1
            found += SuppressionCommentParser.parse(comment: "#" + text, line: line, range: comment, honorNosec: honorNosec)
        }
        suppressions = found
        var byLine: [Int: [Int]] = [:]
        for (index, suppression) in found.enumerated() { byLine[suppression.line, default: []].append(index) }
        self.byLine = byLine
        statements = found.isEmpty ? [] : CodeStatements.allRanges(document.roots)
        usedIDs = Array(repeating: [], count: found.count)
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
        guard !suppressions.isEmpty else { return false }
        var lines = [lineIndex.lineNumber(containing: range.start) + 1]
        // The innermost statement holding the finding: the last one starting at or before it that contains it.
        if let statement = statements.last(where: { $0.start <= range.start && range.start < max($0.end, $0.start + 1) }) {
            let first = lineIndex.lineNumber(containing: statement.start) + 1
            if first != lines[0] { lines.append(first) }
        }
        for line in lines {
            for index in byLine[line] ?? [] {
                if let id = suppressions[index].matchingID(for: ruleID) {
                    usedIDs[index].insert(id)
                    return true
                }
            }
        }
        return false
    }

    func unused() -> [Suppression] {
        var result: [Suppression] = []
        for (index, suppression) in suppressions.enumerated() where suppression.kind == .sosecure {
            if suppression.coversAllRules {
                if usedIDs[index].isEmpty { result.append(suppression) }
                continue
            }
            let unusedIDs = suppression.ruleIDs.filter { !usedIDs[index].contains($0) }
            if !unusedIDs.isEmpty {
                result.append(Suppression(kind: suppression.kind, line: suppression.line, ruleIDs: unusedIDs,
                                          reason: suppression.reason, range: suppression.range))
            }
        }
        return result
    }
}
