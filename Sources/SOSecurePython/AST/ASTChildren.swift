/// Direct children of a node in source order — the order a reader meets them, which is not
/// always CPython's field order (`x if c else y` reads body, test, orelse; a call may mix
/// positional and keyword arguments; decorators come before the `def`).
extension ASTNodeRef {
    public var children: [ASTNodeRef] {
        var result: [ASTNodeRef] = []
        forEachChild { result.append($0) }
        return result
    }

    /// Calls `body` with each direct child, in source order.
    public func forEachChild(_ body: (ASTNodeRef) -> Void) {
        switch self {
        case let .module(module):
            module.body.forEach { body(.stmt($0)) }
        case let .stmt(stmt):
            ASTNodeRef.forEachChild(of: stmt.kind, body)
        case let .expr(expr):
            ASTNodeRef.forEachChild(of: expr.kind, body)
        case let .pattern(pattern):
            ASTNodeRef.forEachChild(of: pattern.kind, body)
        case let .arguments(arguments):
            ASTNodeRef.forEachChild(of: arguments, body)
        case let .arg(arg):
            if let annotation = arg.annotation { body(.expr(annotation)) }
        case let .keyword(keyword):
            body(.expr(keyword.value))
        case .alias:
            break
        case let .withItem(item):
            body(.expr(item.contextExpr))
            if let vars = item.optionalVars { body(.expr(vars)) }
        case let .exceptHandler(handler):
            if let type = handler.type { body(.expr(type)) }
            handler.body.forEach { body(.stmt($0)) }
        case let .matchCase(matchCase):
            body(.pattern(matchCase.pattern))
            if let guardExpr = matchCase.guardExpr { body(.expr(guardExpr)) }
            matchCase.body.forEach { body(.stmt($0)) }
        case let .comprehension(comprehension):
            body(.expr(comprehension.target))
            body(.expr(comprehension.iter))
            comprehension.ifs.forEach { body(.expr($0)) }
        case let .typeParam(typeParam):
            if case let .typeVar(_, bound?) = typeParam.kind { body(.expr(bound)) }
        }
    }

    private static func forEachChild(of kind: StmtKind, _ body: (ASTNodeRef) -> Void) {
        func stmts(_ list: [Stmt]) { list.forEach { body(.stmt($0)) } }
        func exprs(_ list: [Expr]) { list.forEach { body(.expr($0)) } }
        func optional(_ expr: Expr?) { if let expr { body(.expr(expr)) } }
        switch kind {
        case let .functionDef(_, typeParams, args, statements, decorators, returns, _):
            exprs(decorators)
            typeParams.forEach { body(.typeParam($0)) }
            body(.arguments(args))
            optional(returns)
            stmts(statements)
        case let .classDef(_, typeParams, bases, keywords, statements, decorators):
            exprs(decorators)
            typeParams.forEach { body(.typeParam($0)) }
            mergeBySource(bases, keywords, body)
            stmts(statements)
        case let .return(value):
            optional(value)
        case let .delete(targets):
            exprs(targets)
        case let .assign(targets, value):
            exprs(targets)
            body(.expr(value))
        case let .typeAlias(name, typeParams, value):
            body(.expr(name))
            typeParams.forEach { body(.typeParam($0)) }
            body(.expr(value))
        case let .augAssign(target, _, value):
            body(.expr(target))
            body(.expr(value))
        case let .annAssign(target, annotation, value, _):
            body(.expr(target))
            body(.expr(annotation))
            optional(value)
        case let .for(target, iter, statements, orelse, _):
            body(.expr(target))
            body(.expr(iter))
            stmts(statements)
            stmts(orelse)
        case let .while(test, statements, orelse), let .if(test, statements, orelse):
            body(.expr(test))
            stmts(statements)
            stmts(orelse)
        case let .with(items, statements, _):
            items.forEach { body(.withItem($0)) }
            stmts(statements)
        case let .match(subject, cases):
            body(.expr(subject))
            cases.forEach { body(.matchCase($0)) }
        case let .raise(exc, cause):
            optional(exc)
            optional(cause)
        case let .try(statements, handlers, orelse, finalbody, _):
            stmts(statements)
            handlers.forEach { body(.exceptHandler($0)) }
            stmts(orelse)
            stmts(finalbody)
        case let .assert(test, msg):
            body(.expr(test))
            optional(msg)
        case let .import(names), let .importFrom(_, names, _):
            names.forEach { body(.alias($0)) }
        case let .expr(value):
            body(.expr(value))
        case .global, .nonlocal, .pass, .break, .continue:
            break
        }
    }

