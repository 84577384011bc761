import SOSecureCFamily
import SOSecureCore

/// One node of a file's token tree as the matcher walks it: a token, or a bracket group whose
/// children are a list of their own. Plain data, so a file's nodes are one array: building and freeing
/// a tree costs a few allocations per file instead of one object per token.
struct CodeNode: Sendable {
    /// The token, or the group from its opening bracket to its closing one (or last child when unclosed).
    let start: Int32
    let end: Int32
    /// End of the token's text; for a group, of its opening bracket.
    let textEnd: Int32
    /// Start of a group's closing bracket; -1 for tokens and unclosed groups.
    let closeStart: Int32
    /// 0-based lines of the first and last byte.
    let firstLine: Int32
    let lastLine: Int32
    /// A group's list of children (a `CodeTree.lists` index); -1 for a token.
    let childList: Int32
    /// The token's kind; `.openBracket` for a group.
    let kind: TokenKind
    let flags: CodeNodeFlags

    var isGroup: Bool { childList >= 0 }
    var range: TextRange { TextRange(start: Int(start), end: Int(end)) }
    var textLength: Int { Int(textEnd - start) }
    var tokenKind: TokenKind? { isGroup ? nil : kind }
    /// Whether this item can end an expression, so that a line break after it ends a statement when the
    /// next line starts a new operand (languages without mandatory semicolons).
    var endsOperand: Bool { flags.contains(.endsOperand) }
    var startsOperand: Bool { flags.contains(.startsOperand) }
    /// A `,`, `;` or assignment operator: where a metavariable's expression must stop.
    var endsExpression: Bool { flags.contains(.endsExpression) }

    /// A line break between `previous` and `next` that ends a statement.
    static func isStatementBreak(_ previous: CodeNode, _ next: CodeNode) -> Bool {
        previous.lastLine < next.firstLine && previous.endsOperand && next.startsOperand
    }
}

/// What is worked out once per node when the file is read: the matcher asks these for every item of
/// every candidate binding.
struct CodeNodeFlags: OptionSet, Sendable {
    let rawValue: UInt8
    static let endsOperand = CodeNodeFlags(rawValue: 1)
    static let startsOperand = CodeNodeFlags(rawValue: 2)
    static let endsExpression = CodeNodeFlags(rawValue: 4)
}

/// A file's token trees as flat arrays, laid out as the tree builder's `TokenForest`: every sibling list
/// is a contiguous run of `nodes`, children lists come before their parents' and the top level is last.
final class CodeTree: Sendable {
    let bytes: [UInt8]
    let nodes: [CodeNode]
    /// Each list's run of `nodes`.
    let lists: [Range<Int>]
    /// The top-level list.
    let rootList: Int

    init(_ syntax: CFamilySyntax, lineIndex: LineIndex) {
        bytes = syntax.file.bytes
        nodes = CodeNodeBuilder(syntax, lineIndex: lineIndex).nodes
        lists = syntax.forest.lists
        rootList = syntax.forest.rootList
    }

    /// The token's text (a group's opening bracket), invalid UTF-8 repaired.
    func text(_ index: Int) -> String {
        let node = nodes[index]
        return String(decoding: bytes[Int(node.start)..<Int(node.textEnd)], as: UTF8.self)
    }

    /// A group's closing bracket; empty for tokens and unclosed groups.
    func closeText(_ index: Int) -> String {
        let node = nodes[index]
        guard node.closeStart >= 0 else { return "" }
        return String(decoding: bytes[Int(node.closeStart)..<Int(node.end)], as: UTF8.self)
    }

    /// Whether the node's text is exactly `text`, compared byte by byte.
    func textEquals(_ index: Int, _ text: String) -> Bool {
        let node = nodes[index]
        return ASCIIBytes.equal(bytes, Int(node.start)..<Int(node.textEnd), text)
    }

