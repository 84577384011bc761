import SOSecureCore
import SOSecurePython

/// Facts about a file that do not depend on the rule: which functions can see untrusted data of which
/// kinds (so the rest are interpreted only when called with it), where each `def` lives, framework imports,
/// and which callee names occur (so sanitizers the file never calls do not split the analysis cache).
final class TaintFileFacts {
    private var definingScopes: [ObjectIdentifier: Scope] = [:]
    /// Source kinds each function's own body (or the module's top-level code, key nil) can read.
    private var directKinds: [ObjectIdentifier?: Set<TaintSourceKind>] = [:]
    /// Called simple names → the functions (nil: top-level code) that call them.
    private var callers: [String: [ObjectIdentifier?]] = [:]
    private var functionNames: [ObjectIdentifier: String] = [:]
    private var rootsByKinds: [Set<TaintSourceKind>: Set<ObjectIdentifier?>] = [:]
    private var clickCommands: Set<ObjectIdentifier> = []
    /// The last segment of every callee in the file (`quote` for `shlex.quote(...)`).
    private(set) var calledSegments: Set<String> = []
    let tornadoImported: Bool
    let clickImported: Bool
    /// Methods whose name only one class of the file defines, so `service.find_user(x)` on an untyped
    /// local can be taken to call it. Names that builtin types also have are left out.
    private(set) var uniqueMethods: [String: Stmt] = [:]

    static let commonMethodNames: Set<String> = [
        "get", "set", "items", "keys", "values", "append", "extend", "update", "pop", "remove", "insert", "add",
        "clear", "copy", "read", "write", "close", "open", "run", "execute", "save", "delete", "format", "join",
        "split", "strip", "replace", "encode", "decode", "lower", "upper", "send", "recv", "load", "loads",
        "dump", "dumps", "call", "start", "stop", "query", "filter", "first", "all", "fetch", "fetchone",
        "fetchall", "commit", "connect", "render", "post", "put", "patch", "head", "list", "create", "process",
    ]

    init(context: PythonFileContext) {
        tornadoImported = Self.imports("tornado", in: context.parse.module)
        clickImported = Self.imports("click", in: context.parse.module)
        for (function, scope) in context.functions {
            let id = ObjectIdentifier(function)
            definingScopes[id] = scope
            guard case let .functionDef(name, _, _, body, decorators, _, _) = function.kind else { continue }
            functionNames[id] = name
            var kinds = scan(body, caller: id)
            if Self.isClick(decorators, scope: scope, model: context.model, clickImported: clickImported) {
                clickCommands.insert(id)
                kinds.insert(.cli)
            }
            if context.handler(for: function) != nil { kinds.insert(.web) }
            directKinds[id] = kinds
        }
        directKinds[nil] = scan(context.parse.module.body, caller: nil)

        var methodCounts: [String: Int] = [:]
        for (function, scope) in context.functions where scope.kind == .class {
            guard case let .functionDef(name, _, _, _, _, _, _) = function.kind, !name.hasPrefix("__"),
                  !Self.commonMethodNames.contains(name) else { continue }
            methodCounts[name, default: 0] += 1
            uniqueMethods[name] = function
        }
        for (name, count) in methodCounts where count > 1 { uniqueMethods[name] = nil }
    }

    /// Functions (and nil for top-level code) that can see a source of these kinds, directly or by
    /// calling such a function.
    func roots(for kinds: Set<TaintSourceKind>) -> Set<ObjectIdentifier?> {
        if let known = rootsByKinds[kinds] { return known }
        var roots: Set<ObjectIdentifier?> = []
        var pending: [ObjectIdentifier] = []
        for (id, direct) in directKinds where !direct.isDisjoint(with: kinds) {
            roots.insert(id)
            if let id { pending.append(id) }
        }
        var remaining = callers
        while let root = pending.popLast() {
            guard let name = functionNames[root], let calling = remaining.removeValue(forKey: name) else { continue }
            for caller in calling where roots.insert(caller).inserted {
                if let caller { pending.append(caller) }
            }
        }
        rootsByKinds[kinds] = roots
        return roots
    }

    func definingScope(of function: Stmt) -> Scope? { definingScopes[ObjectIdentifier(function)] }

    func isClickCommand(_ function: Stmt) -> Bool { clickCommands.contains(ObjectIdentifier(function)) }

    func isStaticMethod(_ function: Stmt) -> Bool {
        guard case let .functionDef(_, _, _, _, decorators, _, _) = function.kind else { return false }
        return decorators.contains { if case .name("staticmethod", _) = $0.kind { return true }; return false }
    }

    /// The source kinds a body's identifiers can start, recording the names it calls (`f(...)`,
    /// `self.f(...)`) and every callee's last segment. Nested `def`s and classes get their own scan.
    private func scan(_ body: [Stmt], caller: ObjectIdentifier?) -> Set<TaintSourceKind> {
        var scanner = IdentifierScanner()
        scanner.statements(body)
        for name in scanner.called { callers[name, default: []].append(caller) }
        calledSegments.formUnion(scanner.segments)
        return scanner.kinds
    }

