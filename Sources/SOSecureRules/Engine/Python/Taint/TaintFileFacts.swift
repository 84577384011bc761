import SOSecureCore
import SOSecurePython

/// Facts about a file that do not depend on the rule: which functions can see untrusted data at all
/// (so the rest are interpreted only when called with it), where each `def` lives, framework imports.
final class TaintFileFacts {
    private var definingScopes: [ObjectIdentifier: Scope] = [:]
    private var roots: Set<ObjectIdentifier> = []
    private var clickCommands: Set<ObjectIdentifier> = []
    private(set) var moduleIsRoot = false
    let tornadoImported: Bool
    let clickImported: Bool

    init(context: PythonFileContext) {
        tornadoImported = Self.imports("tornado", in: context.parse.module)
        clickImported = Self.imports("click", in: context.parse.module)
        var callers: [String: [ObjectIdentifier?]] = [:]  // called name → calling functions (nil: module code)
        var functionsByName: [String: [ObjectIdentifier]] = [:]
        var pending: [ObjectIdentifier] = []

        for (function, scope) in context.functions {
            let id = ObjectIdentifier(function)
            definingScopes[id] = scope
            guard case let .functionDef(name, _, _, body, decorators, _, _) = function.kind else { continue }
            functionsByName[name, default: []].append(id)
            let isClick = Self.isClick(decorators, scope: scope, model: context.model, clickImported: clickImported)
            if isClick { clickCommands.insert(id) }
            let scan = Self.scan(body)
            for called in scan.calledNames { callers[called, default: []].append(id) }
            if scan.mentionsSource || isClick || context.handler(for: function) != nil {
                roots.insert(id)
                pending.append(id)
            }
        }
        let moduleScan = Self.scan(context.parse.module.body)
        moduleIsRoot = moduleScan.mentionsSource
        for called in moduleScan.calledNames { callers[called, default: []].append(nil) }

        // A function that calls a root may receive untrusted data from it: it is a root too.
        var names: [ObjectIdentifier: String] = [:]
        for (name, ids) in functionsByName { for id in ids { names[id] = name } }
        while let root = pending.popLast() {
            guard let name = names[root] else { continue }
            for caller in callers[name] ?? [] {
                guard let caller else { moduleIsRoot = true; continue }
                if roots.insert(caller).inserted { pending.append(caller) }
            }
            callers[name] = nil
        }
    }

    func isRoot(_ function: Stmt, kinds: Set<TaintSourceKind>, context: PythonFileContext) -> Bool {
        roots.contains(ObjectIdentifier(function))
    }

    func definingScope(of function: Stmt) -> Scope? { definingScopes[ObjectIdentifier(function)] }

    func isClickCommand(_ function: Stmt) -> Bool { clickCommands.contains(ObjectIdentifier(function)) }

    func isStaticMethod(_ function: Stmt) -> Bool {
        guard case let .functionDef(_, _, _, _, decorators, _, _) = function.kind else { return false }
        return decorators.contains { if case .name("staticmethod", _) = $0.kind { return true }; return false }
    }

    /// Identifiers a body mentions that can start a source, and the simple names it calls
    /// (`f(...)`, `self.f(...)`). Nested `def`s and classes are left to their own scan.
    private static func scan(_ body: [Stmt]) -> (mentionsSource: Bool, calledNames: Set<String>) {
        var mentions = false
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
                        if !mentions, TaintSourceCatalog.triggerIdentifiers.contains(id) { mentions = true }
                    case let .attribute(_, attr, _):
                        if !mentions, TaintSourceCatalog.triggerIdentifiers.contains(attr) { mentions = true }
                    case let .call(function, _, _):
                        switch function.kind {
                        case let .name(id, _): called.insert(id)
                        case let .attribute(base, attr, _): if case .name("self", _) = base.kind { called.insert(attr) }
                        default: break
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
        return (mentions, called)
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
