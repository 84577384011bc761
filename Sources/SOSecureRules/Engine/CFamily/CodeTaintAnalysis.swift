import SOSecureCFamily
import SOSecureCore

/// A hop of a taint path before it is given a line and column.
struct TaintHop: Sendable {
    let role: DataflowStep.Role
    let range: TextRange
    let message: String
}

/// A sink reached by untrusted data.
struct TaintedSink: Sendable {
    let range: TextRange
    let path: [TaintHop]
}

/// Function-local taint over one document. Statements are visited in order; an assignment or
/// declaration (`=`, `:=`, `let/const/var`, typed declarations, `+=`, `.=`) whose right side holds a
/// source or a tainted name taints its targets, and a clean value clears them. Concatenation,
/// interpolation and template literals need no rule of their own: any tainted part taints the whole
/// right side. A source or name inside a sanitizer's match is clean. Blocks of `if`/loops see their
/// function's variables, and what they taint stays tainted after them (a clean assignment inside a
/// branch does not clear, since the branch may not run); a function or closure body starts from a copy
/// of the enclosing ones.
struct CodeTaintAnalysis {
    let document: CodeDocument
    let sources: [PatternMatch]
    /// Each sink's focus (`$SINK`) and whole match.
    let sinks: [(focus: TextRange, match: TextRange)]
    let sanitizers: [TextRange]
    private(set) var found: [TaintedSink] = []
    private var reported: Set<TextRange> = []

    init(document: CodeDocument, sources: [PatternMatch], sinks: [(focus: TextRange, match: TextRange)], sanitizers: [TextRange]) {
        self.document = document
        // Sorted by start, so a statement or a value finds its own with a binary search.
        self.sources = sources.sorted { $0.range < $1.range }
        self.sinks = sinks.sorted { $0.match < $1.match }
        self.sanitizers = sanitizers
    }

    /// The first index whose start is at or after `offset` in a list sorted by start.
    static func firstIndex<T>(in list: [T], startingAtOrAfter offset: Int, start: (T) -> Int) -> Int {
        firstIndex(in: list.indices, startingAtOrAfter: offset) { start(list[$0]) }
    }

