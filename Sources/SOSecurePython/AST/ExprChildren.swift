/// The expressions directly below an expression, in the order `ASTNodeRef.forEachChild` gives them, with
/// the non-expression nodes between them (keywords, comprehensions, a lambda's parameters) looked through.
/// Walkers that only want expressions use this: it appends one reference per child instead of handing
/// an `ASTNodeRef` to a closure, which matters on every expression of every scanned file.
extension Expr {
    public func appendChildExpressions(to children: inout [Expr]) {
        switch kind {
        case let .boolOp(_, values), let .set(values), let .joinedStr(values), let .list(values, _), let .tuple(values, _):
            children.append(contentsOf: values)
        case let .namedExpr(first, second), let .binOp(first, _, second), let .subscript(first, second, _):
            children.append(first)
            children.append(second)
        case let .unaryOp(_, value), let .await(value), let .yieldFrom(value), let .attribute(value, _, _), let .starred(value, _):
            children.append(value)
        case let .lambda(args, lambdaBody):
            Self.appendExpressions(of: args, to: &children)
            children.append(lambdaBody)
        case let .ifExp(test, ifBody, orelse):
            children.append(ifBody)
            children.append(test)
            children.append(orelse)
        case let .dict(keys, values):
            for index in 0..<max(keys.count, values.count) {
                if index < keys.count, let key = keys[index] { children.append(key) }
                if index < values.count { children.append(values[index]) }
            }
        case let .listComp(element, generators), let .setComp(element, generators), let .generatorExp(element, generators):
            children.append(element)
            Self.appendExpressions(of: generators, to: &children)
        case let .dictComp(key, value, generators):
            children.append(key)
            children.append(value)
            Self.appendExpressions(of: generators, to: &children)
        case let .yield(value):
            if let value { children.append(value) }
        case let .compare(left, _, comparators):
            children.append(left)
            for comparator in comparators { children.append(comparator) }
        case let .call(function, args, keywords):
            children.append(function)
            Self.appendArguments(args, keywords, to: &children)
        case let .formattedValue(value, _, formatSpec):
            children.append(value)
            if let formatSpec { children.append(formatSpec) }
        case .constant, .name:
            break
        case let .slice(lower, upper, step):
            if let lower { children.append(lower) }
            if let upper { children.append(upper) }
            if let step { children.append(step) }
        }
    }

    private static func appendExpressions(of generators: [Comprehension], to children: inout [Expr]) {
        for generator in generators {
            children.append(generator.target)
            children.append(generator.iter)
            for condition in generator.ifs { children.append(condition) }
        }
    }

    /// Positional arguments and keyword values, merged by position as written.
    static func appendArguments(_ args: [Expr], _ keywords: [Keyword], to children: inout [Expr]) {
        if keywords.isEmpty {
            children.append(contentsOf: args)
            return
        }
        ASTNodeRef.inSourceOrder(args, keywords, argument: { children.append($0) }, keyword: { children.append($0.value) })
    }

    /// Parameter annotations and defaults, in the order `ASTNodeRef` visits an `arguments` node.
    static func appendExpressions(of arguments: Arguments, to children: inout [Expr]) {
        ASTNodeRef.arguments(arguments).forEachChild { child in
            switch child {
            case let .expr(expr): children.append(expr)
            case let .arg(arg): if let annotation = arg.annotation { children.append(annotation) }
            default: break
            }
        }
    }
}