    private static func forEachChild(of kind: ExprKind, _ body: (ASTNodeRef) -> Void) {
        func exprs(_ list: [Expr]) { list.forEach { body(.expr($0)) } }
        func optional(_ expr: Expr?) { if let expr { body(.expr(expr)) } }
        func generators(_ list: [Comprehension]) { list.forEach { body(.comprehension($0)) } }
        switch kind {
        case let .boolOp(_, values):
            exprs(values)
        case let .namedExpr(target, value):
            body(.expr(target))
            body(.expr(value))
        case let .binOp(left, _, right):
            body(.expr(left))
            body(.expr(right))
        case let .unaryOp(_, operand):
            body(.expr(operand))
        case let .lambda(args, lambdaBody):
            body(.arguments(args))
            body(.expr(lambdaBody))
        case let .ifExp(test, ifBody, orelse):
            body(.expr(ifBody))
            body(.expr(test))
            body(.expr(orelse))
        case let .dict(keys, values):
            // Keys and values alternate in the source; a nil key is a `**mapping` entry.
            for index in 0..<max(keys.count, values.count) {
                if index < keys.count, let key = keys[index] { body(.expr(key)) }
                if index < values.count { body(.expr(values[index])) }
            }
        case let .set(elts):
            exprs(elts)
        case let .listComp(elt, comprehensions), let .setComp(elt, comprehensions),
             let .generatorExp(elt, comprehensions):
            body(.expr(elt))
            generators(comprehensions)
        case let .dictComp(key, value, comprehensions):
            body(.expr(key))
            body(.expr(value))
            generators(comprehensions)
        case let .await(value), let .yieldFrom(value):
            body(.expr(value))
        case let .yield(value):
            optional(value)
        case let .compare(left, _, comparators):
            body(.expr(left))
            exprs(comparators)
        case let .call(function, args, keywords):
            body(.expr(function))
            mergeBySource(args, keywords, body)
        case let .formattedValue(value, _, formatSpec):
            body(.expr(value))
            optional(formatSpec)
        case let .joinedStr(values):
            exprs(values)
        case .constant, .name:
            break
        case let .attribute(value, _, _), let .starred(value, _):
            body(.expr(value))
        case let .subscript(value, slice, _):
            body(.expr(value))
            body(.expr(slice))
        case let .list(elts, _), let .tuple(elts, _):
            exprs(elts)
        case let .slice(lower, upper, step):
            optional(lower)
            optional(upper)
            optional(step)
        }
    }

    private static func forEachChild(of kind: PatternKind, _ body: (ASTNodeRef) -> Void) {
        switch kind {
        case let .matchValue(value):
            body(.expr(value))
        case .matchSingleton, .matchStar:
            break
        case let .matchSequence(patterns), let .matchOr(patterns):
            patterns.forEach { body(.pattern($0)) }
        case let .matchMapping(keys, patterns, _):
            for index in 0..<max(keys.count, patterns.count) {
                if index < keys.count { body(.expr(keys[index])) }
                if index < patterns.count { body(.pattern(patterns[index])) }
            }
        case let .matchClass(cls, patterns, _, kwdPatterns):
            body(.expr(cls))
            patterns.forEach { body(.pattern($0)) }
            kwdPatterns.forEach { body(.pattern($0)) }
        case let .matchAs(pattern, _):
            if let pattern { body(.pattern(pattern)) }
        }
    }

    /// Parameters in the order written: each positional parameter followed by its default,
    /// `*args`, each keyword-only parameter followed by its default, `**kwargs`.
    private static func forEachChild(of arguments: Arguments, _ body: (ASTNodeRef) -> Void) {
        let positional = arguments.posonlyargs + arguments.args
        // `defaults` belong to the last `defaults.count` positional parameters.
        let firstWithDefault = positional.count - arguments.defaults.count
        var nextDefault = 0
        for (index, parameter) in positional.enumerated() {
            body(.arg(parameter))
            if index >= firstWithDefault, nextDefault < arguments.defaults.count {
                body(.expr(arguments.defaults[nextDefault]))
                nextDefault += 1
            }
        }
        // A recovered tree may carry more defaults than parameters; still visit them.
        while nextDefault < arguments.defaults.count {
            body(.expr(arguments.defaults[nextDefault]))
            nextDefault += 1
        }
        if let vararg = arguments.vararg { body(.arg(vararg)) }
        for (index, parameter) in arguments.kwonlyargs.enumerated() {
            body(.arg(parameter))
            if index < arguments.kwDefaults.count, let value = arguments.kwDefaults[index] { body(.expr(value)) }
        }
        for value in arguments.kwDefaults.dropFirst(arguments.kwonlyargs.count) {
            if let value { body(.expr(value)) }
        }
        if let kwarg = arguments.kwarg { body(.arg(kwarg)) }
    }

    /// Positional and keyword arguments may interleave (`f(a, k=1, *rest)`), so merge by position.
    private static func mergeBySource(_ args: [Expr], _ keywords: [Keyword], _ body: (ASTNodeRef) -> Void) {
        inSourceOrder(args, keywords, argument: { body(.expr($0)) }, keyword: { body(.keyword($0)) })
    }

    /// Calls `argument` and `keyword` for each in the order they are written.
    static func inSourceOrder(_ args: [Expr], _ keywords: [Keyword], argument: (Expr) -> Void, keyword: (Keyword) -> Void) {
        var argIndex = 0
        var keywordIndex = 0
        while argIndex < args.count || keywordIndex < keywords.count {
            let takeArg: Bool
            if argIndex == args.count {
                takeArg = false
            } else if keywordIndex == keywords.count {
                takeArg = true
            } else {
                takeArg = args[argIndex].range.start <= keywords[keywordIndex].range.start
            }
            if takeArg {
                argument(args[argIndex])
                argIndex += 1
            } else {
                keyword(keywords[keywordIndex])
                keywordIndex += 1
            }
        }
    }
}
