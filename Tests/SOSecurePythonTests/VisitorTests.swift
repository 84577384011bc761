import SOSecureCore
import Testing
@testable import SOSecurePython

/// Records every hook call, to check order and balance.
private final class RecordingVisitor: ASTVisitor {
    var events: [String] = []
    var skipFunctions = false

    func visit(_ stmt: Stmt) -> Bool {
        events.append("+" + stmt.kind.kindName)
        if case .functionDef = stmt.kind { return !skipFunctions }
        return true
    }
    func leave(_ stmt: Stmt) { events.append("-" + stmt.kind.kindName) }
    func visit(_ expr: Expr) -> Bool { events.append("+" + expr.kind.kindName); return true }
    func leave(_ expr: Expr) { events.append("-" + expr.kind.kindName) }
}

/// Counts nodes by kind through the default hooks of every other kind.
private struct KindCounter: ASTVisitor {
    var counts: [String: Int] = [:]
    mutating func visit(_ arg: Arg) -> Bool { counts["arg", default: 0] += 1; return true }
    mutating func visit(_ keyword: Keyword) -> Bool { counts["keyword", default: 0] += 1; return true }
    mutating func visit(_ arguments: Arguments) -> Bool { counts["arguments", default: 0] += 1; return true }
}

@Suite struct VisitorTests {
    let module = VisitorSampleTree.module

    @Test func walksEveryNodeInSourceOrder() {
        var kinds: [String] = []
        module.walk(enter: { node in
            kinds.append(node.kindName)
            return true
        })
        #expect(kinds == VisitorSampleTree.walkOrder)
    }

    @Test func enterAndLeaveAreBalancedAndNested() {
        let visitor = RecordingVisitor()
        var reference = visitor
        module.walk(&reference)
        var open: [String] = []
        for event in visitor.events {
            if event.hasPrefix("+") {
                open.append(String(event.dropFirst()))
            } else {
                #expect(open.popLast() == String(event.dropFirst()))
            }
        }
        #expect(open.isEmpty)
        #expect(visitor.events.first == "+FunctionDef")
        #expect(visitor.events.last == "-FunctionDef")
    }

    @Test func returningFalseSkipsChildrenButStillLeaves() {
        let visitor = RecordingVisitor()
        visitor.skipFunctions = true
        var reference = visitor
        module.walk(&reference)
        #expect(visitor.events == ["+FunctionDef", "-FunctionDef"])
    }

    @Test func defaultHooksReachParametersAndKeywords() {
        var counter = KindCounter()
        module.walk(&counter)
        #expect(counter.counts == ["arg": 2, "keyword": 2, "arguments": 1])
    }

    @Test func forEachCallUnpacksCalls() {
        var calls: [(String?, Bool)] = []
        module.forEachCall { site in
            calls.append((site.function.dottedName, site.keyword("shell") != nil))
        }
        #expect(calls.map(\.0) == ["app.route", "subprocess.run"])
        #expect(calls.map(\.1) == [false, true])
    }

    @Test func walkExpressionsReachesFStringPartsDefaultsAndAnnotations() {
        var constants: [String] = []
        var names: [String] = []
        module.walkExpressions { expr in
            switch expr.kind {
            case let .constant(value, _): constants.append(ASTLiteralFormatting.repr(value))
            case let .name(id, _): names.append(id)
            default: break
            }
        }
        #expect(constants == ["'/run'", "'POST'", "10", "'ls '", "'dir'", "True", "None"])
        #expect(names == ["app", "int", "cmd", "request", "subprocess", "cmd", "limit"])
    }

    @Test func walkStatementsFindsNestedStatements() {
        var kinds: [String] = []
        module.walkStatements { kinds.append($0.kind.kindName) }
        #expect(kinds == ["FunctionDef", "Assign", "Return"])
    }

    @Test func childrenOfConditionalAreInReadingOrder() throws {
        guard case let .functionDef(_, _, _, body, _, _, _) = module.body[0].kind,
              case let .return(value?) = body[1].kind else {
            Issue.record("sample tree changed shape")
            return
        }
        // `body if test else orelse`: CPython's field order is test, body, orelse.
        #expect(ASTNodeRef.expr(value).children.map(\.kindName) == ["Call", "Name", "Constant"])
        #expect(ASTNodeRef.expr(value).fields.map(\.name) == ["test", "body", "orelse"])
    }

    @Test func positionalAndKeywordArgumentsInterleaveBySource() {
        // f(a, k=1, *rest)
        let text = "f(a, k=1, *rest)"
        func r(_ start: Int, _ end: Int) -> TextRange { TextRange(start: start, end: end) }
        let call = Expr(.call(
            func: Expr(.name(id: "f", ctx: .load), r(0, 1)),
            args: [Expr(.name(id: "a", ctx: .load), r(2, 3)),
                   Expr(.starred(value: Expr(.name(id: "rest", ctx: .load), r(11, 15)), ctx: .load), r(10, 15))],
            keywords: [Keyword(arg: "k", value: Expr(.constant(value: .int("1"), kind: nil), r(7, 8)), range: r(5, 8))]),
            r(0, text.utf8.count))
        #expect(ASTNodeRef.expr(call).children.map(\.kindName) == ["Name", "Name", "keyword", "Starred"])
    }

    @Test func parametersAreFollowedByTheirDefaults() {
        // def f(a, b=1, /, c=2, *args, d, e=3, **kw)
        func arg(_ name: String, _ offset: Int) -> Arg { Arg(arg: name, annotation: nil, range: TextRange(start: offset, end: offset + 1)) }
        func constant(_ digits: String, _ offset: Int) -> Expr { Expr(.constant(value: .int(digits), kind: nil), TextRange(start: offset, end: offset + 1)) }
        let arguments = Arguments(
            posonlyargs: [arg("a", 6), arg("b", 9)], args: [arg("c", 17)], vararg: arg("args", 23),
            kwonlyargs: [arg("d", 29), arg("e", 32)], kwDefaults: [nil, constant("3", 34)], kwarg: arg("kw", 39),
            defaults: [constant("1", 11), constant("2", 19)])
        let order = ASTNodeRef.arguments(arguments).children.map { node -> String in
            switch node {
            case let .arg(value): return value.arg
            case let .expr(value): return ASTLiteralFormatting.repr({ if case let .constant(v, _) = value.kind { return v } else { return .none } }())
            default: return "?"
            }
        }
        #expect(order == ["a", "b", "1", "c", "2", "args", "d", "e", "3", "kw"])
    }

    @Test func everyNodeKindIsReachedByBothTheWalkerAndTheFieldTour() {
        // The walker (source order) and the printers' field tour (CPython order) are
        // separate switches; they must agree on which nodes exist.
        var walked: [String: Int] = [:]
        module.walk(enter: { walked[$0.kindName, default: 0] += 1; return true })
        var toured: [String: Int] = [:]
        ASTNodeRef.module(module).forEachFieldEvent { event in
            if case let .beginNode(node) = event { toured[node.kindName, default: 0] += 1 }
        }
        #expect(walked == toured)
        #expect(walked.values.reduce(0, +) == VisitorSampleTree.walkOrder.count)
    }

    @Test func veryDeepTreesDoNotOverflowTheStack() {
        var count = 0
        ASTWalker.walk(.expr(DeepTree.chain), enter: { _ in count += 1; return true })
        #expect(count == 2 * DeepTree.depth + 1)
    }
}
