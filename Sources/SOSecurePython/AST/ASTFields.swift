/// A non-node field value: a name, an operator, a literal…
public enum ASTScalar: Sendable {
    /// A Python identifier (`Name.id`, `Attribute.attr`, `FunctionDef.name`…).
    case identifier(String)
    case identifiers([String])
    /// A literal value (`Constant.value`, `MatchSingleton.value`).
    case constant(ConstantValue)
    /// A member of one of CPython's small enumerations: an operator or an `expr_context` ("Add", "Load").
    case symbol(String)
    case symbols([String])
    /// CPython's integer fields: `level`, `simple`, `is_async`, `conversion`.
    case int(Int)
    /// A plain string that is not an identifier (`Constant.kind`).
    case string(String)
}

/// The value of one field of a node, as CPython's `ast` module would hold it.
public enum ASTFieldValue: Sendable {
    case node(ASTNodeRef)
    /// A list of nodes; a nil entry is CPython's `None` (a `**` entry in `Dict.keys`,
    /// a keyword-only parameter without default in `kw_defaults`).
    case nodes([ASTNodeRef?])
    /// An absent optional field (`Return.value` of a bare `return`).
    case none
    case scalar(ASTScalar)
}

public struct ASTField: Sendable {
    /// The CPython field name (`decorator_list`, `format_spec`, `kw_defaults`…).
    public let name: String
    public let value: ASTFieldValue

    public init(_ name: String, _ value: ASTFieldValue) {
        self.name = name
        self.value = value
    }
}

/// The fields of a node in CPython's order with CPython's names — what printers show.
/// Comments (`type_comment`, `type_ignores`) are not part of our tree and are left out.
extension ASTNodeRef {
    public var fields: [ASTField] {
        switch self {
        case let .module(module):
            return [ASTField("body", .stmts(module.body))]
        case let .stmt(stmt):
            return ASTNodeRef.fields(of: stmt.kind)
        case let .expr(expr):
            return ASTNodeRef.fields(of: expr.kind)
        case let .pattern(pattern):
            return ASTNodeRef.fields(of: pattern.kind)
        case let .arguments(arguments):
            return [
                ASTField("posonlyargs", .nodes(arguments.posonlyargs.map { .arg($0) })),
                ASTField("args", .nodes(arguments.args.map { .arg($0) })),
                ASTField("vararg", .optional(arguments.vararg.map { .arg($0) })),
                ASTField("kwonlyargs", .nodes(arguments.kwonlyargs.map { .arg($0) })),
                ASTField("kw_defaults", .nodes(arguments.kwDefaults.map { $0.map { .expr($0) } })),
                ASTField("kwarg", .optional(arguments.kwarg.map { .arg($0) })),
                ASTField("defaults", .exprs(arguments.defaults)),
            ]
        case let .arg(arg):
            return [ASTField("arg", .scalar(.identifier(arg.arg))), ASTField("annotation", .optional(arg.annotation))]
        case let .keyword(keyword):
            return [ASTField("arg", .optionalIdentifier(keyword.arg)), ASTField("value", .node(.expr(keyword.value)))]
        case let .alias(alias):
            return [ASTField("name", .scalar(.identifier(alias.name))), ASTField("asname", .optionalIdentifier(alias.asname))]
        case let .withItem(item):
            return [ASTField("context_expr", .node(.expr(item.contextExpr))), ASTField("optional_vars", .optional(item.optionalVars))]
        case let .exceptHandler(handler):
            return [
                ASTField("type", .optional(handler.type)),
                ASTField("name", .optionalIdentifier(handler.name)),
                ASTField("body", .stmts(handler.body)),
            ]
        case let .matchCase(matchCase):
            return [
                ASTField("pattern", .node(.pattern(matchCase.pattern))),
                ASTField("guard", .optional(matchCase.guardExpr)),
                ASTField("body", .stmts(matchCase.body)),
            ]
        case let .comprehension(comprehension):
            return [
                ASTField("target", .node(.expr(comprehension.target))),
                ASTField("iter", .node(.expr(comprehension.iter))),
                ASTField("ifs", .exprs(comprehension.ifs)),
                ASTField("is_async", .scalar(.int(comprehension.isAsync ? 1 : 0))),
            ]
        case let .typeParam(typeParam):
            switch typeParam.kind {
            case let .typeVar(name, bound):
                return [ASTField("name", .scalar(.identifier(name))), ASTField("bound", .optional(bound))]
            case let .paramSpec(name), let .typeVarTuple(name):
                return [ASTField("name", .scalar(.identifier(name)))]
            }
        }
    }

