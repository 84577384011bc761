import SOSecureCore
import SOSecurePython

/// Evaluates `where:` constraints and value tests against a call's arguments.
enum ArgumentChecks {
    /// The argument a constraint selects: `.some(expr)` when passed, `.none` when certainly absent,
    /// and `unknown` when `*args`/`**kwargs` could be passing it.
    enum Selection {
        case passed(Expr)
        case absent
        case unknown
    }

    static func select(position: Int?, keyword: String?, in call: Expr) -> Selection {
        guard case let .call(_, args, keywords) = call.kind else { return .absent }
        if let keyword, let found = keywords.first(where: { $0.arg == keyword }) { return .passed(found.value) }
        if let position {
            // A starred argument before the position makes the mapping unknowable.
            if let starIndex = args.firstIndex(where: { if case .starred = $0.kind { return true }; return false }),
               starIndex <= position {
                return .unknown
            }
            if position < args.count { return .passed(args[position]) }
        }
        if keywords.contains(where: { $0.arg == nil }) { return .unknown }
        if position != nil, args.contains(where: { if case .starred = $0.kind { return true }; return false }) { return .unknown }
        return .absent
    }

    static func holds(_ constraint: ArgumentConstraint, call: Expr, context: PythonFileContext, scope: Scope) -> Bool {
        if constraint.position == nil && constraint.keyword == nil {
            // No selector: the test applies to the call itself.
            return test(constraint.test, value: .passed(call), context: context, scope: scope)
        }
        let selection = select(position: constraint.position, keyword: constraint.keyword, in: call)
        return test(constraint.test, value: selection, context: context, scope: scope)
    }

    static func test(_ test: ValueTest, value selection: Selection, context: PythonFileContext, scope: Scope) -> Bool {
        let value: Expr
        switch selection {
        case .unknown:
            return false
        case .absent:
            switch test {
            case .absent: return true
            // "Not one of the safe values" holds when nothing was passed: the default is what the rule fears.
            case .notOneOf: return true
            default: return false
            }
        case let .passed(expr):
            // A local assigned exactly once (`cmd = "ls -la"; run(cmd, shell=True)`) stands for its value,
            // except for tests about how the value was written.
            value = singleAssignment(of: expr, test: test, context: context, scope: scope) ?? expr
        }
        switch test {
        case .absent: return false
        case .present: return true
        case let .equals(literal): return equals(value, literal, context: context, scope: scope)
        case let .oneOf(literals): return literals.contains { equals(value, $0, context: context, scope: scope) }
        case let .notOneOf(literals):
            // Only a value we can read counts as "not one of": a variable might hold a safe one.
            guard isKnown(value, context: context, scope: scope) else { return false }
            return !literals.contains { equals(value, $0, context: context, scope: scope) }
        case let .kind(kind): return hasKind(value, kind, context: context, scope: scope)
        case let .regex(pattern):
            guard let text = regexText(value) else { return false }
            return RegexCache.shared.matches(pattern, text)
        case let .lessThan(bound):
            guard let number = ExpressionFacts.intValue(value) else { return false }
            return number < bound
        case let .containsName(patterns):
            var found = false
            ASTNodeRef.expr(value).walkExpressions { expr in
                guard !found else { return }
                switch expr.kind {
                case .name, .attribute:
                    if let name = context.model.resolve(expr, in: scope), patterns.contains(where: { $0.matches(name.name) }) {
                        found = true
                    }
                default: break
                }
            }
            return found
        case let .modeBits(bits):
            guard let mode = ExpressionFacts.modeValue(value) else { return false }
            return mode & bits != 0
        }
    }

    /// The value a plain local name was given, when the scope assigns it exactly once and the test looks
    /// at values (not at how the argument itself was written).
    static func singleAssignment(of expr: Expr, test: ValueTest, context: PythonFileContext, scope: Scope) -> Expr? {
        guard case let .name(id, _) = expr.kind else { return nil }
        switch test {
        // `contains-name` on a copy (`user.token = token`) would report the same value twice.
        case .kind(.dynamicString), .absent, .present, .containsName: return nil
        default: break
        }
        var owner: Scope? = scope
        while let current = owner {
            if current.localBinding(id) != nil {
                guard case .variable? = current.localBinding(id) else { return nil }
                let values = context.assignments.values(of: id, in: current)
                return values.count == 1 ? values[0] : nil
            }
            owner = current.parent
        }
        return nil
    }

    /// The text a `regex` test reads: a constant string; the constant parts of an f-string or other
    /// string building, with `?` for each value; a list or tuple of such parts joined by spaces
    /// (`["sudo", "rm", path]` reads `sudo rm ?`).
    static func regexText(_ value: Expr) -> String? {
        if let text = ExpressionFacts.stringValue(value) { return text }
        switch value.kind {
        case .joinedStr, .binOp, .call:
            guard ExpressionFacts.isStringBuilding(value) else { return nil }
            return ExpressionFacts.constantText(value)
        case let .list(elts, _), let .tuple(elts, _):
            guard !elts.isEmpty, elts.contains(where: { ExpressionFacts.stringValue($0) != nil }) else { return nil }
            return elts.map { ExpressionFacts.stringValue($0) ?? "?" }.joined(separator: " ")
        default:
            return nil
        }
    }

    /// A literal or a name that resolves: something whose value a static reading knows.
    private static func isKnown(_ value: Expr, context: PythonFileContext, scope: Scope) -> Bool {
        if ExpressionFacts.isLiteral(value) { return true }
        switch value.kind {
        case .name, .attribute: return context.model.resolve(value, in: scope) != nil
        default: return false
        }
    }

    static func equals(_ value: Expr, _ literal: LiteralValue, context: PythonFileContext, scope: Scope) -> Bool {
        switch (literal, value.kind) {
        case (.none, .constant(.none, _)): return true
        case let (.bool(expected), .constant(.bool(actual), _)): return expected == actual
        case let (.int(expected), _): return ExpressionFacts.intValue(value) == expected && !isBool(value)
        case let (.string(expected), _): return ExpressionFacts.stringValue(value) == expected
        case let (.name(expected), .name), let (.name(expected), .attribute):
            guard let resolved = context.model.resolve(value, in: scope) else {
                // An unresolvable bare name still equals a bare expected name (`Loader=SafeLoader` in a snippet).
                return value.dottedName == expected
            }
            return resolved.name == expected || resolved.name.hasSuffix("." + expected)
        default: return false
        }
    }

    private static func isBool(_ value: Expr) -> Bool {
        if case .constant(.bool, _) = value.kind { return true }
        return false
    }

    static func hasKind(_ value: Expr, _ kind: ValueKind, context: PythonFileContext, scope: Scope) -> Bool {
        switch kind {
        case .literal: return ExpressionFacts.isLiteral(value)
        case .nonLiteral: return !ExpressionFacts.isLiteral(value)
        case .stringLiteral: return ExpressionFacts.stringValue(value) != nil
        case .list:
            switch value.kind {
            case .list, .tuple: return true
            default: return false
            }
        case .dynamicString: return isDynamicString(value, context: context, scope: scope, depth: 0)
        }
    }

    /// A string built with a non-constant part, directly or through local variables (a few hops).
    static func isDynamicString(_ value: Expr, context: PythonFileContext, scope: Scope, depth: Int) -> Bool {
        if ExpressionFacts.isStringBuilding(value) { return true }
        guard depth < 4, case let .name(id, _) = value.kind else { return false }
        return context.assignments.values(of: id, in: scope).contains {
            isDynamicString($0, context: context, scope: scope, depth: depth + 1)
        }
    }
}