    /// Like `textEquals`, ignoring case the way PHP names do: ASCII letters fold, and text with other
    /// characters is compared lowercased.
    func textEqualsIgnoringCase(_ index: Int, _ text: String) -> Bool {
        let node = nodes[index]
        let range = Int(node.start)..<Int(node.textEnd)
        if ASCIIBytes.equalIgnoringCase(bytes, range, text) { return true }
        guard text.utf8.contains(where: { $0 >= 0x80 }) || bytes[range].contains(where: { $0 >= 0x80 }) else { return false }
        return self.text(index).lowercased() == text.lowercased()
    }

    /// Whitespace-free spelling of a run of one list, to compare two bindings of one metavariable.
    func key(_ indices: Range<Int>) -> String {
        var key = ""
        appendKey(indices, to: &key)
        return key
    }

    private func appendKey(_ indices: Range<Int>, to key: inout String) {
        for index in indices {
            if index > indices.lowerBound { key += " " }
            key += text(index)
            let node = nodes[index]
            if node.isGroup {
                appendKey(lists[Int(node.childList)], to: &key)
                key += closeText(index)
            }
        }
    }
}

/// Turns the forest's nodes into `CodeNode`s, in the forest's order: a group's children come before it,
/// so its end can be taken from its last child when it is never closed.
private struct CodeNodeBuilder {
    private(set) var nodes: [CodeNode] = []

    init(_ syntax: CFamilySyntax, lineIndex: LineIndex) {
        let tokens = syntax.tokens
        // Lines of each token's first and last byte, in one forward pass: tokens are in source order.
        var firstLines = [Int32](repeating: 0, count: tokens.count)
        var lastLines = [Int32](repeating: 0, count: tokens.count)
        var lines = LineCursor(lineIndex)
        for (index, token) in tokens.enumerated() {
            firstLines[index] = Int32(lines.line(containing: token.range.start))
            lastLines[index] = Int32(lines.line(containing: max(token.range.start, token.range.end - 1)))
        }
        let forest = syntax.forest
        nodes.reserveCapacity(forest.nodes.count)
        // Token texts are read through a buffer pointer: a slice of the array would retain it per token.
        syntax.file.bytes.withUnsafeBufferPointer { bytes in
            for node in forest.nodes {
                let first = tokens[Int(node.token)]
                guard node.isGroup else {
                    let start = first.range.start
                    let end = first.range.end
                    nodes.append(CodeNode(start: Int32(start), end: Int32(end), textEnd: Int32(end), closeStart: -1,
                                          firstLine: firstLines[Int(node.token)], lastLine: lastLines[Int(node.token)],
                                          childList: -1, kind: first.kind, flags: Self.flags(of: first.kind, bytes[start..<end])))
                    continue
                }
                let children = forest.lists[Int(node.childList)]
                var end = first.range.end
                var lastLine = firstLines[Int(node.token)]
                var closeStart = -1
                var flags: CodeNodeFlags = []
                if node.close >= 0 {
                    let close = tokens[Int(node.close)]
                    end = close.range.end
                    lastLine = lastLines[Int(node.close)]
                    closeStart = close.range.start
                    let closeByte = bytes[close.range.start]
                    if closeByte == UInt8(ascii: ")") || closeByte == UInt8(ascii: "]") || closeByte == UInt8(ascii: "}") {
                        flags.insert(.endsOperand)
                    }
                } else if let last = children.last {
                    end = Int(nodes[last].end)
                    lastLine = nodes[last].lastLine
                }
                nodes.append(CodeNode(start: Int32(first.range.start), end: Int32(end), textEnd: Int32(first.range.end),
                                      closeStart: Int32(closeStart), firstLine: firstLines[Int(node.token)], lastLine: lastLine,
                                      childList: node.childList, kind: .openBracket, flags: flags))
            }
        }
    }

    typealias Text = Slice<UnsafeBufferPointer<UInt8>>

