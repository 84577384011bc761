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
        var kinds: Set<TaintSourceKind> = []
        var called: Set<String> = []
        for stmt in body {
            ASTWalker.walk(.stmt(stmt), enter: { node in
                switch node {
                case let .stmt(inner):
                    switch inner.kind {
                    case .functionDef, .classDef: return false
                    default: return true
                    }
                case let .expr(expr):
                    switch expr.kind {
                    case let .name(id, _):
                        if let more = TaintSourceCatalog.triggerKinds[id] { kinds.formUnion(more) }
                    case let .attribute(_, attr, _):
                        if let more = TaintSourceCatalog.triggerKinds[attr] { kinds.formUnion(more) }
                    case let .call(function, _, _):
                        switch function.kind {
                        case let .name(id, _):
                            called.insert(id)
                            calledSegments.insert(id)
                        case let .attribute(base, attr, _):
                            if case .name("self", _) = base.kind { called.insert(attr) }
                            calledSegments.insert(attr)
                        default:
                            break
                        }
                    default:
                        break
                    }
                    return true
                default:
                    return true
                }
            })
        }
        for name in called { callers[name, default: []].append(caller) }
        return kinds
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
        for stmt in module.body {
            switch stmt.kind {
            case let .import(names) where names.contains(where: { $0.name == root || $0.name.hasPrefix(root + ".") }):
                return true
            case let .importFrom(name?, _, 0) where name == root || name.hasPrefix(root + "."):
                return true
            default:
                continue
            }
        }
        return false
    }
}
