import SOSecureCore
@testable import SOSecurePython

/// `x + x + … + x` with 100,000 operands: a left-deep tree where any recursive walk
/// would need one stack frame per operand.
enum DeepTree {
    static let depth = 100_000
    /// Printers produce a line or more per node, so they get a shallower (still far too deep to recurse) chain.
    static let printerDepth = 10_000

    /// Built once and kept for the life of the test process: releasing a chain this deep
    /// recurses once per level inside the Swift runtime, and keeping trees that shallow is
    /// the parser's job (it reports nesting past a fixed depth), not the walker's.
    static let chain: Expr = build(depth)
    static let printerChain: Expr = build(printerDepth)

    private static func build(_ depth: Int) -> Expr {
        var expr = Expr(.name(id: "x", ctx: .load), TextRange(start: 0, end: 1))
        for index in 0..<depth {
            let right = Expr(.name(id: "x", ctx: .load), TextRange(start: 4 * index + 4, end: 4 * index + 5))
            expr = Expr(.binOp(left: expr, op: .add, right: right), TextRange(start: 0, end: 4 * index + 5))
        }
        return expr
    }

    static func source(_ depth: Int) -> String { "x" + String(repeating: " + x", count: depth) }
}
