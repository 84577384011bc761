import SOSecureCore

/// Scopes, imports and known instance types of one parsed file: turns expressions into qualified names.
public final class SemanticModel: @unchecked Sendable {
    public let parse: ParseResult
    public let moduleScope: Scope
    private let functionScopes: [ObjectIdentifier: Scope]
    private let lambdaScopes: [ObjectIdentifier: Scope]

    public init(parse: ParseResult) {
        self.parse = parse
        var builder = ScopeBuilder(text: parse.text)
        moduleScope = builder.build(parse.module)
        functionScopes = builder.functionScopes
        lambdaScopes = builder.lambdaScopes
        builder.resolveTypes(with: self)
    }

    /// The scope a `def` or `class` statement opens.
    public func scope(of definition: Stmt) -> Scope? { functionScopes[ObjectIdentifier(definition)] }

    /// The scope a `lambda` expression opens.
    public func scope(ofLambda lambda: Expr) -> Scope? { lambdaScopes[ObjectIdentifier(lambda)] }

    /// The qualified name an expression stands for, or nil for local values and anything dynamic.
    /// A call stands for the type of the object it returns when that is known.
    public func resolve(_ expr: Expr, in scope: Scope) -> ResolvedName? {
        switch expr.kind {
        case let .name(id, _):
            return resolveName(id, in: scope)
        case let .attribute(value, attr, _):
            if let typed = resolveSelfAttribute(expr, in: scope) { return typed }
            guard let base = resolve(value, in: scope) else { return nil }
            if let chained = KnownTypes.attributeTypes[base.name] { return ResolvedName(chained, guessed: base.guessed) }
            return base.appending(attr)
        case .call:
            return instanceTypeName(of: expr, in: scope)
        case let .subscript(value, _, _):
            // `client["shop"]["orders"]` walks a Mongo client to a collection like attribute access does.
            guard let base = resolve(value, in: scope), let chained = KnownTypes.attributeTypes[base.name] else { return nil }
            return ResolvedName(chained, guessed: base.guessed)
        default:
            return nil
        }
    }

    /// The qualified name of the function a call calls (`sp.run(...)` → `subprocess.run`).
    public func calleeName(of call: Expr, in scope: Scope) -> ResolvedName? {
        guard case let .call(function, _, _) = call.kind else { return nil }
        return resolve(function, in: scope)
    }

    /// The instance type a call returns, for `x = call(...)` typing.
    func instanceType(of value: Expr, in scope: Scope) -> String? {
        instanceTypeName(of: value, in: scope)?.name
    }

    private func instanceTypeName(of call: Expr, in scope: Scope) -> ResolvedName? {
        guard case let .call(function, _, _) = call.kind, let callee = resolve(function, in: scope) else { return nil }
        if let type = KnownTypes.returnTypes[callee.name] { return ResolvedName(type, guessed: callee.guessed) }
        // `sessionmaker(...)()` and similar factories: the call of a known factory's result.
        if let type = KnownTypes.returnTypes[callee.name + "()"] { return ResolvedName(type, guessed: callee.guessed) }
        return nil
    }

    private func resolveName(_ id: String, in scope: Scope) -> ResolvedName? {
        if let (binding, owner) = scope.lookup(id) {
            switch binding {
            case let .module(name), let .imported(name):
                return ResolvedName(name)
            case let .instance(type):
                return ResolvedName(type)
            case .function, .class:
                return nil
            case .parameter:
                if id == "self" || id == "cls" { return nil }
                return SnippetGuesses.instanceName(id).map { ResolvedName($0, guessed: true) }
            case .variable:
                // A plain variable: its name may still tell what it holds (`cursor = get_cursor()`),
                // but not at module level in a full program where it was assigned something else.
                _ = owner
                return SnippetGuesses.instanceName(id).map { ResolvedName($0, guessed: true) }
            }
        }
        if KnownTypes.builtins.contains(id) { return ResolvedName(id) }
        if let module = SnippetGuesses.name(id) { return ResolvedName(module, guessed: true) }
        return SnippetGuesses.instanceName(id).map { ResolvedName($0, guessed: true) }
    }

    /// `self.x` inside a method resolves through the types its class assigned to `self.x`.
    public func resolveSelfAttribute(_ expr: Expr, in scope: Scope) -> ResolvedName? {
        guard case let .attribute(value, attr, _) = expr.kind, case let .name(selfName, _) = value.kind,
              let function = scope.enclosingFunction, let classScope = function.enclosingClass,
              case let .functionDef(_, _, args, _, _, _, _)? = function.node?.kind,
              ScopeBuilder.parameters(args).first?.arg == selfName,
              let type = classScope.instanceAttributes[attr] else { return nil }
        return ResolvedName(type)
    }

    /// The parameters of a `def` in call order.
    public static func parameters(of function: Stmt) -> [Arg] {
        guard case let .functionDef(_, _, args, _, _, _, _) = function.kind else { return [] }
        return ScopeBuilder.parameters(args)
    }

    /// A function defined in this file that `callee` (a name or `self.method`) calls, if any.
    public func localFunction(called callee: Expr, in scope: Scope) -> Stmt? {
        switch callee.kind {
        case let .name(id, _):
            if case let .function(stmt)? = scope.lookup(id)?.binding { return stmt }
            return nil
        case let .attribute(value, attr, _):
            guard case .name("self", _) = value.kind, let classScope = scope.enclosingFunction?.enclosingClass,
                  case let .function(stmt)? = classScope.localBinding(attr) else { return nil }
            return stmt
        default:
            return nil
        }
    }
}
