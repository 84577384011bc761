import SOSecureCFamily
import SOSecureCore
import Testing

@Suite("Token trees")
struct TokenTreeTests {
    func syntax(_ source: String, _ dialect: Dialect) -> CFamilySyntax {
        CFamilySyntax.parse(SourceFile(path: "t", text: source), dialect: dialect)
    }

    /// A compact picture of the trees: groups as `(…)` with `!` for a missing closer, tokens by text.
    func shape(_ trees: [TokenTree], _ syntax: CFamilySyntax) -> String {
        trees.map { tree in
            switch tree {
            case let .token(token):
                return syntax.text(token)
            case let .group(open, children, close):
                let inner = shape(children, syntax)
                return syntax.text(open) + inner + (close.map { syntax.text($0) } ?? "!")
            }
        }.joined(separator: " ")
    }

    @Test func bracketsNestAndCommentsAreLeftOut() {
        let parsed = syntax("f(a[1], {b: 2}) /* c */ // d\n", .javascript)
        #expect(shape(parsed.trees, parsed) == "f (a [1] , {b : 2})")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.tokens.filter { $0.kind == .comment }.count == 2)
    }

    @Test func missingParenIsClosedByTheFunctionBraceAndLaterFunctionsNest() {
        let source = "void a() {\n  foo(1, 2;\n}\nvoid b() { bar(); }\n"
        let parsed = syntax(source, .c)
        #expect(shape(parsed.trees, parsed) == "void a () {foo (1 , 2 ;!} void b () {bar () ;}")
        #expect(parsed.diagnostics.count == 1)
        #expect(parsed.diagnostics.first?.range.start == 16)
        #expect(parsed.diagnostics.first?.message.contains("never closed") == true)
    }

    @Test func oneCloserEndsEveryGroupItSkips() {
        let parsed = syntax("f() { a([x }\ng() {}", .javascript)
        #expect(shape(parsed.trees, parsed) == "f () {a ([x!!} g () {}")
        #expect(parsed.diagnostics.map(\.range.start) == [7, 8])
        // The opener's pair is named in the message.
        #expect(parsed.diagnostics.map(\.message) == ["'(' is never closed: expected ')'", "'[' is never closed: expected ']'"])
    }

    @Test func alternativeBranchesThatReopenABlockStayFlat() {
        let source = """
        #ifdef WIDE
        int f(long a) {
        #elif defined(NARROW)
        int f(short a) {
        #else
          int f(int a) {
        #endif
          return a;
        }
        #if X
        void g(void) { h(); }
        #else
        void g(void) { k(); }
        #endif
        int z(void) { return 0; }
        """
        let parsed = syntax(source, .c)
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
        #expect(shape(parsed.trees, parsed) == "#ifdef WIDE int f (long a) {#elif defined(NARROW) int f ( short a ) { "
            + "#else int f ( int a ) { #endif return a ;} #if X void g (void) {h () ;} #else void g (void) {k () ;} #endif "
            + "int z (void) {return 0 ;}")
        // Without the bytes the builder cannot read directives: the same tokens leave two groups open.
        #expect(TokenTreeBuilder.build(parsed.tokens).diagnostics.count == 2)
    }

    @Test func bracketsUnderIfZeroStayFlat() {
        let source = "extern \"C\" {\n#if 0 /* for the indenter */\n}\n#else\nint v[2];\n#endif\nint f(void);\n}\n#if 0x1\n(\n#endif\n)"
        let parsed = syntax(source, .c)
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
        #expect(shape(parsed.trees, parsed) == "extern \"C\" {#if 0 /* for the indenter */ } #else int v [2] ; #endif int f (void) ;} "
            + "#if 0x1 (#endif)")
    }

    @Test func strayCloserStaysAToken() {
        let source = "function a() { x()); }\nfunction b() { y(); }"
        let parsed = syntax(source, .javascript)
        #expect(shape(parsed.trees, parsed) == "function a () {x () ) ;} function b () {y () ;}")
        #expect(parsed.diagnostics.map(\.range.start) == [18])
        #expect(parsed.diagnostics.first?.message.contains("unmatched ')'") == true)
    }

    @Test func unclosedAtEndOfFile() {
        let parsed = syntax("int main() { if (x) {", .c)
        #expect(shape(parsed.trees, parsed) == "int main () {if (x) {!!")
        #expect(parsed.diagnostics.map(\.range.start) == [11, 20])
    }

    @Test func nestingPastTheLimitIsOneDiagnosticNotACrash() {
        let depth = TokenTreeBuilder.maxDepth + 200
        let source = String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth)
        let parsed = syntax(source, .javascript)
        #expect(parsed.diagnostics.count == 1)
        #expect(parsed.diagnostics.first?.range.start == TokenTreeBuilder.maxDepth)
        var level = 0
        var current = parsed.trees
        while case let .group(_, children, close)? = current.first, close != nil {
            level += 1
            current = children
        }
        #expect(level == TokenTreeBuilder.maxDepth)
    }

    @Test func bracketsInsideInterpolationsNestAndTheLiteralsDoNot() {
        let parsed = syntax("log(`a ${f({k: 1})} b`)", .javascript)
        #expect(shape(parsed.trees, parsed) == "log (`a ${ f ({k : 1}) } b`)")
        #expect(parsed.diagnostics.isEmpty)
    }

    @Test func tokenTextHelpers() {
        let parsed = syntax("<?php SYSTEM($cmd); // sosecure: ignore", .php)
        let call = parsed.tokens[1]
        #expect(parsed.tokenEquals(call, "SYSTEM"))
        #expect(!parsed.tokenEquals(call, "system"))
        #expect(parsed.tokenEqualsIgnoringCase(call, "system"))
        #expect(!parsed.tokenEqualsIgnoringCase(call, "systemx"))
        #expect(Array(parsed.tokenText(parsed.tokens[3])) == Array("$cmd".utf8))
        #expect(parsed.comments.map { parsed.text($0) } == ["<?php", "// sosecure: ignore"])
        #expect(parsed.tokenHasPrefix(parsed.comments[1], "// sosecure"))
        #expect(CFamilySyntax.parse(SourceFile(path: "x.py", text: "")) == nil)
        #expect(CFamilySyntax.parse(SourceFile(path: "x.ts", text: "let a"))?.dialect == .typescript)
    }
}
