import SOSecureCFamily
import SOSecureCore

/// One node of a file's token tree as the matcher walks it: a token, or a bracket group with its
/// children. Text and lines are worked out once, when the file is read. A class: the matcher passes
/// items and slices of them around constantly, and a reference is one word to copy.
final class CodeItem: Sendable {
    enum Kind: Sendable, Equatable {
        case token(TokenKind)
        case group
    }

    let kind: Kind
    /// The token's text; for a group, its opening bracket.
    let text: String
    /// The token, or the group from its opening bracket to its closing one (or last child when unclosed).
    let range: TextRange
    /// 0-based lines of the first and last byte.
    let firstLine: Int
    let lastLine: Int
    let children: [CodeItem]
    /// The closing bracket's text; empty for tokens and unclosed groups.
    let closeText: String
    /// Whether this item can end an expression, so that a line break after it ends a statement
    /// when the next line starts a new operand (languages without mandatory semicolons).
    let endsOperand: Bool
    let startsOperand: Bool
    /// A `,`, `;` or assignment operator: where a metavariable's expression must stop.
    let endsExpression: Bool

    init(kind: Kind, text: String, range: TextRange, firstLine: Int, lastLine: Int, children: [CodeItem], closeText: String) {
        self.kind = kind
        self.text = text
        self.range = range
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.children = children
        self.closeText = closeText
        // Worked out once here: the matcher asks these for every item of every candidate binding.
        endsOperand = Self.endsOperand(kind, text: text, closeText: closeText)
        startsOperand = Self.startsOperand(kind, text: text)
        // Every assignment operator ends in `=`: test that byte before hashing the text.
        endsExpression = kind == .token(.punctuation)
            && (text == "," || text == ";"
                || (text.utf8.last == UInt8(ascii: "=") && TokenPatternMatcher.assignmentOperators.contains(text)))
    }

    var isGroup: Bool { kind == .group }

    func isToken(_ text: String) -> Bool {
        if case .token = kind { return self.text == text }
        return false
    }

    var tokenKind: TokenKind? {
        if case let .token(kind) = kind { return kind }
        return nil
    }

    /// Whitespace-free spelling used to compare two bindings of one metavariable.
    var key: String {
        guard isGroup else { return text }
        return text + Self.key(children[...]) + closeText
    }

    static func key(_ items: ArraySlice<CodeItem>) -> String {
        items.map(\.key).joined(separator: " ")
    }

    private static func endsOperand(_ kind: Kind, text: String, closeText: String) -> Bool {
        switch kind {
        case .group: return closeText == ")" || closeText == "]" || closeText == "}"
        case let .token(kind):
            switch kind {
            case .identifier, .number, .string, .variable, .regex: return true
            case .stringPart: return text.hasSuffix("`") || text.hasSuffix("\"")
            case .keyword: return Self.operandKeywords.contains(text)
            case .punctuation: return text == "++" || text == "--"
            default: return false
            }
        }
    }

    private static let operandKeywords: Set<String> = ["true", "false", "null", "nil", "this", "self", "super", "break",
                                                       "continue", "return", "undefined", "iota"]

    private static func startsOperand(_ kind: Kind, text: String) -> Bool {
        switch kind {
        // `(`/`[` at the start of a line usually continue the previous one; a block never starts an operand.
        case .group: return false
        case let .token(kind):
            switch kind {
            case .identifier, .number, .string, .variable, .keyword, .preprocessor: return true
            case .stringPart: return text.hasPrefix("`") || text.hasPrefix("\"")
            case .punctuation: return text == "@" || text == "++" || text == "--" || text == "!" || text == "#"
            default: return false
            }
        }
    }

    /// A line break between `previous` and `next` that ends a statement.
    static func isStatementBreak(_ previous: CodeItem, _ next: CodeItem) -> Bool {
        previous.lastLine < next.firstLine && previous.endsOperand && next.startsOperand
    }
}

/// A C-family file ready for matching: its token trees as `CodeItem`s and its comments.
struct CodeDocument: Sendable {
    let file: SourceFile
    let dialect: Dialect
    let roots: [CodeItem]
    /// Comment tokens, in order (suppressions are read from them).
    let comments: [TextRange]
    let diagnostics: [CFamilyDiagnostic]
    /// Every sibling list of the trees (the roots and each group's children).
    let lists: [[CodeItem]]
    /// For each name and keyword (of the vocabulary, when one is given), the lists that hold it at their
    /// own level, in ascending order: a pattern visits only the lists that hold all its own names, and
    /// skips a file that lacks any.
    let listsContaining: [String: [Int]]
    /// For each list, which bracket groups and assignment tokens it holds at its own level (`ListShape`
    /// bits): a pattern of only metavariables, brackets and `=` still skips the lists without them.
    let listShapes: [ListShape]

    /// The token kinds `listsContaining` covers. Punctuation is left out: nearly every list holds
    /// `;` or `=`, so indexing it would cost a hash per token and narrow nothing.
    static func isIndexed(_ kind: TokenKind) -> Bool {
        switch kind {
        case .identifier, .keyword, .variable: return true
        default: return false
        }
    }