    private static func fields(of kind: StmtKind) -> [ASTField] {
        switch kind {
        case let .functionDef(name, typeParams, args, body, decorators, returns, _):
            return [
                ASTField("name", .scalar(.identifier(name))),
                ASTField("args", .node(.arguments(args))),
                ASTField("body", .stmts(body)),
                ASTField("decorator_list", .exprs(decorators)),
                ASTField("returns", .optional(returns)),
                ASTField("type_params", .typeParams(typeParams)),
            ]
        case let .classDef(name, typeParams, bases, keywords, body, decorators):
            return [
                ASTField("name", .scalar(.identifier(name))),
                ASTField("bases", .exprs(bases)),
                ASTField("keywords", .nodes(keywords.map { .keyword($0) })),
                ASTField("body", .stmts(body)),
                ASTField("decorator_list", .exprs(decorators)),
                ASTField("type_params", .typeParams(typeParams)),
            ]
        case let .return(value):
            return [ASTField("value", .optional(value))]
        case let .delete(targets):
            return [ASTField("targets", .exprs(targets))]
        case let .assign(targets, value):
            return [ASTField("targets", .exprs(targets)), ASTField("value", .node(.expr(value)))]
        case let .typeAlias(name, typeParams, value):
            return [
                ASTField("name", .node(.expr(name))),
                ASTField("type_params", .typeParams(typeParams)),
                ASTField("value", .node(.expr(value))),
            ]
        case let .augAssign(target, op, value):
            return [
                ASTField("target", .node(.expr(target))),
                ASTField("op", .scalar(.symbol(op.rawValue))),
                ASTField("value", .node(.expr(value))),
            ]
        case let .annAssign(target, annotation, value, simple):
            return [
                ASTField("target", .node(.expr(target))),
                ASTField("annotation", .node(.expr(annotation))),
                ASTField("value", .optional(value)),
                ASTField("simple", .scalar(.int(simple ? 1 : 0))),
            ]
        case let .for(target, iter, body, orelse, _):
            return [
                ASTField("target", .node(.expr(target))),
                ASTField("iter", .node(.expr(iter))),
                ASTField("body", .stmts(body)),
                ASTField("orelse", .stmts(orelse)),
            ]
        case let .while(test, body, orelse), let .if(test, body, orelse):
            return [ASTField("test", .node(.expr(test))), ASTField("body", .stmts(body)), ASTField("orelse", .stmts(orelse))]
        case let .with(items, body, _):
            return [ASTField("items", .nodes(items.map { .withItem($0) })), ASTField("body", .stmts(body))]
        case let .match(subject, cases):
            return [ASTField("subject", .node(.expr(subject))), ASTField("cases", .nodes(cases.map { .matchCase($0) }))]
        case let .raise(exc, cause):
            return [ASTField("exc", .optional(exc)), ASTField("cause", .optional(cause))]
        case let .try(body, handlers, orelse, finalbody, _):
            return [
                ASTField("body", .stmts(body)),
                ASTField("handlers", .nodes(handlers.map { .exceptHandler($0) })),
                ASTField("orelse", .stmts(orelse)),
                ASTField("finalbody", .stmts(finalbody)),
            ]
        case let .assert(test, msg):
            return [ASTField("test", .node(.expr(test))), ASTField("msg", .optional(msg))]
        case let .import(names):
            return [ASTField("names", .nodes(names.map { .alias($0) }))]
        case let .importFrom(module, names, level):
            return [
                ASTField("module", .optionalIdentifier(module)),
                ASTField("names", .nodes(names.map { .alias($0) })),
                ASTField("level", .scalar(.int(level))),
            ]
        case let .global(names), let .nonlocal(names):
            return [ASTField("names", .scalar(.identifiers(names)))]
        case let .expr(value):
            return [ASTField("value", .node(.expr(value)))]
        case .pass, .break, .continue:
            return []
        }
    }

