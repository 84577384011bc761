import SOSecureCFamily
import SOSecureCore

/// The code one metavariable matched: a run of one list of the file's tree.
struct MetavariableBinding: Sendable {
    let range: TextRange
    let tree: CodeTree
    /// The run's node indices.
    let nodes: Range<Int>

    /// Token texts without whitespace, to compare two occurrences of one metavariable. Worked out only
    /// when compared: most bindings never are, and a group's key spells its whole subtree.
    var key: String { tree.key(nodes) }
}

/// One place a pattern or formula matched.
struct PatternMatch: Sendable {
    let range: TextRange
    var bindings: [String: MetavariableBinding]

    /// Whether the metavariables both matches bind agree.
    func agrees(with other: PatternMatch) -> Bool {
        for (name, binding) in bindings {
            if let theirs = other.bindings[name], theirs.key != binding.key { return false }
        }
        return true
    }

    func merging(_ other: PatternMatch) -> PatternMatch {
        var merged = self
        merged.bindings.merge(other.bindings) { mine, _ in mine }
        return merged
    }
}

/// Finds every place a compiled pattern matches in a document's token trees. A match starts at any
/// token or group of any nesting level and covers consecutive siblings; a group in the pattern
/// matches a group in the code with the same bracket whose children match entirely. Comments are
/// not in the trees and strings are single tokens, so no match starts inside either.
struct TokenPatternMatcher {
    let dialect: Dialect
    /// Backtracking steps allowed per start position: patterns are short, but `...` and metavariables
    /// on long argument lists must not turn a scan quadratic-on-quadratic.
    static let stepLimit = 20_000
    private let budget = StepBudget()

    init(dialect: Dialect) { self.dialect = dialect }

    /// Tokens after which a name is a member of something else. PHP's `.` concatenates strings.
    static func memberAccess(_ dialect: Dialect) -> Set<String> {
        dialect == .php ? phpMemberAccess : memberAccessTokens
    }

    private static let memberAccessTokens: Set<String> = [".", "->", "?.", "?->"]
    private static let phpMemberAccess: Set<String> = ["->", "?->"]
    static let assignmentOperators: Set<String> = ["=", ":=", "+=", "-=", "*=", "/=", "%=", ".=", "|=", "&=", "^=",
                                                   "<<=", ">>=", ">>>=", "??=", "||=", "&&=", "**="]

    /// `startingWith`: words the first metavariable's binding must start with (from a regex filter), so
    /// a start token that begins with none of them is not tried.
    func matches(_ pattern: CompiledPattern, in document: CodeDocument, startingWith leading: RegexRequiredWords? = nil) -> [PatternMatch] {
        var found: [PatternMatch] = []
        var seen: Set<TextRange> = []
        guard let candidates = Self.candidateLists(pattern, document) else { return [] }
        let tree = document.tree
        for listIndex in candidates where document.listShapes[listIndex].isSuperset(of: pattern.ownShape) {
            let list = tree.lists[listIndex]
            for start in list where mayStart(pattern, tree, list, start) && mayLead(leading, tree, start) {
                budget.steps = 0
                var result: PatternMatch?
                _ = sequence(pattern.nodes, 0, tree, list, start, [:], anchored: false) { end, bindings in
                    // A match that ends inside a later block ends at a node of another list.
                    guard end > start || budget.insideBlock > 0 else { return false }
                    result = PatternMatch(range: TextRange(start: Int(tree.nodes[start].start), end: Int(tree.nodes[end - 1].end)),
                                          bindings: bindings)
                    return true
                }
                if let result, seen.insert(result.range).inserted { found.append(result) }
            }
        }
        // Lists are visited in number order (inner lists first); report in document order.
        return found.sorted { $0.range < $1.range }
    }

    /// The lists a match of `pattern` can lie in, from the document's text index: nil when the file lacks
    /// one of the pattern's tokens; else the lists holding all of its own-level tokens, or every list
    /// for a pattern with none (only metavariables and groups).
    /// A pattern the document's vocabulary was not built with is looked up text by text; a text the
    /// vocabulary lacks counts as absent.
    static func candidateLists(_ pattern: CompiledPattern, _ document: CodeDocument) -> [Int]? {
        var holders: [[Int]] = []
        if let numbers = document.vocabulary.textNumbers(of: pattern) {
            for text in numbers.all where document.lists(containing: text) == nil { return nil }
            for text in numbers.own { holders.append(document.lists(containing: text) ?? []) }
        } else {
            for text in pattern.allTexts {
                guard let lists = document.lists(containing: text) else { return nil }
                if pattern.ownTexts.contains(text) { holders.append(lists) }
            }
        }
        holders.sort { $0.count < $1.count }
        guard var candidates = holders.first else { return Array(document.tree.lists.indices) }
        for other in holders.dropFirst() {
            candidates = Self.intersection(candidates, other)
            if candidates.isEmpty { return nil }
        }
        return candidates
    }

