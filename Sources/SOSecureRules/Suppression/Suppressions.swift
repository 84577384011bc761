import SOSecureCore
import SOSecurePython

/// One suppression comment: `# sosecure: ignore[rule-a, rule-b] reason`, or (when enabled)
/// Bandit's `# nosec` and Ruff's `# noqa: S…`.
public struct Suppression: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case sosecure, nosec, noqa
    }

    public let kind: Kind
    /// 1-based line of the comment.
    public let line: Int
    /// Lowercased rule ids (a trailing `*` matches a prefix); empty silences every rule.
    public let ruleIDs: [String]
    /// Text after the rule list, if any.
    public let reason: String?
    /// The comment's range in `ParseResult.text`.
    public let range: TextRange

    public init(kind: Kind, line: Int, ruleIDs: [String], reason: String?, range: TextRange) {
        self.kind = kind
        self.line = line
        self.ruleIDs = ruleIDs
        self.reason = reason
        self.range = range
    }

    public var coversAllRules: Bool { ruleIDs.isEmpty }

    /// The listed id that silences `ruleID`; nil when none does. `""` stands for "every rule".
    func matchingID(for ruleID: String) -> String? {
        if coversAllRules { return "" }
        let lowered = ruleID.lowercased()
        return ruleIDs.first { id in
            id.hasSuffix("*") ? lowered.hasPrefix(id.dropLast()) : lowered == id
        }
    }
}

/// The suppressions of one parsed file and which of them were used. Built once per file and
/// used on one thread: ask about every finding, then read `unused()`.
///
/// A suppression silences a finding when it sits on the finding's first line, or on the first
/// line of the statement holding that line (for `if`/`def`/`with`… only their header counts,
/// not their body). Only real comments count: `#` inside a string literal is not a comment.
public struct SuppressionIndex: Sendable, FindingSuppressing {
    private var table: SuppressionTable
    private let statementSpans: [StatementSpan]
    private let lineIndex: LineIndex

    public var suppressions: [Suppression] { table.suppressions }

    public init(parse: ParseResult, honorNosec: Bool) {
        var found: [Suppression] = []
        for comment in parse.comments {
            let line = parse.lineIndex.lineNumber(containing: comment.start) + 1
            let text = String(decoding: parse.text[comment.start..<min(comment.end, parse.text.count)], as: UTF8.self)
            found += SuppressionCommentParser.parse(comment: text, line: line, range: comment, honorNosec: honorNosec)
        }
        table = SuppressionTable(found)
        lineIndex = parse.lineIndex
        statementSpans = found.isEmpty ? [] : StatementSpan.collect(parse)
    }

    /// The suppression that silences `ruleID` at `range` (offsets into `ParseResult.text`),
    /// marking it used; nil when the finding stands.
    public mutating func suppression(ruleID: String, range: TextRange) -> Suppression? {
        guard !table.isEmpty else { return nil }
        let flaggedLine = lineIndex.lineNumber(containing: range.start) + 1
        var lines = [flaggedLine]
        if let statementLine = firstLineOfStatement(containing: range.start), statementLine != flaggedLine {
            lines.append(statementLine)
        }
        return table.match(ruleID: ruleID, onLines: lines)
    }

    public mutating func suppresses(ruleID: String, range: TextRange) -> Bool {
        suppression(ruleID: ruleID, range: range) != nil
    }

    /// `# sosecure: ignore` comments that silenced nothing, narrowed to the listed ids that were
    /// never used. `nosec`/`noqa` comments belong to other tools and are never reported.
    public func unused() -> [Suppression] { table.unused() }