    private static func isClick(_ decorators: [Expr], scope: Scope, model: SemanticModel, clickImported: Bool) -> Bool {
        for decorator in decorators {
            var callee = decorator
            if case let .call(function, _, _) = decorator.kind { callee = function }
            if let resolved = model.resolve(callee, in: scope), resolved.name.hasPrefix("click.") { return true }
            // `@cli.command()` on a click group defined in the file.
            if clickImported, case let .attribute(_, attr, _) = callee.kind, ["command", "argument", "option"].contains(attr) {
                return true
            }
        }
        return false
    }

    private static func imports(_ root: String, in module: Module) -> Bool {
        module.body.contains { imports(root, statement: $0) }
    }

    /// Whether an import statement binds `root` or one of its submodules (absolute imports only: a relative
    /// import binds a local name that resolves to nothing).
    static func imports(_ root: String, statement: Stmt) -> Bool {
        switch statement.kind {
        case let .import(names): return names.contains { $0.name == root || $0.name.hasPrefix(root + ".") }
        case let .importFrom(name?, _, 0): return name == root || name.hasPrefix(root + ".")
        default: return false
        }
    }
}

/// A direct walk over one body's statements and expressions (no generic visitor: this runs on every
/// file) collecting source-trigger identifiers and called names.
private struct IdentifierScanner {
    var kinds: Set<TaintSourceKind> = []
    var called: Set<String> = []
    var segments: Set<String> = []

    mutating func statements(_ body: [Stmt]) {
        for stmt in body { statement(stmt) }
    }

    mutating func statement(_ stmt: Stmt) {
        switch stmt.kind {
        case .functionDef, .classDef, .import, .importFrom, .global, .nonlocal, .pass, .break, .continue, .typeAlias:
            break
        case let .return(value):
            if let value { expression(value) }
        case let .delete(targets):
            expressions(targets)
        case let .assign(targets, value):
            expressions(targets)
            expression(value)
        case let .augAssign(target, _, value):
            expression(target)
            expression(value)
        case let .annAssign(target, _, value, _):
            expression(target)
            if let value { expression(value) }
        case let .for(target, iter, body, orelse, _):
            expression(target)
            expression(iter)
            statements(body)
            statements(orelse)
        case let .while(test, body, orelse), let .if(test, body, orelse):
            expression(test)
            statements(body)
            statements(orelse)
        case let .with(items, body, _):
            for item in items {
                expression(item.contextExpr)
                if let target = item.optionalVars { expression(target) }
            }
            statements(body)
        case let .match(subject, cases):
            expression(subject)
            for matchCase in cases {
                if let guardExpr = matchCase.guardExpr { expression(guardExpr) }
                statements(matchCase.body)
            }
        case let .raise(exc, cause):
            if let exc { expression(exc) }
            if let cause { expression(cause) }
        case let .try(body, handlers, orelse, finalbody, _):
            statements(body)
            for handler in handlers {
                if let type = handler.type { expression(type) }
                statements(handler.body)
            }
            statements(orelse)
            statements(finalbody)
        case let .assert(test, msg):
            expression(test)
            if let msg { expression(msg) }
        case let .expr(value):
            expression(value)
        }
    }

    mutating func expressions(_ exprs: [Expr]) {
        for expr in exprs { expression(expr) }
    }

    mutating func comprehension(_ generators: [Comprehension]) {
        for generator in generators {
            expression(generator.target)
            expression(generator.iter)
            expressions(generator.ifs)
        }
    }

    mutating func expression(_ expr: Expr) {
        switch expr.kind {
        case let .name(id, _):
            if let more = TaintSourceCatalog.triggerKinds(of: id) { kinds.formUnion(more) }
        case let .attribute(value, attr, _):
            if let more = TaintSourceCatalog.triggerKinds(of: attr) { kinds.formUnion(more) }
            expression(value)
        case let .call(function, args, keywords):
            switch function.kind {
            case let .name(id, _):
                called.insert(id)
                segments.insert(id)
            case let .attribute(base, attr, _):
                if case .name("self", _) = base.kind { called.insert(attr) }
                segments.insert(attr)
            default:
                break
            }
            expression(function)
            expressions(args)
            for keyword in keywords { expression(keyword.value) }
        case .constant, .lambda:
            break
        case let .boolOp(_, values), let .joinedStr(values), let .set(values), let .list(values, _), let .tuple(values, _):
            expressions(values)
        case let .namedExpr(target, value):
            expression(target)
            expression(value)
        case let .binOp(left, _, right):
            expression(left)
            expression(right)
        case let .unaryOp(_, operand):
            expression(operand)
        case let .ifExp(test, body, orelse):
            expression(test)
            expression(body)
            expression(orelse)
        case let .dict(keys, values):
            for key in keys { if let key { expression(key) } }
            expressions(values)
        case let .listComp(element, generators), let .setComp(element, generators), let .generatorExp(element, generators):
            comprehension(generators)
            expression(element)
        case let .dictComp(key, value, generators):
            comprehension(generators)
            expression(key)
            expression(value)
        case let .await(value), let .yieldFrom(value), let .starred(value, _):
            expression(value)
        case let .yield(value):
            if let value { expression(value) }
        case let .compare(left, _, comparators):
            expression(left)
            expressions(comparators)
        case let .formattedValue(value, _, spec):
            expression(value)
            if let spec { expression(spec) }
        case let .subscript(value, slice, _):
            expression(value)
            expression(slice)
        case let .slice(lower, upper, step):
            if let lower { expression(lower) }
            if let upper { expression(upper) }
            if let step { expression(step) }
        }
    }
}

