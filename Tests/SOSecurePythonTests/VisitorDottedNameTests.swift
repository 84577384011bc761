import SOSecureCore
import Testing
@testable import SOSecurePython

@Suite struct VisitorDottedNameTests {
    private let r = TextRange(start: 0, end: 1)

    @Test func namesAndAttributeChainsSpellDottedNames() {
        let os = Expr(.name(id: "os", ctx: .load), r)
        let path = Expr(.attribute(value: os, attr: "path", ctx: .load), r)
        let join = Expr(.attribute(value: path, attr: "join", ctx: .load), r)
        #expect(os.dottedName == "os")
        #expect(join.dottedName == "os.path.join")
    }

    @Test func callsAndSubscriptsInTheChainHaveNoDottedName() {
        let call = Expr(.call(func: Expr(.name(id: "f", ctx: .load), r), args: [], keywords: []), r)
        let attribute = Expr(.attribute(value: call, attr: "x", ctx: .load), r)
        #expect(attribute.dottedName == nil)
        let item = Expr(.subscript(value: Expr(.name(id: "a", ctx: .load), r), slice: Expr(.constant(value: .int("0"), kind: nil), r), ctx: .load), r)
        #expect(Expr(.attribute(value: item, attr: "b", ctx: .load), r).dottedName == nil)
    }
}
