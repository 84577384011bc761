import SOSecurePython

/// `call:` — calls whose callee resolves to one of the names and whose arguments pass every constraint.
enum CallMatcher {
    static func matches(_ pattern: CallPattern, call: Expr, callee: ResolvedName, place: StatementContext,
                        context: PythonFileContext) -> Match? {
        guard pattern.names.contains(where: { $0.matches(callee.name) }),
              ContextWalker.satisfies(pattern.inside, place),
              pattern.constraints.allSatisfy({ ArgumentChecks.holds($0, call: call, context: context, scope: place.scope) })
        else { return nil }
        return Match(range: call.range, guessed: callee.guessed, fixTarget: .call(call))
    }
}
