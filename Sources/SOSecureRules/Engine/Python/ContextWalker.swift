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
            forEachOwnExpression(of: stmt) { expression($0, current) }
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

    /// Every expression of a statement that is not inside one of its nested statements (those are walked
    /// with their own context), parents before children, last child first. Uses an explicit stack:
    /// generated code can nest expressions very deeply.
    static func forEachOwnExpression(of stmt: Stmt, _ body: (Expr) -> Void) {
        var stack: [Expr] = []
        stmt.appendOwnExpressions(to: &stack)
        while let expr = stack.popLast() {
            body(expr)
            expr.appendChildExpressions(to: &stack)
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
