import SOSecureCore

/// A statement node. Identity (`ObjectIdentifier`) is stable.
public final class Stmt: Sendable {
    public let kind: StmtKind
    public let range: TextRange

    public init(_ kind: StmtKind, _ range: TextRange) {
        self.kind = kind
        self.range = range
    }
}

/// Mirrors CPython's `stmt` sum type (Python 3.12). The async variants of
/// `def`, `for` and `with` are the same case with `isAsync: true`.
public enum StmtKind: Sendable {
    /// Indirect: `Arguments` is large and would otherwise size every statement node.
    indirect case functionDef(name: String, typeParams: [TypeParam], args: Arguments, body: [Stmt],
                     decorators: [Expr], returns: Expr?, isAsync: Bool)
    case classDef(name: String, typeParams: [TypeParam], bases: [Expr], keywords: [Keyword],
                  body: [Stmt], decorators: [Expr])
    case `return`(value: Expr?)
    case delete(targets: [Expr])
    case assign(targets: [Expr], value: Expr)
    case typeAlias(name: Expr, typeParams: [TypeParam], value: Expr)
    case augAssign(target: Expr, op: BinaryOperator, value: Expr)
    /// `simple` is true when the target is a bare name not in parentheses.
    case annAssign(target: Expr, annotation: Expr, value: Expr?, simple: Bool)
    case `for`(target: Expr, iter: Expr, body: [Stmt], orelse: [Stmt], isAsync: Bool)
    case `while`(test: Expr, body: [Stmt], orelse: [Stmt])
    case `if`(test: Expr, body: [Stmt], orelse: [Stmt])
    case with(items: [WithItem], body: [Stmt], isAsync: Bool)
    case match(subject: Expr, cases: [MatchCase])
    case raise(exc: Expr?, cause: Expr?)
    /// `isStar` marks `try ... except* ...` (CPython's `TryStar`).
    case `try`(body: [Stmt], handlers: [ExceptHandler], orelse: [Stmt], finalbody: [Stmt], isStar: Bool)
    case assert(test: Expr, msg: Expr?)
    case `import`(names: [Alias])
    /// `module` is nil for `from . import x`; `level` counts the leading dots.
    case importFrom(module: String?, names: [Alias], level: Int)
    case global(names: [String])
    case nonlocal(names: [String])
    case expr(value: Expr)
    case pass
    case `break`
    case `continue`
}

/// `import a.b as c` / `from m import x as y`: one imported name.
public struct Alias: Sendable {
    public let name: String
    public let asname: String?
    public let range: TextRange

    public init(name: String, asname: String?, range: TextRange) {
        self.name = name
        self.asname = asname
        self.range = range
    }
}

/// `with context_expr as optional_vars`.
public struct WithItem: Sendable {
    public let contextExpr: Expr
    public let optionalVars: Expr?

    public init(contextExpr: Expr, optionalVars: Expr?) {
        self.contextExpr = contextExpr
        self.optionalVars = optionalVars
    }
}

/// `except type as name: body`.
public struct ExceptHandler: Sendable {
    public let type: Expr?
    public let name: String?
    public let body: [Stmt]
    public let range: TextRange

    public init(type: Expr?, name: String?, body: [Stmt], range: TextRange) {
        self.type = type
        self.name = name
        self.body = body
        self.range = range
    }
}

/// `case pattern if guard: body`.
public struct MatchCase: Sendable {
    public let pattern: Pattern
    public let guardExpr: Expr?
    public let body: [Stmt]

    public init(pattern: Pattern, guardExpr: Expr?, body: [Stmt]) {
        self.pattern = pattern
        self.guardExpr = guardExpr
        self.body = body
    }
}

/// PEP 695 type parameter: `T: bound`, `*Ts`, `**P`.
public struct TypeParam: Sendable {
    public enum Kind: Sendable {
        case typeVar(name: String, bound: Expr?)
        case paramSpec(name: String)
        case typeVarTuple(name: String)
    }

    public let kind: Kind
    public let range: TextRange

    public init(kind: Kind, range: TextRange) {
        self.kind = kind
        self.range = range
    }
}

/// A `match` pattern node.
public final class Pattern: Sendable {
    public let kind: PatternKind
    public let range: TextRange

    public init(_ kind: PatternKind, _ range: TextRange) {
        self.kind = kind
        self.range = range
    }
}

/// Mirrors CPython's `pattern` sum type.
public enum PatternKind: Sendable {
    case matchValue(value: Expr)
    /// Only `.none` and `.bool` appear here.
    case matchSingleton(value: ConstantValue)
    case matchSequence(patterns: [Pattern])
    case matchMapping(keys: [Expr], patterns: [Pattern], rest: String?)
    case matchClass(cls: Expr, patterns: [Pattern], kwdAttrs: [String], kwdPatterns: [Pattern])
    case matchStar(name: String?)
    /// `pattern == nil && name == nil` is the wildcard `_`.
    case matchAs(pattern: Pattern?, name: String?)
    case matchOr(patterns: [Pattern])
}

/// A parsed file: the statements that parsed plus every syntax error found.
public struct Module: Sendable {
    public let body: [Stmt]

    public init(body: [Stmt]) {
        self.body = body
    }
}