    /// 1-based first line of the innermost statement part (simple statement, compound header,
    /// decorator, except/case clause) that contains `offset`.
    func firstLineOfStatement(containing offset: Int) -> Int? {
        // Spans are disjoint and sorted, so the candidate is the last one starting at or before `offset`.
        var low = 0
        var high = statementSpans.count
        while low < high {
            let mid = (low + high) / 2
            if statementSpans[mid].range.start <= offset { low = mid + 1 } else { high = mid }
        }
        var index = low - 1
        // Recovery after syntax errors can leave overlapping spans; look back a little.
        var looked = 0
        while index >= 0, looked < 8 {
            let span = statementSpans[index]
            if span.range.start <= offset, offset < max(span.range.end, span.range.start + 1) {
                return lineIndex.lineNumber(containing: span.firstLineOffset) + 1
            }
            index -= 1
            looked += 1
        }
        return nil
    }
}

/// A part of a statement whose first line carries its suppressions.
struct StatementSpan: Sendable {
    let range: TextRange
    /// Where the part's first line is (a header may start after decorators).
    let firstLineOffset: Int

    static func collect(_ parse: ParseResult) -> [StatementSpan] {
        var spans: [StatementSpan] = []
        func add(_ start: Int, _ end: Int) {
            guard end > start else { return }
            spans.append(StatementSpan(range: TextRange(start: start, end: end), firstLineOffset: start))
        }
        func header(from start: Int, to body: [Stmt], fallbackEnd: Int) {
            add(start, body.first?.range.start ?? fallbackEnd)
        }
        ASTWalker.walk(.module(parse.module), enter: { node in
            switch node {
            case let .stmt(stmt):
                let range = stmt.range
                switch stmt.kind {
                case let .functionDef(_, _, _, body, decorators, _, _), let .classDef(_, _, _, _, body, decorators):
                    for decorator in decorators { add(decorator.range.start, decorator.range.end) }
                    // If the statement's range covers its decorators, the header starts after the last one.
                    var start = range.start
                    if let last = decorators.last, last.range.end > start {
                        start = Self.skipBlanksAndComments(from: last.range.end, in: parse)
                    }
                    header(from: start, to: body, fallbackEnd: range.end)
                case let .for(_, _, body, _, _), let .while(_, body, _), let .if(_, body, _), let .with(_, body, _):
                    header(from: range.start, to: body, fallbackEnd: range.end)
                case let .try(body, _, _, _, _):
                    header(from: range.start, to: body, fallbackEnd: range.end)
                case let .match(_, cases):
                    add(range.start, cases.first?.pattern.range.start ?? range.end)
                default:
                    add(range.start, range.end)
                }
            case let .exceptHandler(handler):
                header(from: handler.range.start, to: handler.body, fallbackEnd: handler.range.end)
            case let .matchCase(matchCase):
                header(from: matchCase.pattern.range.start, to: matchCase.body, fallbackEnd: matchCase.pattern.range.end)
            default:
                break
            }
            return true
        })
        spans.sort { $0.range < $1.range }
        return spans
    }

    private static func skipBlanksAndComments(from offset: Int, in parse: ParseResult) -> Int {
        var index = offset
        let text = parse.text
        while index < text.count {
            switch text[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\u{0C}"):
                index += 1
            case UInt8(ascii: "#"):
                while index < text.count, text[index] != UInt8(ascii: "\n") { index += 1 }
            default:
                return index
            }
        }
        return index
    }
}

