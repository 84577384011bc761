import SOSecureCFamily
import SOSecureCore

/// One node of a file's token tree as the matcher walks it: a token, or a bracket group with its
/// children. Text and lines are worked out once, when the file is read.
struct CodeItem: Sendable {
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
        return text + children.map(\.key).joined(separator: " ") + closeText
    }

    /// Whether this item can end an expression, so that a line break after it ends a statement
    /// when the next line starts a new operand (languages without mandatory semicolons).
    var endsOperand: Bool {
        switch kind {
        case .group: return closeText == ")" || closeText == "]" || closeText == "}"
        case let .token(kind):
            switch kind {
            case .identifier, .number, .string, .variable, .regex: return true
            case .stringPart: return text.hasSuffix("`") || text.hasSuffix("\"")
            case .keyword: return ["true", "false", "null", "nil", "this", "self", "super", "break", "continue", "return", "undefined", "iota"].contains(text)
            case .punctuation: return text == "++" || text == "--"
            default: return false
            }
        }
    }

    var startsOperand: Bool {
        switch kind {
        case .group: return text == "{" ? false : false
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

    init(file: SourceFile, dialect: Dialect) {
        self.file = file
        self.dialect = dialect
        let syntax = CFamilySyntax.parse(file, dialect: dialect)
        let lineIndex = file.lineIndex
        let bytes = file.bytes
        func text(_ range: TextRange) -> String {
            String(decoding: bytes[max(0, range.start)..<min(range.end, bytes.count)], as: UTF8.self)
        }
        func item(_ tree: TokenTree) -> CodeItem? {
            switch tree {
            case let .token(token):
                if token.kind == .comment { return nil }
                return CodeItem(kind: .token(token.kind), text: text(token.range), range: token.range,
                                firstLine: lineIndex.lineNumber(containing: token.range.start),
                                lastLine: lineIndex.lineNumber(containing: max(token.range.start, token.range.end - 1)),
                                children: [], closeText: "")
            case let .group(open, children, close):
                let items = children.compactMap(item)
                let end = close?.range.end ?? items.last?.range.end ?? open.range.end
                return CodeItem(kind: .group, text: text(open.range), range: TextRange(start: open.range.start, end: end),
                                firstLine: lineIndex.lineNumber(containing: open.range.start),
                                lastLine: lineIndex.lineNumber(containing: max(open.range.start, end - 1)),
                                children: items, closeText: close.map { text($0.range) } ?? "")
            }
        }
        roots = syntax.trees.compactMap(item)
        comments = syntax.tokens.filter { $0.kind == .comment }.map(\.range)
        diagnostics = syntax.diagnostics
    }

    func text(_ range: TextRange) -> String { file.text(in: range) }
}