    /// Common elements of two ascending arrays.
    private static func intersection(_ left: [Int], _ right: [Int]) -> [Int] {
        var result: [Int] = []
        var i = 0
        var j = 0
        while i < left.count && j < right.count {
            if left[i] == right[j] {
                result.append(left[i])
                i += 1
                j += 1
            } else if left[i] < right[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return result
    }

    /// Whether the token at `start` begins with one of the leading words (the first byte is tested
    /// before any text is built).
    private func mayLead(_ leading: RegexRequiredWords?, _ tree: CodeTree, _ start: Int) -> Bool {
        guard let leading else { return true }
        let node = tree.nodes[start]
        guard node.end > node.start, leading.mayLeadWith(tree.bytes[Int(node.start)]) else { return false }
        return leading.mayLead(tree.text(start))
    }

    /// Cheap test before backtracking: the first node's token must be here, and a pattern that starts
    /// with a name (`exec(...)`) does not match a member of something else (`re.exec(...)`).
    private func mayStart(_ pattern: CompiledPattern, _ tree: CodeTree, _ list: Range<Int>, _ start: Int) -> Bool {
        guard let first = pattern.nodes.first else { return false }
        switch first {
        case let .token(kind, text):
            guard tokenMatches(kind, text, tree, start) else { return false }
            if kind == .identifier || kind == .keyword || kind == .variable { return !followsMemberAccess(tree, list, start) }
            return true
        case .metavariable:
            return !followsMemberAccess(tree, list, start)
        case let .group(open, _):
            return tree.nodes[start].isGroup && tree.textEquals(start, open)
        case .anyString:
            return tree.nodes[start].tokenKind == .string
        case .ellipsis, .commaThenAnything, .anythingThenComma:
            return true
        }
    }

    private func followsMemberAccess(_ tree: CodeTree, _ list: Range<Int>, _ index: Int) -> Bool {
        guard index > list.lowerBound, tree.nodes[index - 1].tokenKind == .punctuation else { return false }
        return Self.memberAccess(dialect).contains { tree.textEquals(index - 1, $0) }
    }

    func tokenMatches(_ kind: TokenKind, _ text: String, _ tree: CodeTree, _ index: Int) -> Bool {
        guard let itemKind = tree.nodes[index].tokenKind else { return false }
        if kind == .string || itemKind == .string {
            return kind == itemKind && CodeItemText.stringContents(text) == CodeItemText.stringContents(tree.text(index))
        }
        if tree.textEquals(index, text) { return true }
        // PHP names and keywords ignore case (`System(...)`, `ECHO`); its variables do not.
        return dialect == .php && itemKind != .variable && tree.textEqualsIgnoringCase(index, text)
    }

    /// Matches `nodes[index...]` against the list's items from `position`; calls `done` with the end
    /// position and the bindings of each way to match until it returns true. `anchored` requires the
    /// items to end there.
    private func sequence(_ nodes: [PatternNode], _ index: Int, _ tree: CodeTree, _ list: Range<Int>, _ position: Int,
                          _ bindings: [String: MetavariableBinding], anchored: Bool,
                          _ done: (Int, [String: MetavariableBinding]) -> Bool) -> Bool {
        budget.steps += 1
        if budget.steps > Self.stepLimit { return false }
        guard index < nodes.count else {
            if anchored && position != list.upperBound { return false }
            return done(position, bindings)
        }
        func next(_ position: Int, _ bindings: [String: MetavariableBinding]) -> Bool {
            sequence(nodes, index + 1, tree, list, position, bindings, anchored: anchored, done)
        }
        let end = list.upperBound
        switch nodes[index] {
        case let .token(kind, text):
            guard position < end, tokenMatches(kind, text, tree, position) else { return false }
            return next(position + 1, bindings)
        case .anyString:
            guard position < end, tree.nodes[position].tokenKind == .string else { return false }
            return next(position + 1, bindings)
        case let .group(open, children):
            guard position < end else { return false }
            let group = tree.nodes[position]
            guard group.isGroup, tree.textEquals(position, open) else { return false }
            let inner = tree.lists[Int(group.childList)]
            return sequence(children, 0, tree, inner, inner.lowerBound, bindings, anchored: true) { _, innerBindings in
                next(position + 1, innerBindings)
            }
        case .ellipsis:
            // A trailing `...` of an unanchored pattern reaches the end of its level, so
            // `pattern-inside: "$X = f(); ..."` covers the statements after the first.
            if !anchored, index == nodes.count - 1 { return next(end, bindings) }
            for stop in position...end where next(stop, bindings) { return true }
            // Between statements, `...` also reaches into the blocks that follow at this level, at any
            // depth (`free(p); … if (x) { use(p); }`): the rest of the pattern may match inside one.
            guard !anchored else { return false }
            for group in position..<end {
                let node = tree.nodes[group]
                guard node.isGroup, tree.bytes[Int(node.start)] == UInt8(ascii: "{") else { continue }
                let inner = tree.lists[Int(node.childList)]
                let found = sequence(nodes, index, tree, inner, inner.lowerBound, bindings, anchored: false) { innerEnd, innerBindings in
                    budget.insideBlock += 1
                    defer { budget.insideBlock -= 1 }
                    return done(innerEnd, innerBindings)
                }
                if found { return true }
            }
            return false
        case .commaThenAnything:
            if next(position, bindings) { return true }
            guard position < end, isComma(tree, position) else { return false }
            for stop in (position + 1)...end where next(stop, bindings) { return true }
            return false
        case .anythingThenComma:
            if next(position, bindings) { return true }
            for comma in position..<end where isComma(tree, comma) {
                if next(comma + 1, bindings) { return true }
            }
            return false
        case let .metavariable(name):
            guard position < end else { return false }
            if let bound = bindings[name] {
                // Same code, token for token: as many items as the first binding spells.
                let count = bound.nodes.count
                guard position + count <= end, tree.key(position..<(position + count)) == bound.key else { return false }
                return next(position + count, bindings)
            }
            let limit = extent(tree, list, from: position)
            guard limit > position else { return false }
            // Longest first: a metavariable at the end of a pattern takes the whole expression.
            for stop in stride(from: limit, through: position + 1, by: -1) where canFollow(nodes, index + 1, tree, list, stop, anchored: anchored) {
                var extended = bindings
                extended[name] = MetavariableBinding(range: TextRange(start: Int(tree.nodes[position].start), end: Int(tree.nodes[stop - 1].end)),
                                                     tree: tree, nodes: position..<stop)
                if next(stop, extended) { return true }
            }
            return false
        }
    }

    private func isComma(_ tree: CodeTree, _ index: Int) -> Bool {
        let node = tree.nodes[index]
        return !node.isGroup && node.textLength == 1 && tree.bytes[Int(node.start)] == UInt8(ascii: ",")
    }

    /// Cheap test of a metavariable's candidate end: the next node must be able to start there, so no
    /// binding is built for lengths that fail at once.
    private func canFollow(_ nodes: [PatternNode], _ index: Int, _ tree: CodeTree, _ list: Range<Int>, _ position: Int, anchored: Bool) -> Bool {
        guard index < nodes.count else { return !anchored || position == list.upperBound }
        let inside = position < list.upperBound
        switch nodes[index] {
        case let .token(kind, text): return inside && tokenMatches(kind, text, tree, position)
        case .anyString: return inside && tree.nodes[position].tokenKind == .string
        case let .group(open, _): return inside && tree.nodes[position].isGroup && tree.textEquals(position, open)
        case .metavariable: return inside
        case .ellipsis, .commaThenAnything, .anythingThenComma: return true
        }
    }

    /// How far an expression starting at `position` can reach: up to a `,` or `;`, an assignment, or a
    /// line break that starts a new statement.
    private func extent(_ tree: CodeTree, _ list: Range<Int>, from position: Int) -> Int {
        var end = position
        while end < list.upperBound {
            let node = tree.nodes[end]
            if node.endsExpression { break }
            if end > position, CodeNode.isStatementBreak(tree.nodes[end - 1], node) { break }
            end += 1
        }
        return end
    }
}

/// The backtracking steps spent on the current start position (a class, so the recursive matcher's
/// continuations can count without exclusive access to the matcher).
private final class StepBudget {
    var steps = 0
    /// Above zero while a match that ended inside a later block is being reported.
    var insideBlock = 0
}
