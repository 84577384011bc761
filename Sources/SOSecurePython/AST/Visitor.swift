/// Hooks called while walking a syntax tree in source order.
///
/// Every `visit` returns whether to descend into the node's children; the default
/// implementations return `true`, so a visitor overrides only the kinds it cares about.
/// `leave` is called after the node's children (or right after `visit` when it returned
/// `false`), for every node whose `visit` was called — so push/pop pairs stay balanced.
///
/// The walk is iterative, so arbitrarily deep trees (a long `a + b + c + …` chain is a
/// left-deep tree) cannot overflow the stack. Classes may conform as well as structs.
public protocol ASTVisitor {
    mutating func visit(_ module: Module) -> Bool
    mutating func leave(_ module: Module)
    mutating func visit(_ stmt: Stmt) -> Bool
    mutating func leave(_ stmt: Stmt)
    mutating func visit(_ expr: Expr) -> Bool
    mutating func leave(_ expr: Expr)
    mutating func visit(_ pattern: Pattern) -> Bool
    mutating func leave(_ pattern: Pattern)
    mutating func visit(_ arguments: Arguments) -> Bool
    mutating func leave(_ arguments: Arguments)
    mutating func visit(_ arg: Arg) -> Bool
    mutating func leave(_ arg: Arg)
    mutating func visit(_ keyword: Keyword) -> Bool
    mutating func leave(_ keyword: Keyword)
    mutating func visit(_ alias: Alias) -> Bool
    mutating func leave(_ alias: Alias)
    mutating func visit(_ item: WithItem) -> Bool
    mutating func leave(_ item: WithItem)
    mutating func visit(_ handler: ExceptHandler) -> Bool
    mutating func leave(_ handler: ExceptHandler)
    mutating func visit(_ matchCase: MatchCase) -> Bool
    mutating func leave(_ matchCase: MatchCase)
    mutating func visit(_ comprehension: Comprehension) -> Bool
    mutating func leave(_ comprehension: Comprehension)
    mutating func visit(_ typeParam: TypeParam) -> Bool
    mutating func leave(_ typeParam: TypeParam)
}

extension ASTVisitor {
    public mutating func visit(_ module: Module) -> Bool { true }
    public mutating func leave(_ module: Module) {}
    public mutating func visit(_ stmt: Stmt) -> Bool { true }
    public mutating func leave(_ stmt: Stmt) {}
    public mutating func visit(_ expr: Expr) -> Bool { true }
    public mutating func leave(_ expr: Expr) {}
    public mutating func visit(_ pattern: Pattern) -> Bool { true }
    public mutating func leave(_ pattern: Pattern) {}
    public mutating func visit(_ arguments: Arguments) -> Bool { true }
    public mutating func leave(_ arguments: Arguments) {}
    public mutating func visit(_ arg: Arg) -> Bool { true }
    public mutating func leave(_ arg: Arg) {}
    public mutating func visit(_ keyword: Keyword) -> Bool { true }
    public mutating func leave(_ keyword: Keyword) {}
    public mutating func visit(_ alias: Alias) -> Bool { true }
    public mutating func leave(_ alias: Alias) {}
    public mutating func visit(_ item: WithItem) -> Bool { true }
    public mutating func leave(_ item: WithItem) {}
    public mutating func visit(_ handler: ExceptHandler) -> Bool { true }
    public mutating func leave(_ handler: ExceptHandler) {}
    public mutating func visit(_ matchCase: MatchCase) -> Bool { true }
    public mutating func leave(_ matchCase: MatchCase) {}
    public mutating func visit(_ comprehension: Comprehension) -> Bool { true }
    public mutating func leave(_ comprehension: Comprehension) {}
    public mutating func visit(_ typeParam: TypeParam) -> Bool { true }
    public mutating func leave(_ typeParam: TypeParam) {}
}

extension ASTVisitor {
    /// Calls the typed `visit` hook for `node`.
    mutating func enter(_ node: ASTNodeRef) -> Bool {
        switch node {
        case let .module(value): return visit(value)
        case let .stmt(value): return visit(value)
        case let .expr(value): return visit(value)
        case let .pattern(value): return visit(value)
        case let .arguments(value): return visit(value)
        case let .arg(value): return visit(value)
        case let .keyword(value): return visit(value)
        case let .alias(value): return visit(value)
        case let .withItem(value): return visit(value)
        case let .exceptHandler(value): return visit(value)
        case let .matchCase(value): return visit(value)
        case let .comprehension(value): return visit(value)
        case let .typeParam(value): return visit(value)
        }
    }

    /// Calls the typed `leave` hook for `node`.
    mutating func exit(_ node: ASTNodeRef) {
        switch node {
        case let .module(value): leave(value)
        case let .stmt(value): leave(value)
        case let .expr(value): leave(value)
        case let .pattern(value): leave(value)
        case let .arguments(value): leave(value)
        case let .arg(value): leave(value)
        case let .keyword(value): leave(value)
        case let .alias(value): leave(value)
        case let .withItem(value): leave(value)
        case let .exceptHandler(value): leave(value)
        case let .matchCase(value): leave(value)
        case let .comprehension(value): leave(value)
        case let .typeParam(value): leave(value)
        }
    }
}
