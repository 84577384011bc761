/// One function call found in a tree, with its parts unpacked.
public struct CallSite: Sendable {
    public let call: Expr
    public let function: Expr
    public let args: [Expr]
    public let keywords: [Keyword]

    /// The keyword argument named `name` (`shell` in `run(cmd, shell=True)`), if present.
    public func keyword(_ name: String) -> Keyword? {
        keywords.first { $0.arg == name }
    }
}

/// Shortcuts for the walks rules do most: every expression, every statement, every call.
/// All of them visit nodes in source order and reach every field (decorators, defaults,
/// annotations, f-string parts, comprehension clauses, match patterns…).
extension ASTNodeRef {
    public func walkExpressions(_ body: (Expr) -> Void) {
        ASTWalker.walk(self, enter: { node in
            if case let .expr(expr) = node { body(expr) }
            return true
        })
    }

    public func walkStatements(_ body: (Stmt) -> Void) {
        ASTWalker.walk(self, enter: { node in
            if case let .stmt(stmt) = node { body(stmt) }
            return true
        })
    }

    public func walkPatterns(_ body: (Pattern) -> Void) {
        ASTWalker.walk(self, enter: { node in
            if case let .pattern(pattern) = node { body(pattern) }
            return true
        })
    }

    public func forEachCall(_ body: (CallSite) -> Void) {
        walkExpressions { expr in
            if case let .call(function, args, keywords) = expr.kind {
                body(CallSite(call: expr, function: function, args: args, keywords: keywords))
            }
        }
    }
}

extension Module {
    public func walkExpressions(_ body: (Expr) -> Void) { ASTNodeRef.module(self).walkExpressions(body) }
    public func walkStatements(_ body: (Stmt) -> Void) { ASTNodeRef.module(self).walkStatements(body) }
    public func walkPatterns(_ body: (Pattern) -> Void) { ASTNodeRef.module(self).walkPatterns(body) }
    public func forEachCall(_ body: (CallSite) -> Void) { ASTNodeRef.module(self).forEachCall(body) }
}
