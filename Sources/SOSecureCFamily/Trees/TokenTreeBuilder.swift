/// Nests tokens by `(…)`, `[…]` and `{…}` without recursion.
///
/// Recovery: a closer that does not match the innermost open group closes the nearest enclosing group
/// it does match; the groups skipped over end unclosed (`close == nil`, one diagnostic each at the
/// opener). A closer matching no open group stays a plain `.token` with a diagnostic. So a missing `)` on
/// one line is closed by the `}` of its function and the next function nests normally.
/// Nesting deeper than `maxDepth` is one diagnostic; the brackets past it stay plain tokens.
/// Comments are left out of the trees (they stay in `tokens`).
///
/// Given the source bytes, C/C++ conditional branches are understood too: when an `#if` branch leaves
/// brackets open or closed (`int f(int a) {` / `#else` / `int f(long a) {` / `#endif`), the brackets of its
/// `#elif`/`#else` branches stay plain tokens, so the code after `#endif` nests as the first branch left it.
/// The brackets of an `#if 0` branch stay plain too.
public enum TokenTreeBuilder {
    public static let maxDepth = 512
    /// Diagnostics kept per file; past this one summary counts the rest.
    static let maxDiagnostics = 1000

    public static func build(_ tokens: [Token]) -> (forest: TokenForest, diagnostics: [CFamilyDiagnostic]) {
        build(tokens, directive: { _ in nil })
    }

    /// Like `build(_:)`, reading `#if`/`#else`/`#endif` lines from the bytes the tokens came from.
    public static func build(_ tokens: [Token], in bytes: [UInt8]) -> (forest: TokenForest, diagnostics: [CFamilyDiagnostic]) {
        bytes.withUnsafeBufferPointer { buffer in
            build(tokens, directive: { ConditionalDirective($0, in: buffer) })
        }
    }

    static func build(
        _ tokens: [Token], directive: (Token) -> ConditionalDirective?
    ) -> (forest: TokenForest, diagnostics: [CFamilyDiagnostic]) {
        let first = build(tokens, directive: directive, neverClosed: [])
        guard first.overflowed else { return (first.forest, first.diagnostics) }
        // Past the depth limit every bracket is plain, so code after a run of openers that are never
        // closed (10,000 `{` at the top of a file) would lose all its structure. Those openers close
        // nothing anyway: built again with them as plain tokens, the rest nests as it is written.
        let unclosed = neverClosedOpeners(tokens)
        guard !unclosed.isEmpty else { return (first.forest, first.diagnostics) }
        let second = build(tokens, directive: directive, neverClosed: unclosed)
        return (second.forest, second.diagnostics)
    }

    private static func build(
        _ tokens: [Token], directive: (Token) -> ConditionalDirective?, neverClosed: Set<Int>
    ) -> (forest: TokenForest, diagnostics: [CFamilyDiagnostic], overflowed: Bool) {
        var builder = Builder()
        builder.nodes.reserveCapacity(tokens.count)
        for (index, token) in tokens.enumerated() {
            switch token.kind {
            case .comment:
                continue
            case .preprocessor:
                if let kind = directive(token) { builder.conditional(kind) }
                builder.append(index)
            case .openBracket:
                if neverClosed.contains(index) {
                    builder.reportNeverClosed(token)
                    builder.append(index)
                } else {
                    builder.open(token, index)
                }
            case .closeBracket:
                builder.close(token, index)
            default:
                builder.append(index)
            }
        }
        let (forest, diagnostics) = builder.finish()
        return (forest, diagnostics, builder.reportedOverflow)
    }

    /// The indices of the openers no closer closes, matching closers as the builder does (a closer
    /// closes the nearest open bracket of its shape; the ones it skips stay open) but with no depth limit.
    static func neverClosedOpeners(_ tokens: [Token]) -> Set<Int> {
        var open: [Int] = []
        var unclosed: Set<Int> = []
        for (index, token) in tokens.enumerated() {
            switch token.kind {
            case .openBracket:
                open.append(index)
            case .closeBracket:
                guard let match = open.lastIndex(where: { tokens[$0].bracket == nil || token.bracket == nil
                                                            || tokens[$0].bracket == token.bracket }) else { continue }
                unclosed.formUnion(open[(match + 1)...])
                open.removeSubrange(match...)
            default:
                continue
            }
        }
        unclosed.formUnion(open)
        return unclosed
    }

    private struct OpenGroup {
        let open: Token
        let openIndex: Int
        /// Where the group's children begin in `Builder.pending`.
        let firstChild: Int
    }

    /// One open `#if…#endif`: the depth when it began and whether its later branches are skipped.
    private struct ConditionalFrame {
        let depthAtStart: Int
        var sawAlternative = false
        var skipsBrackets = false
    }