    /// The first index of `indices` whose start is at or after `offset`, the starts ascending.
    static func firstIndex(in indices: Range<Int>, startingAtOrAfter offset: Int, start: (Int) -> Int) -> Int {
        var low = indices.lowerBound
        var high = indices.upperBound
        while low < high {
            let mid = (low + high) / 2
            if start(mid) < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    typealias Environment = [String: [TaintHop]]

    mutating func run() -> [TaintedSink] {
        guard !sources.isEmpty, !sinks.isEmpty else { return [] }
        var environment: Environment = [:]
        walk(document.roots, &environment)
        return found
    }

    private mutating func walk(_ items: [CodeItem], _ environment: inout Environment) {
        for statement in CodeStatements.split(items) where !statement.isEmpty {
            let range = CodeStatements.range(items, statement)
            let parts = Array(items[statement])
            let control = CodeStatements.isControl(items, statement)
            let blocks = Self.blocks(in: parts)
            func inBlock(_ offset: Int) -> Bool { blocks.contains { $0.range.start < offset && offset < $0.range.end } }
            var sinkIndex = Self.firstIndex(in: sinks, startingAtOrAfter: range.start) { $0.match.start }
            while sinkIndex < sinks.count, sinks[sinkIndex].match.start < range.end {
                let sink = sinks[sinkIndex]
                sinkIndex += 1
                guard !inBlock(sink.match.start), !reported.contains(sink.focus) else { continue }
                if let path = taint(in: sink.focus, environment) {
                    reported.insert(sink.focus)
                    let code = Self.abbreviated(document.text(sink.match))
                    found.append(TaintedSink(range: sink.focus, path: path + [TaintHop(role: .sink, range: sink.focus, message: "reaches `\(code)`")]))
                }
            }
            if !control {
                assign(parts, &environment)
            } else if let binding = Self.optionalBinding(parts) {
                // `guard let q = req.query["q"] else {…}` binds `q` for the rest of the function,
                // `if let q = … {` for its block.
                assign(binding, &environment)
            }
            let parameters = control ? [:] : taintedParameters(parts)
            for block in blocks {
                if control {
                    // A branch may not run: what it taints stays tainted after it, but a value it
                    // replaces may still be the old one, so clearing inside a branch does not clear.
                    var branch = environment
                    walk(block.children, &branch)
                    environment.merge(branch) { _, fromBranch in fromBranch }
                } else {
                    var inner = environment
                    inner.merge(parameters) { _, parameter in parameter }
                    walk(block.children, &inner)
                }
            }
        }
    }

    /// Parameters a source pattern matched in a function header (`user(@RequestParam String id) {`):
    /// each is tainted in the body. A source counts only when it is a whole parameter of a `(…)` list
    /// written before the statement's own body block, and ends with the parameter's name; an argument
    /// of a call whose callback holds the block (`get(req.query.x, () => {…})`) is not a header.
    private func taintedParameters(_ statement: [CodeItem]) -> Environment {
        guard let body = statement.lastIndex(where: { $0.isGroup && $0.text == "{" }) else { return [:] }
        var parameters: Environment = [:]
        for list in statement[..<body] where list.isGroup && list.text == "(" {
            var elementStart = 0
            for index in 0...list.children.count {
                guard index == list.children.count || list.children[index].isToken(",") else { continue }
                defer { elementStart = index + 1 }
                guard index > elementStart else { continue }
                let name = list.children[index - 1]
                guard name.tokenKind == .identifier || name.tokenKind == .variable else { continue }
                let element = TextRange(start: list.children[elementStart].range.start, end: name.range.end)
                var candidate = Self.firstIndex(in: sources, startingAtOrAfter: element.start) { $0.range.start }
                while candidate < sources.count, sources[candidate].range.start == element.start, sources[candidate].range != element {
                    candidate += 1
                }
                guard candidate < sources.count, sources[candidate].range == element else { continue }
                parameters[name.text] = [TaintHop(role: .source, range: element,
                                                  message: "parameter `\(name.text)` is untrusted input (`\(Self.abbreviated(document.text(element)))`)")]
            }
        }
        return parameters
    }

    /// The `let q = value` of a Swift `guard let`/`if let`/`while let` (or `var`): from the `let` up to
    /// the `else` or the block.
    static func optionalBinding(_ statement: [CodeItem]) -> [CodeItem]? {
        guard statement.count > 3, statement[0].tokenKind == .keyword, ["guard", "if", "while"].contains(statement[0].text),
              statement[1].tokenKind == .keyword, statement[1].text == "let" || statement[1].text == "var" else { return nil }
        let end = statement.firstIndex { ($0.isGroup && $0.text == "{") || ($0.tokenKind == .keyword && $0.text == "else") }
        return Array(statement[1..<(end ?? statement.count)])
    }

    /// `{…}` groups of a statement, looking through parentheses and brackets but not into other blocks.
    static func blocks(in items: [CodeItem]) -> [CodeItem] {
        var result: [CodeItem] = []
        for item in items where item.isGroup {
            if item.text == "{" { result.append(item) } else { result += blocks(in: item.children) }
        }
        return result
    }

    // MARK: assignments

    private mutating func assign(_ statement: [CodeItem], _ environment: inout Environment) {
        if let call = Self.copyIntoFirstArgument(statement, dialect: document.dialect) {
            if let path = taint(in: call.value, environment) {
                environment[call.target] = path + [TaintHop(role: .propagation, range: call.targetRange, message: "copied into `\(call.target)`")]
            }
            return
        }
        guard let operatorIndex = statement.firstIndex(where: {
            $0.tokenKind == .punctuation && TokenPatternMatcher.assignmentOperators.contains($0.text)
        }), operatorIndex > 0, operatorIndex + 1 < statement.count else { return }
        var valueEnd = statement.count
        if statement[valueEnd - 1].isToken(";") { valueEnd -= 1 }
        guard valueEnd > operatorIndex + 1 else { return }
        let value = TextRange(start: statement[operatorIndex + 1].range.start, end: statement[valueEnd - 1].range.end)
        let targets = Self.targets(Array(statement[..<operatorIndex]), dialect: document.dialect)
        let path = taint(in: value, environment)
        // `x += clean` keeps what `x` held; only a plain assignment replaces it.
        let keepsOldValue = statement[operatorIndex].text != "=" && statement[operatorIndex].text != ":="
        for target in targets {
            if let path {
                environment[target.name] = path + [TaintHop(role: .propagation, range: target.range, message: "flows into `\(target.name)`")]
            } else if !keepsOldValue {
                environment[target.name] = nil
            }
        }
    }

    /// The names an assignment's left side declares or sets: `x`, `const x: T`, `String x`, `$x`,
    /// `a, b` (Go), `obj.field`, `buf[i]` (the container), `{a, b}` / `[a, b]` (destructuring).
    static func targets(_ left: [CodeItem], dialect: Dialect) -> [(name: String, range: TextRange)] {
        var parts: [[CodeItem]] = [[]]
        for item in left {
            // A type annotation (`x: string`) ends the part's name.
            if item.isToken(":") { parts[parts.count - 1].append(item); continue }
            if item.isToken(",") { parts.append([]) } else { parts[parts.count - 1].append(item) }
        }
        var result: [(String, TextRange)] = []
        for var part in parts where !part.isEmpty {
            if let colon = part.firstIndex(where: { $0.isToken(":") }) { part = Array(part[..<colon]) }
            if let last = part.last, last.isGroup, last.text == "[", part.count > 1 { part.removeLast() }
            guard let last = part.last else { continue }
            if last.isGroup, last.text == "{" || last.text == "[" {
                for name in identifiers(in: last.children) { result.append(name) }
                continue
            }
            if let chain = chainEnding(part, at: part.count - 1, dialect: dialect) { result.append(chain) }
        }
        return result
    }

    private static func identifiers(in items: [CodeItem]) -> [(String, TextRange)] {
        var result: [(String, TextRange)] = []
        for item in items {
            if item.isGroup { result += identifiers(in: item.children) } else if item.tokenKind == .identifier || item.tokenKind == .variable {
                result.append((item.text, item.range))
            }
        }
        return result
    }

    /// `a.b.c` ending at `index` (identifiers or PHP variables joined by member access).
    static func chainEnding(_ items: [CodeItem], at index: Int, dialect: Dialect) -> (name: String, range: TextRange)? {
        let memberAccess = TokenPatternMatcher.memberAccess(dialect)
        guard isName(items[index]) else { return nil }
        var start = index
        while start >= 2, memberAccess.contains(items[start - 1].text), items[start - 1].tokenKind == .punctuation,
              isName(items[start - 2]) {
            start -= 2
        }
        let name = items[start...index].map(\.text).joined().replacingOccurrences(of: "->", with: ".").replacingOccurrences(of: "?.", with: ".")
        return (name, TextRange(start: items[start].range.start, end: items[index].range.end))
    }

    static func isName(_ item: CodeItem) -> Bool {
        item.tokenKind == .identifier || item.tokenKind == .variable || (item.tokenKind == .keyword && (item.text == "this" || item.text == "self"))
    }

    /// C's copying calls write their later arguments into the first one: `sprintf(cmd, "%s", argv[1])`.
    static let copyingFunctions: Set<String> = ["sprintf", "snprintf", "strcpy", "strncpy", "strcat", "strncat", "memcpy", "vsprintf",
                                                "vsnprintf", "wcscpy", "wcscat", "swprintf", "stpcpy", "strlcpy", "strlcat"]

    static func copyIntoFirstArgument(_ statement: [CodeItem], dialect: Dialect) -> (target: String, targetRange: TextRange, value: TextRange)? {
        guard dialect == .c || dialect == .cpp, statement.count >= 2, statement[0].tokenKind == .identifier,
              copyingFunctions.contains(statement[0].text), statement[1].isGroup, statement[1].text == "(" else { return nil }
        let arguments = statement[1].children
        guard let comma = arguments.firstIndex(where: { $0.isToken(",") }), comma > 0, comma + 1 < arguments.count,
              let target = chainEnding(arguments, at: comma - 1, dialect: dialect) else { return nil }
        return (target.name, target.range, TextRange(start: arguments[comma + 1].range.start, end: arguments[arguments.count - 1].range.end))
    }

    // MARK: taint of a piece of code

    private func sanitized(_ range: TextRange) -> Bool {
        sanitizers.contains { $0.contains(range) }
    }

    /// The path by which `range` holds untrusted data, or nil when it is clean.
    func taint(in range: TextRange, _ environment: Environment) -> [TaintHop]? {
        var index = Self.firstIndex(in: sources, startingAtOrAfter: range.start) { $0.range.start }
        while index < sources.count, sources[index].range.start < range.end {
            let source = sources[index]
            index += 1
            guard range.contains(source.range), !sanitized(source.range) else { continue }
            let code = Self.abbreviated(document.text(source.range))
            return [TaintHop(role: .source, range: source.range, message: "`\(code)` is untrusted input")]
        }
        guard !environment.isEmpty else { return nil }
        return reference(inList: document.tree.rootList, range, environment)
    }

    /// The tainted name `range` refers to, searched in one list of the tree (first the top level) and the
    /// groups of it that overlap `range`.
    private func reference(inList list: Int, _ range: TextRange, _ environment: Environment) -> [TaintHop]? {
        let tree = document.tree
        let nodes = tree.lists[list]
        let memberAccess = TokenPatternMatcher.memberAccess(document.dialect)
        // Items of a level are sorted and disjoint: start at the last one beginning before `range`.
        let first = max(nodes.lowerBound, Self.firstIndex(in: nodes, startingAtOrAfter: range.start) { Int(tree.nodes[$0].start) } - 1)
        for index in first..<nodes.upperBound {
            let node = tree.nodes[index]
            if Int(node.start) >= range.end { break }
            guard node.range.overlaps(range) else { continue }
            if node.isGroup {
                if let path = reference(inList: Int(node.childList), range, environment) { return path }
                continue
            }
            guard range.contains(node.range) else { continue }
            // The items around the token, as far as a member chain from it reaches.
            let windowStart = max(nodes.lowerBound, index - 1)
            var windowEnd = index + 1
            while windowEnd + 1 < nodes.upperBound, !tree.nodes[windowEnd].isGroup, !tree.nodes[windowEnd + 1].isGroup,
                  tree.nodes[windowEnd].kind == .punctuation, memberAccess.contains(where: { tree.textEquals(windowEnd, $0) }) {
                windowEnd += 2
            }
            let items = (windowStart..<windowEnd).map { CodeItem(tree: tree, index: $0) }
            if let path = reference(at: index - windowStart, in: items, range, environment) { return path }
        }
        return nil
    }

    /// The tainted name that starts at the token `items[index]`, inside `range`: the longest known
    /// prefix of `a.b.c` starting there (PHP: also a variable interpolated in a string).
    private func reference(at index: Int, in items: [CodeItem], _ range: TextRange, _ environment: Environment) -> [TaintHop]? {
        let memberAccess = TokenPatternMatcher.memberAccess(document.dialect)
        let item = items[index]
        if document.dialect == .php, item.tokenKind == .string, let path = interpolatedVariable(in: item, environment) { return path }
        guard Self.isName(item) else { return nil }
        if index > 0, items[index - 1].tokenKind == .punctuation, memberAccess.contains(items[index - 1].text) { return nil }
        var end = index
        var candidates = [(item.text, item.range)]
        while end + 2 < items.count, items[end + 1].tokenKind == .punctuation, memberAccess.contains(items[end + 1].text),
              Self.isName(items[end + 2]), range.contains(items[end + 2].range) {
            end += 2
            if let chain = Self.chainEnding(items, at: end, dialect: document.dialect) { candidates.append(chain) }
        }
        for (name, nameRange) in candidates.reversed() {
            if let path = environment[name], !sanitized(nameRange) { return path }
        }
        return nil
    }

    /// PHP interpolates `$name` in double-quoted strings and heredocs, which lex as one string token.
    private func interpolatedVariable(in item: CodeItem, _ environment: Environment) -> [TaintHop]? {
        guard item.text.hasPrefix("\"") || item.text.hasPrefix("<<<"), item.text.contains("$"), !sanitized(item.range) else { return nil }
        let scalars = Array(item.text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "$", index == 0 || scalars[index - 1] != "\\" else { continue }
            var end = index + 1
            while end < scalars.count, scalars[end] == "_" || scalars[end].properties.isAlphabetic || ("0"..."9").contains(scalars[end]) { end += 1 }
            guard end > index + 1 else { continue }
            let name = String(String.UnicodeScalarView(scalars[index..<end]))
            if let path = environment[name] { return path }
        }
        return nil
    }

    static func abbreviated(_ code: String) -> String {
        let flat = code.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == " " }).joined(separator: " ")
        return flat.count > 60 ? String(flat.prefix(57)) + "..." : flat
    }
}
