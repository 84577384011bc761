/// The expressions of a statement itself, nested statements left out, in the order `ASTNodeRef.forEachChild`
/// gives them with the non-expression nodes between (parameters, keywords, with-items, handlers, match
/// cases) looked through. Walkers that give nested statements their own context use this.
extension Stmt {
    public func appendOwnExpressions(to expressions: inout [Expr]) {
        switch kind {
        case let .functionDef(_, typeParams, args, _, decorators, returns, _) where typeParams.isEmpty:
            expressions.append(contentsOf: decorators)
            Expr.appendExpressions(of: args, to: &expressions)
            if let returns { expressions.append(returns) }
        case let .classDef(_, typeParams, bases, keywords, _, decorators) where typeParams.isEmpty:
            expressions.append(contentsOf: decorators)
            Expr.appendArguments(bases, keywords, to: &expressions)
        case let .return(value):
            if let value { expressions.append(value) }
        case let .delete(targets):
            expressions.append(contentsOf: targets)
        case let .assign(targets, value):
            expressions.append(contentsOf: targets)
            expressions.append(value)
        case let .augAssign(target, _, value):
            expressions.append(target)
            expressions.append(value)
        case let .annAssign(target, annotation, value, _):
            expressions.append(target)
            expressions.append(annotation)
            if let value { expressions.append(value) }
        case let .for(target, iter, _, _, _):
            expressions.append(target)
            expressions.append(iter)
        case let .while(test, _, _), let .if(test, _, _):
            expressions.append(test)
        case let .with(items, _, _):
            for item in items {
                expressions.append(item.contextExpr)
                if let vars = item.optionalVars { expressions.append(vars) }
            }
        case let .raise(exc, cause):
            if let exc { expressions.append(exc) }
            if let cause { expressions.append(cause) }
        case let .try(_, handlers, _, _, _):
            for handler in handlers { if let type = handler.type { expressions.append(type) } }
        case let .assert(test, msg):
            expressions.append(test)
            if let msg { expressions.append(msg) }
        case let .expr(value):
            expressions.append(value)
        case .import, .importFrom, .global, .nonlocal, .pass, .break, .continue:
            break
        case .functionDef, .classDef, .typeAlias, .match:
            // Type parameters and match patterns: rare enough for the generic walk.
            ASTNodeRef.stmt(self).forEachChild { Self.append($0, to: &expressions) }
        }
    }

    private static func append(_ node: ASTNodeRef, to expressions: inout [Expr]) {
        switch node {
        case .stmt: return
        case let .expr(expr): expressions.append(expr)
        default: node.forEachChild { append($0, to: &expressions) }
        }
    }
}
