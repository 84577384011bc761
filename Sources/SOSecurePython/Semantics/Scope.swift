/// What a name is bound to in one scope, as far as a static reading of the file can tell.
public enum Binding: Sendable {
    /// `import a.b as c` binds `c` to the module `a.b`; `import a.b` binds `a` to `a`.
    case module(String)
    /// `from m import x [as y]` binds `y` to `m.x`.
    case imported(String)
    /// A variable holding an instance of a known type (`conn = sqlite3.connect()` → `dbapi.Connection`).
    case instance(String)
    /// A function defined in this file.
    case function(Stmt)
    /// A class defined in this file.
    case `class`(Stmt)
    /// A parameter of the scope's function.
    case parameter(index: Int)
    /// Any other local variable.
    case variable
}

public enum ScopeKind: Sendable { case module, function, `class`, lambda }

/// One Python scope: the module, a function, a class or a lambda. Built once per file, then read-only.
public final class Scope: @unchecked Sendable {
    public let kind: ScopeKind
    public let parent: Scope?
    /// The `def`/`class` statement that opened the scope; nil for the module and lambdas.
    public let node: Stmt?
    /// Written only while `ScopeBuilder` runs.
    var bindings: [String: Binding] = [:]
    /// Names declared `global` in this scope resolve in the module scope.
    var globals: Set<String> = []
    /// For a class: attributes assigned as `self.x = <call>` in its methods, with the instance type.
    var instanceAttributes: [String: String] = [:]

    init(kind: ScopeKind, parent: Scope?, node: Stmt?) {
        self.kind = kind
        self.parent = parent
        self.node = node
    }

    /// The binding of `name` in this scope only.
    public func localBinding(_ name: String) -> Binding? { bindings[name] }

    /// The binding `name` refers to from this scope, following Python's rule that class scopes are not
    /// visible from functions nested in them.
    public func lookup(_ name: String) -> (binding: Binding, scope: Scope)? {
        if !globals.isEmpty, globals.contains(name) {
            var root: Scope = self
            while let parent = root.parent { root = parent }
            return root.bindings[name].map { ($0, root) }
        }
        if let binding = bindings[name] { return (binding, self) }
        var current = parent
        while let scope = current {
            if scope.kind != .class, let binding = scope.bindings[name] { return (binding, scope) }
            current = scope.parent
        }
        return nil
    }

    /// The nearest enclosing function scope (itself included), or nil at module level.
    public var enclosingFunction: Scope? {
        var current: Scope? = self
        while let scope = current {
            if scope.kind == .function { return scope }
            current = scope.parent
        }
        return nil
    }

    /// The class whose method this scope is, if it is one.
    var enclosingClass: Scope? {
        guard kind == .function, let parent, parent.kind == .class else { return nil }
        return parent
    }
}
