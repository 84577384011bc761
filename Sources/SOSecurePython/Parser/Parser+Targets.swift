import SOSecureCore

/// Assignment, deletion and loop targets. Targets are parsed as expressions and
/// rebuilt with Store/Del context (nodes are immutable), rejecting exactly what
/// CPython's `star_targets` / `del_targets` / `single_target` rules reject.
extension Parser {
    /// `star_targets` for `for` loops and comprehensions, ending before `in`.
    mutating func parseTargetList() throws(SyntaxFailure) -> Expr {
        let s = start
        let first = try parseStarTarget()
        guard at(.comma) else { return first }
        var elts = [first]
        while eat(.comma) {
            guard atExpressionStart || at(.star) else { break }
            elts.append(try parseStarTarget())
        }
        return Expr(.tuple(elts: elts, ctx: .store), range(from: s))
    }

    /// `'*' star_target | target_with_star_atom`
    mutating func parseStarTarget() throws(SyntaxFailure) -> Expr {
        if at(.star) {
            let s = start
            advance()
            if at(.star) { throw unexpected() }
            try enter()
            defer { leave() }
            let inner = try parseStarTarget()
            return Expr(.starred(value: inner, ctx: .store), range(from: s))
        }
        return try storeTarget(try parsePrimary())
    }

    /// The left side of `=`: any star target, including a bare `*a`.
    func assignmentTarget(_ expression: Expr, at equal: Token) throws(SyntaxFailure) -> Expr {
        switch expression.kind {
        case .yield, .yieldFrom:
            throw SyntaxFailure(message: "assignment to yield expression not possible", range: expression.range)
        default:
            return try storeTarget(expression)
        }
    }

    /// Rebuilds `expression` with Store context, or explains why it cannot be assigned.
    func storeTarget(_ expression: Expr) throws(SyntaxFailure) -> Expr {
        switch expression.kind {
        case .name(let id, let ctx):
            return ctx == .store ? expression : Expr(.name(id: id, ctx: .store), expression.range)
        case .attribute(let value, let attr, _):
            return Expr(.attribute(value: value, attr: attr, ctx: .store), expression.range)
        case .subscript(let value, let slice, _):
            return Expr(.subscript(value: value, slice: slice, ctx: .store), expression.range)
        case .starred(let value, _):
            if case .starred = value.kind {
                throw SyntaxFailure(message: "cannot assign to starred", range: value.range)
            }
            return Expr(.starred(value: try storeTarget(value), ctx: .store), expression.range)
        case .list(let elts, _):
            return Expr(.list(elts: try storeTargets(elts), ctx: .store), expression.range)
        case .tuple(let elts, _):
            return Expr(.tuple(elts: try storeTargets(elts), ctx: .store), expression.range)
        default:
            throw SyntaxFailure(message: "cannot assign to \(Parser.describe(expression))", range: expression.range)
        }
    }

    private func storeTargets(_ elts: [Expr]) throws(SyntaxFailure) -> [Expr] {
        var result: [Expr] = []
        result.reserveCapacity(elts.count)
        for element in elts {
            result.append(try storeTarget(element))
        }
        return result
    }

    /// `del_target`: names, attributes, subscripts and (nested) lists/tuples of them.
    func deletionTarget(_ expression: Expr) throws(SyntaxFailure) -> Expr {
        switch expression.kind {
        case .name(let id, _):
            return Expr(.name(id: id, ctx: .del), expression.range)
        case .attribute(let value, let attr, _):
            return Expr(.attribute(value: value, attr: attr, ctx: .del), expression.range)
        case .subscript(let value, let slice, _):
            return Expr(.subscript(value: value, slice: slice, ctx: .del), expression.range)
        case .list(let elts, _):
            var result: [Expr] = []
            for element in elts { result.append(try deletionTarget(element)) }
            return Expr(.list(elts: result, ctx: .del), expression.range)
        case .tuple(let elts, _):
            var result: [Expr] = []
            for element in elts { result.append(try deletionTarget(element)) }
            return Expr(.tuple(elts: result, ctx: .del), expression.range)
        default:
            throw SyntaxFailure(message: "cannot delete \(Parser.describe(expression))", range: expression.range)
        }
    }

    /// The target of `x: T`: a name, attribute or subscript.
    func annotationTarget(_ expression: Expr) throws(SyntaxFailure) -> Expr {
        switch expression.kind {
        case .name, .attribute, .subscript:
            return try storeTarget(expression)
        case .tuple:
            throw SyntaxFailure(message: "only single target (not tuple) can be annotated", range: expression.range)
        case .list:
            throw SyntaxFailure(message: "only single target (not list) can be annotated", range: expression.range)
        default:
            throw SyntaxFailure(message: "illegal target for annotation", range: expression.range)
        }
    }

    /// The target of `x += v`: a name, attribute or subscript.
    func augmentedTarget(_ expression: Expr) throws(SyntaxFailure) -> Expr {
        switch expression.kind {
        case .name, .attribute, .subscript:
            return try storeTarget(expression)
        default:
            throw SyntaxFailure(message: "'\(Parser.describe(expression))' is an illegal expression for augmented assignment",
                                range: expression.range)
        }
    }

    /// How CPython names an expression in "cannot assign to ..." messages.
    static func describe(_ expression: Expr) -> String {
        switch expression.kind {
        case .attribute: return "attribute"
        case .subscript: return "subscript"
        case .starred: return "starred"
        case .name: return "name"
        case .list: return "list"
        case .tuple: return "tuple"
        case .lambda: return "lambda"
        case .call: return "function call"
        case .boolOp, .binOp, .unaryOp: return "expression"
        case .generatorExp: return "generator expression"
        case .yield, .yieldFrom: return "yield expression"
        case .await: return "await expression"
        case .listComp: return "list comprehension"
        case .setComp: return "set comprehension"
        case .dictComp: return "dict comprehension"
        case .dict: return "dict literal"
        case .set: return "set display"
        case .joinedStr, .formattedValue: return "f-string expression"
        case .compare: return "comparison"
        case .ifExp: return "conditional expression"
        case .namedExpr: return "named expression"
        case .slice: return "slice"
        case .constant(let value, _):
            switch value {
            case .none: return "None"
            case .bool(let flag): return flag ? "True" : "False"
            case .ellipsis: return "ellipsis"
            default: return "literal"
            }
        }
    }
}
