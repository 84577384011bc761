import SOSecureCFamily
import Testing

@Suite("Java and Go lexer")
struct JavaGoLexerTests {
    @Test func javaTextBlocksCharsAndOperators() {
        let source = "String q = \"\"\"\n    SELECT * FROM t WHERE a = \"x\" \\\"\"\"\n    \"\"\";\nchar c = '\\'';\nlist.forEach(System.out::println); x >>>= 2; f(a -> a);"
        #expect(texts(source, .java, .string) == [
            "\"\"\"\n    SELECT * FROM t WHERE a = \"x\" \\\"\"\"\n    \"\"\"", "'\\''",
        ])
        #expect(texts(source, .java, .punctuation).filter { $0.count > 1 } == ["::", ">>>=", "->"])
        #expect(texts("public class A extends B { var record = null; }", .java, .keyword) == ["public", "class", "extends", "null"])
        #expect(texts("@Override void f() {} 0x7fff_ffffL 1.5e3d", .java, .number) == ["0x7fff_ffffL", "1.5e3d"])
    }

    @Test func javaUnterminatedTextBlockCostsOneLine() {
        let source = "String s = \"\"\"\nint x = 1;\n"
        let found = diagnostics(source, .java)
        #expect(found.map(\.range.start) == [11])
        #expect(found.first?.message.contains("text block") == true)
        #expect(texts(source, .java, .identifier) == ["String", "s", "x"])
    }

    @Test func goRawStringsRunesAndOperators() {
        let source = "q := `SELECT \"a\"\nFROM t` + \"s\"; r := 'x'; ch <- v; x &^= y; f(a...)"
        #expect(texts(source, .go, .string) == ["`SELECT \"a\"\nFROM t`", "\"s\"", "'x'"])
        #expect(texts(source, .go, .punctuation).filter { $0.count > 1 } == [":=", ":=", "<-", "&^=", "..."])
        #expect(texts("func main() { if err != nil { return } }", .go, .keyword) == ["func", "if", "return"])
        #expect(texts("1_000 0o17 0x1p-2 2i", .go, .number) == ["1_000", "0o17", "0x1p-2", "2i"])
    }

    @Test func goUnterminatedRawString() {
        let source = "x := `open\ny := 2\n"
        let found = diagnostics(source, .go)
        #expect(found.map(\.range.start) == [5])
        #expect(texts(source, .go, .identifier) == ["x", "y"])
    }
}