    private struct Builder {
        var nodes: [TokenForest.Node] = []
        var lists: [Range<Int>] = []
        /// The items of every open level, outermost first: a level's items move to `nodes` as one list
        /// when it closes.
        var pending: [TokenForest.Node] = []
        var conditionals: [ConditionalFrame] = []
        /// How many open conditionals are in a branch whose brackets stay plain.
        var skippingConditionals = 0
        var stack: [OpenGroup] = []
        /// Openers past `maxDepth` kept as plain tokens; that many closers are plain too.
        var overflowDepth = 0
        var reportedOverflow = false
        var diagnostics: [CFamilyDiagnostic] = []
        var dropped = 0

        /// A token at the current level.
        mutating func append(_ index: Int) {
            pending.append(TokenForest.Node(token: Int32(index), close: -1, childList: -1))
        }

        /// Moves the pending items from `first` on into `nodes` as a list; returns its number.
        mutating func writeList(from first: Int) -> Int {
            let start = nodes.count
            nodes.append(contentsOf: pending[first...])
            pending.removeSubrange(first...)
            lists.append(start..<nodes.count)
            return lists.count - 1
        }

        mutating func report(_ message: String, _ token: Token) {
            guard diagnostics.count < TokenTreeBuilder.maxDiagnostics else {
                dropped += 1
                return
            }
            diagnostics.append(CFamilyDiagnostic(range: token.range, message: message))
        }

        mutating func conditional(_ directive: ConditionalDirective) {
            switch directive {
            case .start:
                conditionals.append(ConditionalFrame(depthAtStart: stack.count + overflowDepth))
            case .startNever:
                conditionals.append(ConditionalFrame(depthAtStart: stack.count + overflowDepth, skipsBrackets: true))
                skippingConditionals += 1
            case .alternative:
                guard var frame = conditionals.popLast() else { return }
                if !frame.sawAlternative {
                    frame.sawAlternative = true
                    if frame.skipsBrackets {
                        // The `#else` of an `#if 0`: the live branch.
                        frame.skipsBrackets = false
                        skippingConditionals -= 1
                    } else if frame.depthAtStart != stack.count + overflowDepth {
                        frame.skipsBrackets = true
                        skippingConditionals += 1
                    }
                }
                conditionals.append(frame)
            case .end:
                guard let frame = conditionals.popLast() else { return }
                if frame.skipsBrackets { skippingConditionals -= 1 }
            }
        }

        mutating func open(_ token: Token, _ index: Int) {
            if skippingConditionals > 0 {
                append(index)
                return
            }
            if stack.count >= TokenTreeBuilder.maxDepth {
                if !reportedOverflow {
                    reportedOverflow = true
                    report("brackets nested deeper than \(TokenTreeBuilder.maxDepth) levels; deeper ones are not grouped", token)
                }
                overflowDepth += 1
                append(index)
                return
            }
            stack.append(OpenGroup(open: token, openIndex: index, firstChild: pending.count))
        }

        mutating func close(_ token: Token, _ index: Int) {
            if skippingConditionals > 0 {
                append(index)
                return
            }
            if overflowDepth > 0 {
                overflowDepth -= 1
                append(index)
                return
            }
            guard let match = stack.lastIndex(where: { matches($0.open, token) }) else {
                report("unmatched '\(symbol(token.bracket, open: false))': no open '\(symbol(token.bracket, open: true))' before it", token)
                append(index)
                return
            }
            while stack.count - 1 > match { closeInnermost(with: nil) }
            closeInnermost(with: index)
        }

        mutating func reportNeverClosed(_ opener: Token) {
            let shape = opener.bracket
            report("'\(symbol(shape, open: true))' is never closed: expected '\(symbol(shape, open: false))'", opener)
        }

        /// `closer`: the closing bracket's token index; nil when the group ends unclosed.
        mutating func closeInnermost(with closer: Int?) {
            let group = stack.removeLast()
            if closer == nil { reportNeverClosed(group.open) }
            let children = writeList(from: group.firstChild)
            pending.append(TokenForest.Node(token: Int32(group.openIndex), close: Int32(closer ?? -1), childList: Int32(children)))
        }

        func matches(_ open: Token, _ close: Token) -> Bool {
            guard let openShape = open.bracket, let closeShape = close.bracket else { return true }
            return openShape == closeShape
        }

        func symbol(_ shape: BracketShape?, open: Bool) -> String {
            switch shape {
            case .paren: return open ? "(" : ")"
            case .square: return open ? "[" : "]"
            case .brace: return open ? "{" : "}"
            case nil: return open ? "bracket" : "closing bracket"
            }
        }

        mutating func finish() -> (forest: TokenForest, diagnostics: [CFamilyDiagnostic]) {
            while !stack.isEmpty { closeInnermost(with: nil) }
            _ = writeList(from: 0)
            if dropped > 0, let last = diagnostics.last {
                diagnostics.append(CFamilyDiagnostic(range: last.range, message: "\(dropped) more bracket errors not listed"))
            }
            return (TokenForest(nodes: nodes, lists: lists), diagnostics)
        }
    }
}