    /// `vocabulary`: the only texts `listsContaining` will be asked about; nil indexes every name.
    init(file: SourceFile, dialect: Dialect, vocabulary: PatternVocabulary? = nil) {
        self.file = file
        self.dialect = dialect
        let syntax = CFamilySyntax.parse(file, dialect: dialect)
        var lines = LineCursor(file.lineIndex)
        let bytes = file.bytes
        func text(_ range: TextRange) -> String {
            // Brackets and one-character operators are a third of all tokens: their texts are made once.
            if range.end - range.start == 1, range.start >= 0, range.start < bytes.count, bytes[range.start] < 0x80 {
                return Self.asciiTexts[Int(bytes[range.start])]
            }
            return String(decoding: bytes[max(0, range.start)..<min(range.end, bytes.count)], as: UTF8.self)
        }
        func item(_ tree: TokenTree) -> CodeItem? {
            switch tree {
            case let .token(token):
                if token.kind == .comment { return nil }
                return CodeItem(kind: .token(token.kind), text: text(token.range), range: token.range,
                                firstLine: lines.line(containing: token.range.start),
                                lastLine: lines.line(containing: max(token.range.start, token.range.end - 1)),
                                children: [], closeText: "")
            case let .group(open, children, close):
                let items = children.compactMap(item)
                let end = close?.range.end ?? items.last?.range.end ?? open.range.end
                return CodeItem(kind: .group, text: text(open.range), range: TextRange(start: open.range.start, end: end),
                                firstLine: lines.line(containing: open.range.start),
                                lastLine: lines.line(containing: max(open.range.start, end - 1)),
                                children: items, closeText: close.map { text($0.range) } ?? "")
            }
        }
        roots = syntax.trees.compactMap(item)
        comments = syntax.tokens.filter { $0.kind == .comment }.map(\.range)
        diagnostics = syntax.diagnostics
        var lists: [[CodeItem]] = []
        var shapes: [ListShape] = []
        var containing: [String: [Int]] = [:]
        func collect(_ items: [CodeItem]) {
            let index = lists.count
            lists.append(items)
            shapes.append(ListShape(items))
            // Own tokens before nested lists: lists are numbered in the order they are entered, so each
            // text's list numbers come out ascending and a repeat is always the last one.
            for item in items {
                guard let kind = item.tokenKind, Self.isIndexed(kind) else { continue }
                let text = item.tokenKind == .variable ? item.text : Self.comparable(item.text, dialect)
                if let vocabulary, !vocabulary.mayContain(text) { continue }
                // One in-place access of the entry: a second lookup would double the hashing.
                Self.appendOnce(index, to: &containing[text, default: []])
            }
            for item in items where item.isGroup { collect(item.children) }
        }
        collect(roots)
        self.lists = lists
        listShapes = shapes
        listsContaining = containing
    }

    private static func appendOnce(_ index: Int, to lists: inout [Int]) {
        if lists.last != index { lists.append(index) }
    }

    /// The one-character text of every ASCII byte.
    private static let asciiTexts: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

    /// Token text as compared across a file: PHP names and keywords ignore case.
    static func comparable(_ text: String, _ dialect: Dialect) -> String {
        dialect == .php ? text.lowercased() : text
    }

    func text(_ range: TextRange) -> String { file.text(in: range) }
}

/// Line numbers for offsets asked in increasing order, as the tree walk asks them: a step forward from
/// the previous answer instead of a binary search each time.
private struct LineCursor {
    private let index: LineIndex
    private var line = 0

    init(_ index: LineIndex) { self.index = index }

    mutating func line(containing offset: Int) -> Int {
        let starts = index.lineStarts
        if offset < starts[line] {
            line = index.lineNumber(containing: offset)
            return line
        }
        while line + 1 < starts.count && starts[line + 1] <= offset { line += 1 }
        return line
    }
}

/// Which kinds of bracket group, and whether an assignment, a sibling list or a pattern holds at its
/// own level; one bit each, so testing a list costs no hashing.
struct ListShape: OptionSet, Sendable {
    let rawValue: UInt8

    static let parentheses = ListShape(rawValue: 1)
    static let brackets = ListShape(rawValue: 2)
    static let braces = ListShape(rawValue: 4)
    static let assignment = ListShape(rawValue: 8)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(_ items: [CodeItem]) {
        var shape: ListShape = []
        for item in items {
            if item.isGroup {
                shape.insert(Self.group(item.text))
            } else if item.endsExpression && item.text != "," && item.text != ";" {
                shape.insert(.assignment)
            }
        }
        self = shape
    }

    /// The bit of a group opened by `open` (`(`, `[`, `{`).
    static func group(_ open: String) -> ListShape {
        switch open {
        case "(": return .parentheses
        case "[": return .brackets
        case "{": return .braces
        default: return []
        }
    }
}
