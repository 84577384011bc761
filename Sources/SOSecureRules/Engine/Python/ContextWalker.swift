import SOSecurePython

/// Visits every statement and expression of a file with the scope and handler it runs in.
/// Function bodies get their own context; decorators and defaults stay in the enclosing one.
enum ContextWalker {
    static func walk(_ context: PythonFileContext, statement: (Stmt, StatementContext) -> Void = { _, _ in },
                     expression: (Expr, StatementContext) -> Void) {
        let root = StatementContext(scope: context.model.moduleScope, function: nil, handler: nil)
        walk(context.parse.module.body, root, context, statement, expression)
    }

    private static func walk(_ body: [Stmt], _ current: StatementContext, _ context: PythonFileContext,
                             _ statement: (Stmt, StatementContext) -> Void, _ expression: (Expr, StatementContext) -> Void) {
        for stmt in body {
            statement(stmt, current)
            // The statement's own expressions; nested statements are walked below with their own context.
            ASTWalker.walk(.stmt(stmt), enter: { node in
                switch node {
                case let .stmt(inner): return inner === stmt
                case let .expr(expr):
                    expression(expr, current)
                    return true
                default: return true
                }
            })
            switch stmt.kind {
            case let .functionDef(_, _, _, inner, _, _, _):
                guard let scope = context.model.scope(of: stmt) else { continue }
                let handler = context.handler(for: stmt) ?? current.handler
                walk(inner, StatementContext(scope: scope, function: stmt, handler: handler), context, statement, expression)
            case let .classDef(_, _, _, _, inner, _):
                guard let scope = context.model.scope(of: stmt) else { continue }
                walk(inner, StatementContext(scope: scope, function: nil, handler: nil), context, statement, expression)
            default:
                for nested in PythonFileContext.nestedBodies(of: stmt) {
                    walk(nested, current, context, statement, expression)
                }
            }
        }
    }

    /// Whether a match at this place satisfies a rule's `inside:` restriction.
    static func satisfies(_ inside: MatchContext?, _ place: StatementContext) -> Bool {
        switch inside {
        case nil: return true
        case .handler?: return place.handler != nil
        case .function?: return place.function != nil
        case .module?: return place.function == nil
        }
    }
}
