import SOSecureCFamily
import Testing

@Suite("JavaScript and TypeScript lexer")
struct JavaScriptLexerTests {
    @Test func regexVersusDivision() {
        #expect(texts("a / b / c", .javascript, .regex).isEmpty)
        #expect(texts("x = /re/g", .javascript, .regex) == ["/re/g"])
        #expect(texts("f(a)/ 2", .javascript, .regex).isEmpty)
        #expect(texts("return /x/.test(s)", .javascript, .regex) == ["/x/"])
        #expect(texts("arr[0] / 2 / 3", .javascript, .regex).isEmpty)
        #expect(texts("if (ok) { } /a[/]b/i.exec(s)", .javascript, .regex) == ["/a[/]b/i"])
        #expect(texts("this / 2 / x", .javascript, .regex).isEmpty)
        #expect(texts("i++ / 2 / j", .javascript, .regex).isEmpty)
        #expect(texts("s.replace(/\\//g, '')", .javascript, .regex) == ["/\\//g"])
        #expect(texts("typeof /x/", .typescript, .regex) == ["/x/"])
        // A `)` closing an `if`/`while` condition ends no operand.
        #expect(texts("if (ok(a)) /x/.exec(s); while (i) /y/g.test(t); g(b) / 2 / c", .javascript, .regex) == ["/x/", "/y/g"])
        // No closing slash on the line: division after all.
        #expect(texts("x = a\n/ b", .javascript, .regex).isEmpty)
        #expect(texts("(/ b\n)", .javascript, .punctuation) == ["/"])
    }

    @Test func slashAfterAClosingBrace() {
        // A block's `}` may be followed by a statement that starts with a regex...
        #expect(texts("function f() {} /a+/.test(s)", .javascript, .regex) == ["/a+/"])
        #expect(texts("x => { } /b/g.exec(t)", .javascript, .regex) == ["/b/g"])
        // ...but an object literal's or a JSX value's `}` ends an operand, and `/` divides or closes an element.
        #expect(texts("const half = ({ n: 4 }) && { n: 4 } / 2 / 1;", .javascript, .regex).isEmpty)
        #expect(texts("return { a: 1 } / 2 / 3", .javascript, .regex).isEmpty)
        #expect(texts("const el = <Item key={id}/>; const ok = /a+/.test(s);", .javascript, .regex) == ["/a+/"])
        #expect(texts("const el = <Item {...props} />; const ok = /b+/.test(s);", .typescript, .regex) == ["/b+/"])
        #expect(CFamilyLexer.lex(Array("const el = <Item {...props} />;\nconst t = `x`;".utf8), dialect: .javascript)
                    .diagnostics.isEmpty)
    }

    @Test func templateLiteralsSplitAroundExpressions() {
        #expect(lexPairs("`a${b + 1}c${d}e`", .javascript) == [
            Pair(.stringPart, "`a${"), Pair(.identifier, "b"), Pair(.punctuation, "+"), Pair(.number, "1"),
            Pair(.stringPart, "}c${"), Pair(.identifier, "d"), Pair(.stringPart, "}e`"),
        ])
        #expect(lexPairs("`plain \\` text`", .javascript) == [Pair(.string, "`plain \\` text`")])
    }

    @Test func nestedTemplatesAndBracesInsideExpressions() {
        let source = "q(`outer ${ items.map(i => `inner ${ {a: i}.a }`) } end`)"
        #expect(lexPairs(source, .javascript).filter { $0.kind == .stringPart }.map(\.text) == [
            "`outer ${", "`inner ${", "}`", "} end`",
        ])
        #expect(texts(source, .javascript, .openBracket) == ["(", "(", "{"])
        #expect(texts(source, .javascript, .closeBracket) == ["}", ")", ")"])
    }

    @Test func operators() {
        #expect(texts("a === b !== c ?? d?.e >>>= 1 => ... **= ??=", .javascript, .punctuation) == [
            "===", "!==", "??", "?.", ">>>=", "=>", "...", "**=", "??=",
        ])
        #expect(texts("a?.5:1", .javascript, .punctuation) == ["?", ":"])
        #expect(texts("a?.5:1", .javascript, .number) == [".5", "1"])
    }

    @Test func numbersAndStrings() {
        #expect(texts("0xFF 1_000n 0o17 0b11 1.5e10 .25", .javascript, .number) == ["0xFF", "1_000n", "0o17", "0b11", "1.5e10", ".25"])
        #expect(texts("'a\\'b' \"c\"", .javascript, .string) == ["'a\\'b'", "\"c\""])
    }

    @Test func keywordsPerDialect() {
        #expect(texts("interface X {} let y = async", .javascript, .keyword) == ["let"])
        #expect(texts("interface X {} let y = async", .typescript, .keyword) == ["interface", "let"])
    }

    @Test func unterminatedTemplateAtTheTopCostsOneLine() {
        let source = "const t = `never closed ${x}\nfunction f() { return 1; }\n"
        let lexed = CFamilyLexer.lex(Array(source.utf8), dialect: .javascript)
        #expect(lexed.diagnostics.count == 1)
        #expect(lexed.diagnostics.first?.range.start == 10)
        #expect(lexed.diagnostics.first?.message.contains("unterminated template literal") == true)
        #expect(texts(source, .javascript, .identifier) == ["t", "f"])
        #expect(texts(source, .javascript, .string) == ["`never closed ${x}"])
    }
}
