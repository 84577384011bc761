import SOSecureCFamily
import SOSecureCore

/// The code one metavariable matched.
struct MetavariableBinding: Sendable {
    let range: TextRange
    let items: ArraySlice<CodeItem>

    /// Token texts without whitespace, to compare two occurrences of one metavariable. Worked out only
    /// when compared: most bindings never are, and a group's key spells its whole subtree.
    var key: String { CodeItem.key(items) }
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
        for listIndex in candidates where document.listShapes[listIndex].isSuperset(of: pattern.ownShape) {
            let items = document.lists[listIndex]
            for start in items.indices where self.mayStart(pattern, items, start) && leading.map({ $0.mayLead(items[start].text) }) ?? true {
                self.budget.steps = 0
                var result: PatternMatch?
                _ = sequence(pattern.nodes, 0, items, start, [:], anchored: false) { end, bindings in
                    guard end > start else { return false }
                    result = PatternMatch(range: TextRange(start: items[start].range.start, end: items[end - 1].range.end), bindings: bindings)
                    return true
                }
                if let result, seen.insert(result.range).inserted { found.append(result) }
            }
        }
        // Lists are visited outer first; report in document order.
        return found.sorted { $0.range < $1.range }
    }

    /// The lists a match of `pattern` can lie in, from the document's text index: nil when the file lacks
    /// one of the pattern's tokens; else the lists holding all of its own-level tokens, or every list
    /// for a pattern with none (only metavariables and groups).
    static func candidateLists(_ pattern: CompiledPattern, _ document: CodeDocument) -> [Int]? {
        var holders: [[Int]] = []
        for text in pattern.allTexts {
            guard let lists = document.listsContaining[text] else { return nil }
            if pattern.ownTexts.contains(text) { holders.append(lists) }
        }
        holders.sort { $0.count < $1.count }
        guard var candidates = holders.first else { return Array(document.lists.indices) }
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

    /// Cheap test before backtracking: the first node's token must be here, and a pattern that starts
    /// with a name (`exec(...)`) does not match a member of something else (`re.exec(...)`).
    private func mayStart(_ pattern: CompiledPattern, _ items: [CodeItem], _ start: Int) -> Bool {
        guard let first = pattern.nodes.first else { return false }
        switch first {
        case let .token(kind, text):
            guard tokenMatches(kind, text, items[start]) else { return false }
            if kind == .identifier || kind == .keyword || kind == .variable { return !followsMemberAccess(items, start) }
            return true
        case .metavariable:
            return !followsMemberAccess(items, start)
        case let .group(open, _):
            return items[start].isGroup && items[start].text == open
        case .anyString:
            return items[start].tokenKind == .string
        case .ellipsis, .commaThenAnything, .anythingThenComma:
            return true
        }
    }

    private func followsMemberAccess(_ items: [CodeItem], _ index: Int) -> Bool {
        index > 0 && items[index - 1].tokenKind == .punctuation && Self.memberAccess(dialect).contains(items[index - 1].text)
    }

    func tokenMatches(_ kind: TokenKind, _ text: String, _ item: CodeItem) -> Bool {
        guard let itemKind = item.tokenKind else { return false }
        if kind == .string || itemKind == .string {
            return kind == itemKind && CodeItemText.stringContents(text) == CodeItemText.stringContents(item.text)
        }
        if item.text == text { return true }
        // PHP names and keywords ignore case (`System(...)`, `ECHO`); its variables do not.
        return dialect == .php && itemKind != .variable && item.text.lowercased() == text.lowercased()
    }

    /// Matches `nodes[index...]` against `items[position...]`; calls `done` with the end position and the
    /// bindings of each way to match until it returns true. `anchored` requires the items to end there.
    private func sequence(_ nodes: [PatternNode], _ index: Int, _ items: [CodeItem], _ position: Int,
                                   _ bindings: [String: MetavariableBinding], anchored: Bool,
                                   _ done: (Int, [String: MetavariableBinding]) -> Bool) -> Bool {
        budget.steps += 1
        if budget.steps > Self.stepLimit { return false }
        guard index < nodes.count else {
            if anchored && position != items.count { return false }
            return done(position, bindings)
        }
        func next(_ position: Int, _ bindings: [String: MetavariableBinding]) -> Bool {
            sequence(nodes, index + 1, items, position, bindings, anchored: anchored, done)
        }
        switch nodes[index] {
        case let .token(kind, text):
            guard position < items.count, tokenMatches(kind, text, items[position]) else { return false }
            return next(position + 1, bindings)
        case .anyString:
            guard position < items.count, items[position].tokenKind == .string else { return false }
            return next(position + 1, bindings)
        case let .group(open, children):
            guard position < items.count, items[position].isGroup, items[position].text == open else { return false }
            return sequence(children, 0, items[position].children, 0, bindings, anchored: true) { _, inner in
                next(position + 1, inner)
            }
        case .ellipsis:
            // A trailing `...` of an unanchored pattern reaches the end of its level, so
            // `pattern-inside: "$X = f(); ..."` covers the statements after the first.
            if !anchored, index == nodes.count - 1 { return next(items.count, bindings) }
            for end in position...items.count where next(end, bindings) { return true }
            return false
        case .commaThenAnything:
            if next(position, bindings) { return true }
            guard position < items.count, items[position].isToken(",") else { return false }
            for end in (position + 1)...items.count where next(end, bindings) { return true }
            return false
        case .anythingThenComma:
            if next(position, bindings) { return true }
            for comma in position..<items.count where items[comma].isToken(",") {
                if next(comma + 1, bindings) { return true }
            }
            return false
        case let .metavariable(name):
            guard position < items.count else { return false }
            if let bound = bindings[name] {
                // Same code, token for token: as many items as the first binding spells.
                let count = bound.items.count
                guard position + count <= items.count,
                      CodeItem.key(items[position..<(position + count)]) == bound.key else { return false }
                return next(position + count, bindings)
            }
            let limit = extent(items, from: position)
            guard limit > position else { return false }
            // Longest first: a metavariable at the end of a pattern takes the whole expression.
            for end in stride(from: limit, through: position + 1, by: -1) where canFollow(nodes, index + 1, items, end, anchored: anchored) {
                var extended = bindings
                extended[name] = MetavariableBinding(range: TextRange(start: items[position].range.start, end: items[end - 1].range.end),
                                                     items: items[position..<end])
                if next(end, extended) { return true }
            }
            return false
        }
    }

    /// Cheap test of a metavariable's candidate end: the next node must be able to start there, so no
    /// binding is built for lengths that fail at once.
    private func canFollow(_ nodes: [PatternNode], _ index: Int, _ items: [CodeItem], _ position: Int, anchored: Bool) -> Bool {
        guard index < nodes.count else { return !anchored || position == items.count }
        switch nodes[index] {
        case let .token(kind, text): return position < items.count && tokenMatches(kind, text, items[position])
        case .anyString: return position < items.count && items[position].tokenKind == .string
        case let .group(open, _): return position < items.count && items[position].isGroup && items[position].text == open
        case .metavariable: return position < items.count
        case .ellipsis, .commaThenAnything, .anythingThenComma: return true
        }
    }

    /// How far an expression starting at `position` can reach: up to a `,` or `;`, an assignment, or a
    /// line break that starts a new statement.
    private func extent(_ items: [CodeItem], from position: Int) -> Int {
        var end = position
        while end < items.count {
            let item = items[end]
            if item.endsExpression { break }
            if end > position, CodeItem.isStatementBreak(items[end - 1], item) { break }
            end += 1
        }
        return end
    }
}

/// The backtracking steps spent on the current start position (a class, so the recursive matcher's
/// continuations can count without exclusive access to the matcher).
private final class StepBudget {
    var steps = 0
}