/// Reads the directives of one comment. A comment may hold several (`# noqa # sosecure: ignore[x]`).
enum SuppressionCommentParser {
    static func parse(comment: String, line: Int, range: TextRange, honorNosec: Bool) -> [Suppression] {
        // Most comments name no directive: a byte search spares them the splitting and lowercasing below.
        guard mentionsDirective(comment, honorNosec: honorNosec) else { return [] }
        var result: [Suppression] = []
        for segment in comment.split(separator: "#", omittingEmptySubsequences: true) {
            let trimmed = segment.trimmingBlanks()
            let lowered = trimmed.lowercased()
            if lowered.hasPrefix("sosecure:") {
                if let (ids, reason) = ignoreDirective(trimmed.dropFirst("sosecure:".count).trimmingBlanks()) {
                    result.append(Suppression(kind: .sosecure, line: line, ruleIDs: ids, reason: reason, range: range))
                }
            } else if honorNosec, startsWithWord("nosec", lowered) {
                // Bandit test ids (`B602`) are not mapped to our rules: any nosec silences the line.
                result.append(Suppression(kind: .nosec, line: line, ruleIDs: [], reason: nil, range: range))
            } else if honorNosec, startsWithWord("noqa", lowered) {
                let rest = lowered.dropFirst(4).trimmingBlanks()
                if rest.hasPrefix(":") {
                    // `noqa: E501` is about style; only Ruff's flake8-bandit codes (S…) are about security.
                    let codes = rest.dropFirst().split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
                    guard codes.contains(where: { $0.hasPrefix("s") && $0.dropFirst().allSatisfy(\.isASCIIDigitCharacter) && $0.count > 1 })
                    else { continue }
                }
                result.append(Suppression(kind: .noqa, line: line, ruleIDs: [], reason: nil, range: range))
            }
        }
        return result
    }

    /// `ignore`, `ignore reason`, `ignore[a, b]`, `ignore[a] reason` (case-insensitive keyword).
    private static func ignoreDirective(_ text: Substring) -> ([String], String?)? {
        guard text.lowercased().hasPrefix("ignore") else { return nil }
        var rest = text.dropFirst("ignore".count)
        var ids: [String] = []
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            ids = rest[rest.index(after: rest.startIndex)..<close]
                .split(separator: ",").map { $0.trimmingBlanks().lowercased() }.filter { !$0.isEmpty }
            rest = rest[rest.index(after: close)...]
        } else if let next = rest.first, next != " ", next != "\t" {
            // `ignored`, `ignore-this`: not our keyword.
            return nil
        }
        let reason = rest.trimmingBlanks()
        return (ids, reason.isEmpty ? nil : String(reason))
    }

    /// Whether the comment holds `sosecure:` (or `nosec`, `noqa`), in any ASCII case. Every directive
    /// starts with one of these, and no other character lowercases to their letters.
    static func mentionsDirective(_ comment: String, honorNosec: Bool) -> Bool {
        var comment = comment
        return comment.withUTF8 { mentionsDirective($0, honorNosec: honorNosec) }
    }

    /// The same test on a comment's bytes, so a caller can skip a comment before building its text.
    static func mentionsDirective(_ bytes: UnsafeBufferPointer<UInt8>, honorNosec: Bool) -> Bool {
        let words = directiveWords.prefix(honorNosec ? directiveWords.count : 1)
        for start in bytes.indices {
            let first = bytes[start] | 0x20
            guard first == UInt8(ascii: "s") || first == UInt8(ascii: "n") else { continue }
            for word in words where word[0] == first && start + word.count <= bytes.count {
                var offset = 1
                // `| 0x20` lowercases ASCII letters and leaves `:` as it is.
                while offset < word.count, bytes[start + offset] | 0x20 == word[offset] { offset += 1 }
                if offset == word.count { return true }
            }
        }
        return false
    }

    private static let directiveWords: [[UInt8]] = [Array("sosecure:".utf8), Array("nosec".utf8), Array("noqa".utf8)]

    private static func startsWithWord(_ word: String, _ text: String) -> Bool {
        guard text.hasPrefix(word) else { return false }
        guard let next = text.dropFirst(word.count).first else { return true }
        return !(next.isLetter || next.isNumber || next == "_")
    }
}

extension StringProtocol where SubSequence == Substring {
    func trimmingBlanks() -> Substring {
        let sub = self[...]
        let start = sub.firstIndex(where: { $0 != " " && $0 != "\t" }) ?? sub.endIndex
        let end = sub.lastIndex(where: { $0 != " " && $0 != "\t" }).map { sub.index(after: $0) } ?? start
        return sub[start..<Swift.max(start, end)]
    }
}
