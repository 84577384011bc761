import SOSecureCore

/// Builds the scope tree of a module in one pass: imports, definitions, parameters and assignments,
/// plus the instance types of variables assigned from known constructors.
struct ScopeBuilder {
    /// The parsed text, to skip expressions that cannot contain a lambda.
    let text: [UInt8]

    init(text: [UInt8]) { self.text = text }

    static func mentionsLambda(_ text: [UInt8], _ range: TextRange) -> Bool {
        let start = max(0, range.start)
        let end = min(text.count, range.end)
        guard end - start >= 6 else { return false }
        return text.withUnsafeBufferPointer { bytes in
            var index = start
            while index <= end - 6 {
                if bytes[index] == UInt8(ascii: "l"), bytes[index + 1] == UInt8(ascii: "a"), bytes[index + 2] == UInt8(ascii: "m"),
                   bytes[index + 3] == UInt8(ascii: "b"), bytes[index + 4] == UInt8(ascii: "d"), bytes[index + 5] == UInt8(ascii: "a") {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    private(set) var functionScopes: [ObjectIdentifier: Scope] = [:]
    private(set) var lambdaScopes: [ObjectIdentifier: Scope] = [:]
    /// Assignments whose instance type is worked out after all imports are known.
    private var pendingTypes: [(scope: Scope, name: String, value: Expr)] = []
    private var pendingSelfTypes: [(scope: Scope, classScope: Scope, attribute: String, value: Expr)] = []

    mutating func build(_ module: Module) -> Scope {
        let root = Scope(kind: .module, parent: nil, node: nil)
        declare(module.body, in: root)
        return root
    }

    /// Resolves the deferred instance types with the finished scopes.
    mutating func resolveTypes(with model: SemanticModel) {
        for (scope, name, value) in pendingTypes {
            guard let type = model.instanceType(of: value, in: scope) else { continue }
            if case .variable = scope.bindings[name] ?? .variable { scope.bindings[name] = .instance(type) }
        }
        for (scope, classScope, attribute, value) in pendingSelfTypes {
            if let type = model.instanceType(of: value, in: scope) { classScope.instanceAttributes[attribute] = type }
        }
    }

    private mutating func declare(_ body: [Stmt], in scope: Scope) {
        for stmt in body { declare(stmt, in: scope) }
    }

    private mutating func declare(_ stmt: Stmt, in scope: Scope) {
        switch stmt.kind {
        case let .functionDef(name, _, args, body, decorators, _, _):
            scope.bindings[name] = .function(stmt)
            for decorator in decorators { declareLambdas(in: decorator, scope: scope) }
            let inner = Scope(kind: .function, parent: scope, node: stmt)
            functionScopes[ObjectIdentifier(stmt)] = inner
            for (index, arg) in Self.parameters(args).enumerated() { inner.bindings[arg.arg] = .parameter(index: index) }
            declare(body, in: inner)
        case let .classDef(name, _, _, _, body, _):
            scope.bindings[name] = .class(stmt)
            let inner = Scope(kind: .class, parent: scope, node: stmt)
            functionScopes[ObjectIdentifier(stmt)] = inner
            declare(body, in: inner)
        case let .import(names):
            for alias in names {
                if let asname = alias.asname {
                    scope.bindings[asname] = .module(alias.name)
                } else {
                    let head = String(alias.name.split(separator: ".").first ?? Substring(alias.name))
                    scope.bindings[head] = .module(head)
                }
            }
        case let .importFrom(module, names, level):
            for alias in names where alias.name != "*" {
                let base = level > 0 ? (module ?? "") : (module ?? "")
                let qualified = base.isEmpty ? alias.name : "\(base).\(alias.name)"
                scope.bindings[alias.asname ?? alias.name] = level > 0 ? .variable : .imported(qualified)
            }
        case let .assign(targets, value):
            for target in targets { bindTarget(target, value: value, in: scope) }
            declareLambdas(in: value, scope: scope)
        case let .annAssign(target, _, value, _):
            bindTarget(target, value: value, in: scope)
        case let .augAssign(target, _, _):
            bindTarget(target, value: nil, in: scope)
        case let .for(target, _, body, orelse, _):
            bindTarget(target, value: nil, in: scope)
            declare(body, in: scope)
            declare(orelse, in: scope)
        case let .while(_, body, orelse):
            declare(body, in: scope)
            declare(orelse, in: scope)
        case let .if(_, body, orelse):
            declare(body, in: scope)
            declare(orelse, in: scope)
        case let .with(items, body, _):
            for item in items {
                if let vars = item.optionalVars { bindTarget(vars, value: item.contextExpr, in: scope) }
            }
            declare(body, in: scope)
        case let .try(body, handlers, orelse, finalbody, _):
            declare(body, in: scope)
            for handler in handlers {
                if let name = handler.name { bindVariable(name, in: scope) }
                declare(handler.body, in: scope)
            }
            declare(orelse, in: scope)
            declare(finalbody, in: scope)
        case let .match(_, cases):
            for matchCase in cases { declare(matchCase.body, in: scope) }
        case let .global(names):
            scope.globals.formUnion(names)
        case let .expr(value):
            declareLambdas(in: value, scope: scope)
        case let .return(value):
            if let value { declareLambdas(in: value, scope: scope) }
        default:
            break
        }
    }

    private mutating func bindTarget(_ target: Expr, value: Expr?, in scope: Scope) {
        switch target.kind {
        case let .name(id, _):
            // A name assigned twice keeps its first known type (see resolveTypes).
            bindVariable(id, in: scope)
            if let value, case .call = value.kind { pendingTypes.append((scope, id, value)) }
        case let .tuple(elts, _), let .list(elts, _):
            for element in elts { bindTarget(element, value: nil, in: scope) }
        case let .starred(value, _):
            bindTarget(value, value: nil, in: scope)
        case let .attribute(base, attr, _):
            // `self.conn = sqlite3.connect(...)` in a method types `self.conn` for the whole class.
            if case let .name(selfName, _) = base.kind, let classScope = scope.enclosingClass,
               case let .functionDef(_, _, args, _, _, _, _)? = scope.node?.kind,
               Self.parameters(args).first?.arg == selfName, let value, case .call = value.kind {
                pendingSelfTypes.append((scope, classScope, attr, value))
            }
        default:
            break
        }
    }

    private mutating func bindVariable(_ name: String, in scope: Scope) {
        // Any binding already there stays: definitions and imports win, and a parameter or variable is one.
        if scope.bindings.index(forKey: name) == nil { scope.bindings[name] = .variable }
    }

    /// Lambdas get scopes of their own so their parameters shadow outer names.
    private mutating func declareLambdas(in expr: Expr, scope: Scope) {
        // Most expressions hold no lambda; a byte search of their text is far cheaper than a walk.
        guard Self.mentionsLambda(text, expr.range) else { return }
        // Every lambda below gets the statement's scope as parent, so the visiting order does not matter.
        var pending = [expr]
        while let node = pending.popLast() {
            if case let .lambda(args, _) = node.kind, lambdaScopes[ObjectIdentifier(node)] == nil {
                let inner = Scope(kind: .lambda, parent: scope, node: nil)
                for (index, arg) in Self.parameters(args).enumerated() { inner.bindings[arg.arg] = .parameter(index: index) }
                lambdaScopes[ObjectIdentifier(node)] = inner
            }
            node.appendChildExpressions(to: &pending)
        }
    }

    /// Parameters in call order: positional-only, positional, *args, keyword-only, **kwargs.
    static func parameters(_ args: Arguments) -> [Arg] {
        var all = args.posonlyargs + args.args
        if let vararg = args.vararg { all.append(vararg) }
        all += args.kwonlyargs
        if let kwarg = args.kwarg { all.append(kwarg) }
        return all
    }
}
