/// Walks a tree depth-first in source order, calling an `ASTVisitor`'s hooks.
///
/// Uses an explicit stack instead of recursion: generated or hostile code can produce
/// trees tens of thousands of levels deep, and a walk must never overflow the stack.
public enum ASTWalker {
    private enum Step {
        case enter(ASTNodeRef)
        case leave(ASTNodeRef)
    }

    public static func walk<V: ASTVisitor>(_ root: ASTNodeRef, _ visitor: inout V) {
        var stack: [Step] = [.enter(root)]
        while let step = stack.popLast() {
            switch step {
            case let .enter(node):
                let descend = visitor.enter(node)
                stack.append(.leave(node))
                guard descend else { continue }
                // Push children reversed so the first child is popped first.
                let firstChild = stack.count
                node.forEachChild { stack.append(.enter($0)) }
                stack[firstChild...].reverse()
            case let .leave(node):
                visitor.exit(node)
            }
        }
    }

    /// Walks with closures instead of a visitor type. `enter` returns whether to descend.
    public static func walk(
        _ root: ASTNodeRef,
        enter: (ASTNodeRef) -> Bool,
        leave: (ASTNodeRef) -> Void = { _ in }
    ) {
        withoutActuallyEscaping(enter) { enter in
            withoutActuallyEscaping(leave) { leave in
                var visitor = ClosureVisitor(enterNode: enter, leaveNode: leave)
                walk(root, &visitor)
            }
        }
    }
}

/// Forwards every typed hook to a pair of closures over `ASTNodeRef`.
private struct ClosureVisitor: ASTVisitor {
    let enterNode: (ASTNodeRef) -> Bool
    let leaveNode: (ASTNodeRef) -> Void

    func visit(_ module: Module) -> Bool { enterNode(.module(module)) }
    func leave(_ module: Module) { leaveNode(.module(module)) }
    func visit(_ stmt: Stmt) -> Bool { enterNode(.stmt(stmt)) }
    func leave(_ stmt: Stmt) { leaveNode(.stmt(stmt)) }
    func visit(_ expr: Expr) -> Bool { enterNode(.expr(expr)) }
    func leave(_ expr: Expr) { leaveNode(.expr(expr)) }
    func visit(_ pattern: Pattern) -> Bool { enterNode(.pattern(pattern)) }
    func leave(_ pattern: Pattern) { leaveNode(.pattern(pattern)) }
    func visit(_ arguments: Arguments) -> Bool { enterNode(.arguments(arguments)) }
    func leave(_ arguments: Arguments) { leaveNode(.arguments(arguments)) }
    func visit(_ arg: Arg) -> Bool { enterNode(.arg(arg)) }
    func leave(_ arg: Arg) { leaveNode(.arg(arg)) }
    func visit(_ keyword: Keyword) -> Bool { enterNode(.keyword(keyword)) }
    func leave(_ keyword: Keyword) { leaveNode(.keyword(keyword)) }
    func visit(_ alias: Alias) -> Bool { enterNode(.alias(alias)) }
    func leave(_ alias: Alias) { leaveNode(.alias(alias)) }
    func visit(_ item: WithItem) -> Bool { enterNode(.withItem(item)) }
    func leave(_ item: WithItem) { leaveNode(.withItem(item)) }
    func visit(_ handler: ExceptHandler) -> Bool { enterNode(.exceptHandler(handler)) }
    func leave(_ handler: ExceptHandler) { leaveNode(.exceptHandler(handler)) }
    func visit(_ matchCase: MatchCase) -> Bool { enterNode(.matchCase(matchCase)) }
    func leave(_ matchCase: MatchCase) { leaveNode(.matchCase(matchCase)) }
    func visit(_ comprehension: Comprehension) -> Bool { enterNode(.comprehension(comprehension)) }
    func leave(_ comprehension: Comprehension) { leaveNode(.comprehension(comprehension)) }
    func visit(_ typeParam: TypeParam) -> Bool { enterNode(.typeParam(typeParam)) }
    func leave(_ typeParam: TypeParam) { leaveNode(.typeParam(typeParam)) }
}

extension Module {
    /// Walks the whole module with `visitor`.
    public func walk<V: ASTVisitor>(_ visitor: inout V) {
        ASTWalker.walk(.module(self), &visitor)
    }

    /// Walks every node; `enter` returns whether to descend.
    public func walk(enter: (ASTNodeRef) -> Bool, leave: (ASTNodeRef) -> Void = { _ in }) {
        ASTWalker.walk(.module(self), enter: enter, leave: leave)
    }
}