    private static func fields(of kind: ExprKind) -> [ASTField] {
        switch kind {
        case let .boolOp(op, values):
            return [ASTField("op", .scalar(.symbol(op.rawValue))), ASTField("values", .exprs(values))]
        case let .namedExpr(target, value):
            return [ASTField("target", .node(.expr(target))), ASTField("value", .node(.expr(value)))]
        case let .binOp(left, op, right):
            return [
                ASTField("left", .node(.expr(left))),
                ASTField("op", .scalar(.symbol(op.rawValue))),
                ASTField("right", .node(.expr(right))),
            ]
        case let .unaryOp(op, operand):
            return [ASTField("op", .scalar(.symbol(op.rawValue))), ASTField("operand", .node(.expr(operand)))]
        case let .lambda(args, body):
            return [ASTField("args", .node(.arguments(args))), ASTField("body", .node(.expr(body)))]
        case let .ifExp(test, body, orelse):
            return [
                ASTField("test", .node(.expr(test))),
                ASTField("body", .node(.expr(body))),
                ASTField("orelse", .node(.expr(orelse))),
            ]
        case let .dict(keys, values):
            return [ASTField("keys", .nodes(keys.map { $0.map { .expr($0) } })), ASTField("values", .exprs(values))]
        case let .set(elts):
            return [ASTField("elts", .exprs(elts))]
        case let .listComp(elt, generators), let .setComp(elt, generators), let .generatorExp(elt, generators):
            return [ASTField("elt", .node(.expr(elt))), ASTField("generators", .generators(generators))]
        case let .dictComp(key, value, generators):
            return [
                ASTField("key", .node(.expr(key))),
                ASTField("value", .node(.expr(value))),
                ASTField("generators", .generators(generators)),
            ]
        case let .await(value), let .yieldFrom(value):
            return [ASTField("value", .node(.expr(value)))]
        case let .yield(value):
            return [ASTField("value", .optional(value))]
        case let .compare(left, ops, comparators):
            return [
                ASTField("left", .node(.expr(left))),
                ASTField("ops", .scalar(.symbols(ops.map(\.rawValue)))),
                ASTField("comparators", .exprs(comparators)),
            ]
        case let .call(function, args, keywords):
            return [
                ASTField("func", .node(.expr(function))),
                ASTField("args", .exprs(args)),
                ASTField("keywords", .nodes(keywords.map { .keyword($0) })),
            ]
        case let .formattedValue(value, conversion, formatSpec):
            return [
                ASTField("value", .node(.expr(value))),
                ASTField("conversion", .scalar(.int(conversion))),
                ASTField("format_spec", .optional(formatSpec)),
            ]
        case let .joinedStr(values):
            return [ASTField("values", .exprs(values))]
        case let .constant(value, kind):
            return [ASTField("value", .scalar(.constant(value))), ASTField("kind", kind.map { .scalar(.string($0)) } ?? .none)]
        case let .attribute(value, attr, ctx):
            return [
                ASTField("value", .node(.expr(value))),
                ASTField("attr", .scalar(.identifier(attr))),
                ASTField("ctx", .scalar(.symbol(ctx.rawValue))),
            ]
        case let .subscript(value, slice, ctx):
            return [
                ASTField("value", .node(.expr(value))),
                ASTField("slice", .node(.expr(slice))),
                ASTField("ctx", .scalar(.symbol(ctx.rawValue))),
            ]
        case let .starred(value, ctx):
            return [ASTField("value", .node(.expr(value))), ASTField("ctx", .scalar(.symbol(ctx.rawValue)))]
        case let .name(id, ctx):
            return [ASTField("id", .scalar(.identifier(id))), ASTField("ctx", .scalar(.symbol(ctx.rawValue)))]
        case let .list(elts, ctx), let .tuple(elts, ctx):
            return [ASTField("elts", .exprs(elts)), ASTField("ctx", .scalar(.symbol(ctx.rawValue)))]
        case let .slice(lower, upper, step):
            return [ASTField("lower", .optional(lower)), ASTField("upper", .optional(upper)), ASTField("step", .optional(step))]
        }
    }

    private static func fields(of kind: PatternKind) -> [ASTField] {
        switch kind {
        case let .matchValue(value):
            return [ASTField("value", .node(.expr(value)))]
        case let .matchSingleton(value):
            return [ASTField("value", .scalar(.constant(value)))]
        case let .matchSequence(patterns), let .matchOr(patterns):
            return [ASTField("patterns", .patterns(patterns))]
        case let .matchMapping(keys, patterns, rest):
            return [
                ASTField("keys", .exprs(keys)),
                ASTField("patterns", .patterns(patterns)),
                ASTField("rest", .optionalIdentifier(rest)),
            ]
        case let .matchClass(cls, patterns, kwdAttrs, kwdPatterns):
            return [
                ASTField("cls", .node(.expr(cls))),
                ASTField("patterns", .patterns(patterns)),
                ASTField("kwd_attrs", .scalar(.identifiers(kwdAttrs))),
                ASTField("kwd_patterns", .patterns(kwdPatterns)),
            ]
        case let .matchStar(name):
            return [ASTField("name", .optionalIdentifier(name))]
        case let .matchAs(pattern, name):
            return [ASTField("pattern", .optional(pattern.map { .pattern($0) })), ASTField("name", .optionalIdentifier(name))]
        }
    }
}

extension ASTFieldValue {
    static func stmts(_ list: [Stmt]) -> ASTFieldValue { .nodes(list.map { .stmt($0) }) }
    static func exprs(_ list: [Expr]) -> ASTFieldValue { .nodes(list.map { .expr($0) }) }
    static func patterns(_ list: [Pattern]) -> ASTFieldValue { .nodes(list.map { .pattern($0) }) }
    static func typeParams(_ list: [TypeParam]) -> ASTFieldValue { .nodes(list.map { .typeParam($0) }) }
    static func generators(_ list: [Comprehension]) -> ASTFieldValue { .nodes(list.map { .comprehension($0) }) }
    static func optional(_ expr: Expr?) -> ASTFieldValue { expr.map { .node(.expr($0)) } ?? .none }
    static func optional(_ node: ASTNodeRef?) -> ASTFieldValue { node.map { .node($0) } ?? .none }
    static func optionalIdentifier(_ name: String?) -> ASTFieldValue { name.map { .scalar(.identifier($0)) } ?? .none }
}