    private static func flags(of kind: TokenKind, _ text: Text) -> CodeNodeFlags {
        var flags: CodeNodeFlags = []
        if endsOperand(kind, text) { flags.insert(.endsOperand) }
        if startsOperand(kind, text) { flags.insert(.startsOperand) }
        // Every assignment operator ends in `=`: test that byte before looking the text up.
        if kind == .punctuation, let last = text.last {
            if text.count == 1 && (last == UInt8(ascii: ",") || last == UInt8(ascii: ";")) {
                flags.insert(.endsExpression)
            } else if last == UInt8(ascii: "="), isOneOf(text, assignmentOperators) {
                flags.insert(.endsExpression)
            }
        }
        return flags
    }

    private static func endsOperand(_ kind: TokenKind, _ text: Text) -> Bool {
        switch kind {
        case .identifier, .number, .string, .variable, .regex: return true
        case .stringPart: return text.last == UInt8(ascii: "`") || text.last == UInt8(ascii: "\"")
        case .keyword: return isOneOf(text, operandKeywords)
        case .punctuation: return isIncrementOrDecrement(text)
        default: return false
        }
    }

    private static let operandKeywords = KeywordSet(["true", "false", "null", "nil", "this", "self", "super", "break",
                                                     "continue", "return", "undefined", "iota"])
    private static let assignmentOperators = KeywordSet(Array(TokenPatternMatcher.assignmentOperators))

    /// Whether `text` is one of a few short words, looked up from the bytes: a set of strings would
    /// hash a new string for every keyword and operator of the file.
    private static func isOneOf(_ text: Text, _ words: KeywordSet) -> Bool {
        words.index(of: text.base, text.startIndex, text.count) != nil
    }

    private static func startsOperand(_ kind: TokenKind, _ text: Text) -> Bool {
        switch kind {
        case .identifier, .number, .string, .variable, .keyword, .preprocessor: return true
        case .stringPart: return text.first == UInt8(ascii: "`") || text.first == UInt8(ascii: "\"")
        case .punctuation:
            if isIncrementOrDecrement(text) { return true }
            guard text.count == 1, let byte = text.first else { return false }
            return byte == UInt8(ascii: "@") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "#")
        default: return false
        }
    }

    private static func isIncrementOrDecrement(_ text: Text) -> Bool {
        guard text.count == 2, let first = text.first, first == text.last else { return false }
        return first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
    }
}

/// A node of a `CodeTree` with its text and children as values, for the code that walks statements
/// (taint, suppressions) rather than matching every token: each access builds what it returns.
struct CodeItem {
    let tree: CodeTree
    let index: Int

    var node: CodeNode { tree.nodes[index] }
    var isGroup: Bool { node.isGroup }
    var tokenKind: TokenKind? { node.tokenKind }
    /// The token's text; for a group, its opening bracket.
    var text: String { tree.text(index) }
    var range: TextRange { node.range }
    var firstLine: Int { Int(node.firstLine) }
    var lastLine: Int { Int(node.lastLine) }
    /// The closing bracket's text; empty for tokens and unclosed groups.
    var closeText: String { tree.closeText(index) }
    var children: [CodeItem] {
        let node = node
        guard node.isGroup else { return [] }
        return tree.lists[Int(node.childList)].map { CodeItem(tree: tree, index: $0) }
    }

    func isToken(_ text: String) -> Bool {
        !node.isGroup && tree.textEquals(index, text)
    }

    /// A line break between `previous` and `next` that ends a statement.
    static func isStatementBreak(_ previous: CodeItem, _ next: CodeItem) -> Bool {
        CodeNode.isStatementBreak(previous.node, next.node)
    }
}

