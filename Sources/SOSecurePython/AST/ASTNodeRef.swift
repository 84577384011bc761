import SOSecureCore

/// Any node of a Python syntax tree, so generic code (printers, walkers, rule dispatch)
/// can hold one value whatever its kind.
public enum ASTNodeRef: Sendable {
    case module(Module)
    case stmt(Stmt)
    case expr(Expr)
    case pattern(Pattern)
    case arguments(Arguments)
    case arg(Arg)
    case keyword(Keyword)
    case alias(Alias)
    case withItem(WithItem)
    case exceptHandler(ExceptHandler)
    case matchCase(MatchCase)
    case comprehension(Comprehension)
    case typeParam(TypeParam)

    /// The node's byte range, or nil for the node kinds CPython gives no position
    /// (`Module`, `arguments`, `withitem`, `match_case`, `comprehension`).
    public var range: TextRange? {
        switch self {
        case let .stmt(node): return node.range
        case let .expr(node): return node.range
        case let .pattern(node): return node.range
        case let .arg(node): return node.range
        case let .keyword(node): return node.range
        case let .alias(node): return node.range
        case let .exceptHandler(node): return node.range
        case let .typeParam(node): return node.range
        case .module, .arguments, .withItem, .matchCase, .comprehension: return nil
        }
    }

    /// The CPython `ast` class name of the node: "Call", "AsyncFunctionDef", "TryStar", "keyword"…
    public var kindName: String {
        switch self {
        case .module: return "Module"
        case let .stmt(node): return node.kind.kindName
        case let .expr(node): return node.kind.kindName
        case let .pattern(node): return node.kind.kindName
        case .arguments: return "arguments"
        case .arg: return "arg"
        case .keyword: return "keyword"
        case .alias: return "alias"
        case .withItem: return "withitem"
        case .exceptHandler: return "ExceptHandler"
        case .matchCase: return "match_case"
        case .comprehension: return "comprehension"
        case let .typeParam(node):
            switch node.kind {
            case .typeVar: return "TypeVar"
            case .paramSpec: return "ParamSpec"
            case .typeVarTuple: return "TypeVarTuple"
            }
        }
    }
}

extension StmtKind {
    /// CPython's class name for this statement.
    public var kindName: String {
        switch self {
        case let .functionDef(_, _, _, _, _, _, isAsync): return isAsync ? "AsyncFunctionDef" : "FunctionDef"
        case .classDef: return "ClassDef"
        case .return: return "Return"
        case .delete: return "Delete"
        case .assign: return "Assign"
        case .typeAlias: return "TypeAlias"
        case .augAssign: return "AugAssign"
        case .annAssign: return "AnnAssign"
        case let .for(_, _, _, _, isAsync): return isAsync ? "AsyncFor" : "For"
        case .while: return "While"
        case .if: return "If"
        case let .with(_, _, isAsync): return isAsync ? "AsyncWith" : "With"
        case .match: return "Match"
        case .raise: return "Raise"
        case let .try(_, _, _, _, isStar): return isStar ? "TryStar" : "Try"
        case .assert: return "Assert"
        case .import: return "Import"
        case .importFrom: return "ImportFrom"
        case .global: return "Global"
        case .nonlocal: return "Nonlocal"
        case .expr: return "Expr"
        case .pass: return "Pass"
        case .break: return "Break"
        case .continue: return "Continue"
        }
    }
}

extension ExprKind {
    /// CPython's class name for this expression.
    public var kindName: String {
        switch self {
        case .boolOp: return "BoolOp"
        case .namedExpr: return "NamedExpr"
        case .binOp: return "BinOp"
        case .unaryOp: return "UnaryOp"
        case .lambda: return "Lambda"
        case .ifExp: return "IfExp"
        case .dict: return "Dict"
        case .set: return "Set"
        case .listComp: return "ListComp"
        case .setComp: return "SetComp"
        case .dictComp: return "DictComp"
        case .generatorExp: return "GeneratorExp"
        case .await: return "Await"
        case .yield: return "Yield"
        case .yieldFrom: return "YieldFrom"
        case .compare: return "Compare"
        case .call: return "Call"
        case .formattedValue: return "FormattedValue"
        case .joinedStr: return "JoinedStr"
        case .constant: return "Constant"
        case .attribute: return "Attribute"
        case .subscript: return "Subscript"
        case .starred: return "Starred"
        case .name: return "Name"
        case .list: return "List"
        case .tuple: return "Tuple"
        case .slice: return "Slice"
        }
    }
}

extension PatternKind {
    /// CPython's class name for this pattern.
    public var kindName: String {
        switch self {
        case .matchValue: return "MatchValue"
        case .matchSingleton: return "MatchSingleton"
        case .matchSequence: return "MatchSequence"
        case .matchMapping: return "MatchMapping"
        case .matchClass: return "MatchClass"
        case .matchStar: return "MatchStar"
        case .matchAs: return "MatchAs"
        case .matchOr: return "MatchOr"
        }
    }
}
