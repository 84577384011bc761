import SOSecurePython

/// `function:` — a function carrying a decorator that weakens it (`@csrf_exempt`), or a route decorator
/// with risky arguments.
enum FunctionMatcher {
    static func matches(_ pattern: FunctionPattern, statement: Stmt, place: StatementContext, context: PythonFileContext) -> [Match] {
        guard case let .functionDef(_, _, _, _, decorators, _, _) = statement.kind else { return [] }
        var found: [Match] = []
        for decorator in decorators {
            var callee = decorator
            var isCall = false
            if case let .call(function, _, _) = decorator.kind {
                callee = function
                isCall = true
            }
            guard let name = context.model.resolve(callee, in: place.scope),
                  pattern.decoratedBy.contains(where: { $0.matches(name.name) }) else { continue }
            if !pattern.constraints.isEmpty {
                guard isCall, pattern.constraints.allSatisfy({ ArgumentChecks.holds($0, call: decorator, context: context, scope: place.scope) }) else {
                    continue
                }
            }
            found.append(Match(range: decorator.range, guessed: name.guessed))
        }
        return found
    }
}
