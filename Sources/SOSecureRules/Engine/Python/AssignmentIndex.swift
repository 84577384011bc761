import SOSecurePython

/// The values assigned to each local name of a scope, for checks that look through a variable
/// (`query = f"..."; cursor.execute(query)`). Built lazily, once per scope.
final class AssignmentIndex: @unchecked Sendable {
    private var byScope: [ObjectIdentifier: [String: [Expr]]] = [:]
    private let module: Module

    init(module: Module) { self.module = module }

    /// Every value assigned to `name` in `scope`'s own body (plain, annotated and augmented assignments).
    func values(of name: String, in scope: Scope) -> [Expr] {
        let key = ObjectIdentifier(scope)
        if let table = byScope[key] { return table[name] ?? [] }
        var table: [String: [Expr]] = [:]
        let body: [Stmt]
        switch scope.node?.kind {
        case let .functionDef(_, _, _, inner, _, _, _)?: body = inner
        case let .classDef(_, _, _, _, inner, _)?: body = inner
        default: body = scope.kind == .module ? module.body : []
        }
        collect(body, into: &table)
        byScope[key] = table
        return table[name] ?? []
    }

    private func collect(_ body: [Stmt], into table: inout [String: [Expr]]) {
        for stmt in body {
            switch stmt.kind {
            case let .assign(targets, value):
                for target in targets { if case let .name(id, _) = target.kind { table[id, default: []].append(value) } }
            case let .annAssign(target, _, value?, _):
                if case let .name(id, _) = target.kind { table[id, default: []].append(value) }
            case let .augAssign(target, _, value):
                if case let .name(id, _) = target.kind { table[id, default: []].append(value) }
            case .functionDef, .classDef:
                continue
            default:
                for nested in PythonFileContext.nestedBodies(of: stmt) { collect(nested, into: &table) }
            }
        }
    }
}