/// A C-family file ready for matching: its token trees as a `CodeTree` and its comments.
struct CodeDocument: Sendable {
    let file: SourceFile
    let dialect: Dialect
    let tree: CodeTree
    /// Comment tokens, in order (suppressions are read from them).
    let comments: [TextRange]
    let diagnostics: [CFamilyDiagnostic]
    /// The pattern texts the index covers.
    let vocabulary: PatternVocabulary
    /// For each vocabulary text (by number), the lists that hold it at their own level, in ascending
    /// order; empty when the file lacks it. A pattern visits only the lists that hold all its own names,
    /// and skips a file that lacks any.
    private let listsByText: [[Int]]
    /// For each list, which bracket groups and assignment tokens it holds at its own level (`ListShape`
    /// bits): a pattern of only metavariables, brackets and `=` still skips the lists without them.
    let listShapes: [ListShape]

    /// The top-level items.
    var roots: [CodeItem] { tree.lists[tree.rootList].map { CodeItem(tree: tree, index: $0) } }

    /// The token kinds `listsContaining` covers. Punctuation is left out: nearly every list holds
    /// `;` or `=`, so indexing it would cost a hash per token and narrow nothing.
    static func isIndexed(_ kind: TokenKind) -> Bool {
        switch kind {
        case .identifier, .keyword, .variable: return true
        default: return false
        }
    }

    /// `vocabulary`: the texts the document will be asked about (those of the patterns it is matched with).
    init(file: SourceFile, dialect: Dialect, vocabulary: PatternVocabulary) {
        self.file = file
        self.dialect = dialect
        self.vocabulary = vocabulary
        let syntax = CFamilySyntax.parse(file, dialect: dialect)
        let tree = CodeTree(syntax, lineIndex: file.lineIndex)
        self.tree = tree
        comments = syntax.tokens.filter { $0.kind == .comment }.map(\.range)
        diagnostics = syntax.diagnostics
        var shapes: [ListShape] = []
        shapes.reserveCapacity(tree.lists.count)
        var byText: [[Int]] = Array(repeating: [], count: vocabulary.texts.count)
        // Local copies: reading the class's arrays inside the loop would retain them per node.
        let nodes = tree.nodes
        file.bytes.withUnsafeBufferPointer { bytes in
            // Lists are visited in number order, so each text's list numbers come out ascending and a
            // repeat is always the last one.
            for (number, list) in tree.lists.enumerated() {
                var shape: ListShape = []
                for index in list {
                    let node = nodes[index]
                    if node.isGroup {
                        shape.insert(ListShape.group(bytes[Int(node.start)]))
                        continue
                    }
                    if node.endsExpression && (node.textLength != 1 || bytes[Int(node.start)] == UInt8(ascii: "=")) {
                        shape.insert(.assignment)
                    }
                    guard Self.isIndexed(node.kind),
                          let text = vocabulary.number(of: bytes, Int(node.start), node.textLength, kind: node.kind) else { continue }
                    Self.appendOnce(number, to: &byText[text])
                }
                shapes.append(shape)
            }
        }
        listShapes = shapes
        listsByText = byText
    }

    /// The lists holding the text of vocabulary number `text` at their own level; nil when none does.
    func lists(containing text: Int) -> [Int]? {
        let lists = listsByText[text]
        return lists.isEmpty ? nil : lists
    }

    /// The lists holding `text` at their own level; nil when none does or the vocabulary lacks it.
    func lists(containing text: String) -> [Int]? {
        vocabulary.number(of: text).flatMap { lists(containing: $0) }
    }

    private static func appendOnce(_ index: Int, to lists: inout [Int]) {
        if lists.last != index { lists.append(index) }
    }

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

    /// The bit of a group opened by `open` (`(`, `[`, `{`).
    static func group(_ open: String) -> ListShape {
        open.utf8.count == 1 ? group(open.utf8.first ?? 0) : []
    }

    /// The bit of a group whose opening bracket starts with `byte`.
    static func group(_ byte: UInt8) -> ListShape {
        switch byte {
        case UInt8(ascii: "("): return .parentheses
        case UInt8(ascii: "["): return .brackets
        case UInt8(ascii: "{"): return .braces
        default: return []
        }
    }
}
