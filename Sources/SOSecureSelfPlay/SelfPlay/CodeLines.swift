import Foundation
import SOSecureCFamily
import SOSecureCore
import SOSecurePython

/// Line-level views of a program that self-play cuts and joins: the prefix before a risk point, the
/// top-level unit a line belongs to and what follows it.
enum CodeLines {
    /// The lines of `text`, each with its line break (the last one may have none).
    static func split(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == "\n" {
                lines.append(text[start..<next])
                start = next
            }
            index = next
        }
        if start < text.endIndex { lines.append(text[start...]) }
        return lines
    }

    /// Lines `from...to` (1-based, inclusive), clamped; empty when the range is empty.
    static func lines(_ text: String, from: Int, to: Int) -> String {
        let all = split(text)
        let low = max(from, 1)
        let high = min(to, all.count)
        guard low <= high else { return "" }
        return withFinalNewline(all[(low - 1)..<high].joined())
    }

    /// The text before line `line` (1-based).
    static func prefix(_ text: String, before line: Int) -> String {
        lines(text, from: 1, to: line - 1)
    }

    static func withFinalNewline(_ text: String) -> String {
        text.isEmpty || text.hasSuffix("\n") ? text : text + "\n"
    }

    /// The last line of the top-level statement (a whole `def`, `class`, `if`…) that contains `line`,
    /// read from the parsed program; `line` itself when no statement contains it.
    static func endOfTopLevelUnit(_ parse: ParseResult, containing line: Int) -> Int {
        for stmt in parse.module.body {
            let first = parse.lineIndex.location(of: stmt.range.start).line
            let last = parse.lineIndex.location(of: max(stmt.range.start, stmt.range.end - 1)).line
            if first <= line && line <= last { return last }
        }
        return line
    }

    /// The last line of the top-level statement of C-family code that contains `line`: top-level code up to
    /// its `;`, or through its brace block (a whole function, class or `if … {}`); `line` itself when none does.
    static func endOfTopLevelUnit(_ syntax: CFamilySyntax, containing line: Int) -> Int {
        let lineIndex = syntax.file.lineIndex
        var first: Int?
        for tree in syntax.trees {
            let range = Self.range(of: tree)
            first = first ?? lineIndex.location(of: range.start).line
            let ends: Bool
            switch tree {
            case let .token(token): ends = token.kind == .punctuation && syntax.tokenEquals(token, ";")
            case let .group(open, _, _): ends = open.bracket == .brace
            }
            guard ends, let start = first else { continue }
            let last = lineIndex.location(of: max(range.start, range.end - 1)).line
            if start <= line && line <= last { return last }
            first = nil
        }
        return line
    }

    /// The bytes a tree covers: a token's, or a group's from its opening bracket to its closing one (or to its
    /// last child when it was never closed).
    private static func range(of tree: TokenTree) -> TextRange {
        switch tree {
        case let .token(token): return token.range
        case let .group(open, children, close):
            let end = close?.range.end ?? children.last.map { range(of: $0).end } ?? open.range.end
            return TextRange(start: open.range.start, end: end)
        }
    }

    /// Offsets (in lines) where a continuation could end its unit: before each later line that starts
    /// a new top-level statement (column 0, not a comment, a closing bracket or a clause such as `else:`).
    static func unitBoundaries(_ lines: [Substring], language: Language = .python) -> [Int] {
        let comments = language.usesCodePatterns ? ["//", "/*", "*"] : ["#"]
        let clauses = language.usesCodePatterns ? cFamilyClauseKeywords : clauseKeywords
        var boundaries: [Int] = []
        var seenCode = false
        for (index, line) in lines.enumerated() {
            let content = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty || comments.contains(where: { content.hasPrefix($0) }) { continue }
            if seenCode, let first = line.first, !first.isWhitespace, !startsClause(content, keywords: clauses) {
                boundaries.append(index)
            }
            seenCode = true
        }
        return boundaries
    }

    private static let clauseKeywords = ["else", "elif", "except", "finally", "case"]
    private static let cFamilyClauseKeywords = ["else", "catch", "finally"]

    /// A line that continues the statement before it rather than starting one.
    private static func startsClause(_ content: String, keywords: [String]) -> Bool {
        if let first = content.first, ")]}".contains(first) { return true }
        return keywords.contains { keyword in
            content.hasPrefix(keyword) && content.dropFirst(keyword.count).first.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true
        }
    }
}
