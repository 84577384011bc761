import SOSecureCore

/// Whether an expression is read, assigned or deleted (CPython's `expr_context`).
public enum ExprContext: String, Sendable { case load = "Load", store = "Store", del = "Del" }

public enum BoolOperator: String, Sendable { case and = "And", or = "Or" }

public enum BinaryOperator: String, Sendable {
    case add = "Add", sub = "Sub", mult = "Mult", matMult = "MatMult", div = "Div", mod = "Mod"
    case pow = "Pow", lShift = "LShift", rShift = "RShift", bitOr = "BitOr", bitXor = "BitXor"
    case bitAnd = "BitAnd", floorDiv = "FloorDiv"
}

public enum UnaryOperator: String, Sendable { case invert = "Invert", not = "Not", uAdd = "UAdd", uSub = "USub" }

public enum CompareOperator: String, Sendable {
    case eq = "Eq", notEq = "NotEq", lt = "Lt", ltE = "LtE", gt = "Gt", gtE = "GtE"
    case `is` = "Is", isNot = "IsNot", `in` = "In", notIn = "NotIn"
}

/// The value of a literal. Integers keep their source digits (underscores removed,
/// base prefix kept) because Python integers are unbounded.
public enum ConstantValue: Hashable, Sendable {
    case none
    case bool(Bool)
    case ellipsis
    /// e.g. "0x1F", "1000000", "0o17", "0b1".
    case int(String)
    case float(Double)
    /// The imaginary part of a complex literal such as `3j`.
    case imaginary(Double)
    case string(String)
    case bytes([UInt8])
}

/// An expression node. Identity (`ObjectIdentifier`) is stable, so analyses can key maps by node.
public final class Expr: Sendable {
    public let kind: ExprKind
    public let range: TextRange

    public init(_ kind: ExprKind, _ range: TextRange) {
        self.kind = kind
        self.range = range
    }
}

/// Mirrors CPython's `expr` sum type, field for field (Python 3.12).
public enum ExprKind: Sendable {
    case boolOp(op: BoolOperator, values: [Expr])
    case namedExpr(target: Expr, value: Expr)
    case binOp(left: Expr, op: BinaryOperator, right: Expr)
    case unaryOp(op: UnaryOperator, operand: Expr)
    /// Indirect: `Arguments` is large and would otherwise size every expression node.
    indirect case lambda(args: Arguments, body: Expr)
    case ifExp(test: Expr, body: Expr, orelse: Expr)
    /// A `nil` key is a `**mapping` entry.
    case dict(keys: [Expr?], values: [Expr])
    case set(elts: [Expr])
    case listComp(elt: Expr, generators: [Comprehension])
    case setComp(elt: Expr, generators: [Comprehension])
    case dictComp(key: Expr, value: Expr, generators: [Comprehension])
    case generatorExp(elt: Expr, generators: [Comprehension])
    case await(value: Expr)
    case yield(value: Expr?)
    case yieldFrom(value: Expr)
    case compare(left: Expr, ops: [CompareOperator], comparators: [Expr])
    case call(func: Expr, args: [Expr], keywords: [Keyword])
    /// `conversion` is -1 (none) or the code point of `s`, `r` or `a`, as in CPython.
    case formattedValue(value: Expr, conversion: Int, formatSpec: Expr?)
    case joinedStr(values: [Expr])
    /// `kind` is "u" for u-prefixed strings, nil otherwise.
    case constant(value: ConstantValue, kind: String?)
    case attribute(value: Expr, attr: String, ctx: ExprContext)
    case `subscript`(value: Expr, slice: Expr, ctx: ExprContext)
    case starred(value: Expr, ctx: ExprContext)
    case name(id: String, ctx: ExprContext)
    case list(elts: [Expr], ctx: ExprContext)
    case tuple(elts: [Expr], ctx: ExprContext)
    case slice(lower: Expr?, upper: Expr?, step: Expr?)
}

/// `for target in iter if ifs...` inside a comprehension.
public struct Comprehension: Sendable {
    public let target: Expr
    public let iter: Expr
    public let ifs: [Expr]
    public let isAsync: Bool

    public init(target: Expr, iter: Expr, ifs: [Expr], isAsync: Bool) {
        self.target = target
        self.iter = iter
        self.ifs = ifs
        self.isAsync = isAsync
    }
}

/// A keyword argument in a call or class definition; `arg == nil` is `**kwargs`.
public struct Keyword: Sendable {
    public let arg: String?
    public let value: Expr
    public let range: TextRange

    public init(arg: String?, value: Expr, range: TextRange) {
        self.arg = arg
        self.value = value
        self.range = range
    }
}

/// One parameter of a function or lambda.
public struct Arg: Sendable {
    public let arg: String
    public let annotation: Expr?
    public let range: TextRange

    public init(arg: String, annotation: Expr?, range: TextRange) {
        self.arg = arg
        self.annotation = annotation
        self.range = range
    }
}

/// A parameter list, split the way CPython's `arguments` node splits it.
public struct Arguments: Sendable {
    public let posonlyargs: [Arg]
    public let args: [Arg]
    public let vararg: Arg?
    public let kwonlyargs: [Arg]
    /// One entry per keyword-only parameter; nil where it has no default.
    public let kwDefaults: [Expr?]
    public let kwarg: Arg?
    /// Defaults of the last `defaults.count` positional parameters.
    public let defaults: [Expr]

    public init(posonlyargs: [Arg] = [], args: [Arg] = [], vararg: Arg? = nil, kwonlyargs: [Arg] = [],
                kwDefaults: [Expr?] = [], kwarg: Arg? = nil, defaults: [Expr] = []) {
        self.posonlyargs = posonlyargs
        self.args = args
        self.vararg = vararg
        self.kwonlyargs = kwonlyargs
        self.kwDefaults = kwDefaults
        self.kwarg = kwarg
        self.defaults = defaults
    }

    public static let empty = Arguments()
}
