import SOSecureCore
import SOSecurePython
import Testing

@Suite struct LexerFStringTests {
    typealias L = LexerTestSupport

    @Test func literalTextAndAField() {
        #expect(L.tokens(#"f"a{x}b""#) == [
            #"FSTART f""#, "FMIDDLE a", "OP {", "NAME x", "OP }", "FMIDDLE b", #"FEND ""#, "NEWLINE", "EOF",
        ])
        #expect(L.tokens(#"f"""#) == [#"FSTART f""#, #"FEND ""#, "NEWLINE", "EOF"])
    }

    @Test(arguments: ["f", "F", "fr", "fR", "Fr", "FR", "rf", "rF", "Rf", "RF"])
    func prefixes(_ prefix: String) {
        #expect(L.tokens("\(prefix)'{x}'") == ["FSTART \(prefix)'", "OP {", "NAME x", "OP }", "FEND '", "NEWLINE", "EOF"])
        #expect(L.tokens("\(prefix)'''{x}'''").first == "FSTART \(prefix)'''")
    }

    @Test func doubledBracesStayInTheMiddleText() {
        #expect(L.tokens(#"f"{{x}} {{ {y} }}""#) == [
            #"FSTART f""#, "FMIDDLE {{x}} {{ ", "OP {", "NAME y", "OP }", "FMIDDLE  }}", #"FEND ""#, "NEWLINE", "EOF",
        ])
    }

    @Test func debugConversionAndFormatSpec() {
        #expect(L.tokens(#"f"{x=!r:>10}""#) == [
            #"FSTART f""#, "OP {", "NAME x", "OP =", "OP !", "NAME r", "OP :", "FMIDDLE >10", "OP }", #"FEND ""#,
            "NEWLINE", "EOF",
        ])
        #expect(L.tokens(#"f"{a!=b}""#) == [#"FSTART f""#, "OP {", "NAME a", "OP !=", "NAME b", "OP }", #"FEND ""#, "NEWLINE", "EOF"])
        #expect(L.tokens(#"f"{a==b=}""#) == [
            #"FSTART f""#, "OP {", "NAME a", "OP ==", "NAME b", "OP =", "OP }", #"FEND ""#, "NEWLINE", "EOF",
        ])
    }

    @Test func formatSpecTextIsLiteral() {
        // `#` and `:` in a format spec are spec characters, not a comment or a second spec.
        #expect(L.tokens(#"f"{x:#06x} {t:%H:%M}""#) == [
            #"FSTART f""#, "OP {", "NAME x", "OP :", "FMIDDLE #06x", "OP }", "FMIDDLE  ", "OP {", "NAME t", "OP :",
            "FMIDDLE %H:%M", "OP }", #"FEND ""#, "NEWLINE", "EOF",
        ])
        #expect(L.tokens(#"f"{x!r:>{w}}""#) == [
            #"FSTART f""#, "OP {", "NAME x", "OP !", "NAME r", "OP :", "FMIDDLE >", "OP {", "NAME w", "OP }", "OP }",
            #"FEND ""#, "NEWLINE", "EOF",
        ])
    }

    @Test func nestedFieldsInTheFormatSpec() {
        #expect(L.tokens(#"f"{x:{w}.{p}f}""#) == [
            #"FSTART f""#, "OP {", "NAME x", "OP :", "OP {", "NAME w", "OP }", "FMIDDLE .", "OP {", "NAME p", "OP }",
            "FMIDDLE f", "OP }", #"FEND ""#, "NEWLINE", "EOF",
        ])
        #expect(L.tokens(#"f"{x:{y:{z}}}""#) == [
            #"FSTART f""#, "OP {", "NAME x", "OP :", "OP {", "NAME y", "OP :", "OP {", "NAME z", "OP }", "OP }", "OP }",
            #"FEND ""#, "NEWLINE", "EOF",
        ])
    }

    @Test func colonStartsTheSpecOnlyAtTheFieldsTopBracketLevel() {
        #expect(L.tokens(#"f"{x[1:2]}""#) == [
            #"FSTART f""#, "OP {", "NAME x", "OP [", "NUMBER 1", "OP :", "NUMBER 2", "OP ]", "OP }", #"FEND ""#,
            "NEWLINE", "EOF",
        ])
        #expect(L.tokens(#"f"{(y:=1)}""#).contains("OP :="))
        #expect(L.tokens(#"f"{x:=10}""#) == [
            #"FSTART f""#, "OP {", "NAME x", "OP :", "FMIDDLE =10", "OP }", #"FEND ""#, "NEWLINE", "EOF",
        ])
        #expect(L.tokens(#"f"{ {'a': 1}['a'] }""#) == [
            #"FSTART f""#, "OP {", "OP {", "STRING 'a'", "OP :", "NUMBER 1", "OP }", "OP [", "STRING 'a'", "OP ]", "OP }",
            #"FEND ""#, "NEWLINE", "EOF",
        ])
        // Like CPython, a lambda's colon at the top level starts the format spec; the parser reports it.
        #expect(L.tokens(#"f"{lambda x: 1}""#) == [
            #"FSTART f""#, "OP {", "KW lambda", "NAME x", "OP :", "FMIDDLE  1", "OP }", #"FEND ""#, "NEWLINE", "EOF",
        ])
    }

    @Test func sameQuotesNestInsideFields() {
        #expect(L.tokens(#"f"{x["a"]}""#) == [
            #"FSTART f""#, "OP {", "NAME x", "OP [", #"STRING "a""#, "OP ]", "OP }", #"FEND ""#, "NEWLINE", "EOF",
        ])
        #expect(L.tokens(#"f"{f"{1}"}""#) == [
            #"FSTART f""#, "OP {", #"FSTART f""#, "OP {", "NUMBER 1", "OP }", #"FEND ""#, "OP }", #"FEND ""#,
            "NEWLINE", "EOF",
        ])
        #expect(L.tokens(#"f'{"a" + 'b'}'"#) == [
            "FSTART f'", "OP {", #"STRING "a""#, "OP +", "STRING 'b'", "OP }", "FEND '", "NEWLINE", "EOF",
        ])
    }

    @Test func multiLineFieldsWithComments() {
        let source = "x = f'''{\n    a  # first\n    + b\n}'''\ny\n"
        let result = L.lex(source)
        #expect(result.errors.isEmpty)
        #expect(result.tokens.map { L.describe($0, in: result) } == [
            "NAME x", "OP =", "FSTART f'''", "OP {", "NAME a", "OP +", "NAME b", "OP }", "FEND '''", "NEWLINE",
            "NAME y", "NEWLINE", "EOF",
        ])
        #expect(result.comments.map { String(decoding: result.text[$0.start..<$0.end], as: UTF8.self) } == ["# first"])
        // 3.12 also lets a single-quoted f-string's field span lines.
        #expect(L.tokens("f\"{1 +\n 2}\"") == [#"FSTART f""#, "OP {", "NUMBER 1", "OP +", "NUMBER 2", "OP }", #"FEND ""#, "NEWLINE", "EOF"])
    }

    @Test func tripleQuotedLiteralTextSpansLines() {
        #expect(L.tokens("f\"\"\"a\n\"b\"\n{x}\"\"\"") == [
            "FSTART f\"\"\"", "FMIDDLE a\n\"b\"\n", "OP {", "NAME x", "OP }", "FEND \"\"\"", "NEWLINE", "EOF",
        ])
    }

    @Test func backslashesInLiteralText() {
        #expect(L.tokens(#"f"\"{x}\"""#) == [#"FSTART f""#, #"FMIDDLE \""#, "OP {", "NAME x", "OP }", #"FMIDDLE \""#, #"FEND ""#, "NEWLINE", "EOF"])
        // \N{...} names a character; it is not a field.
        #expect(L.tokens(#"f"\N{BULLET} {x}""#) == [
            #"FSTART f""#, #"FMIDDLE \N{BULLET} "#, "OP {", "NAME x", "OP }", #"FEND ""#, "NEWLINE", "EOF",
        ])
        // In a raw f-string it is a backslash, an N, and a field.
        #expect(L.tokens(#"rf"\N{x}""#) == [#"FSTART rf""#, #"FMIDDLE \N"#, "OP {", "NAME x", "OP }", #"FEND ""#, "NEWLINE", "EOF"])
        // A backslash before a brace does not escape it.
        #expect(L.tokens(#"f"\{x}""#) == [#"FSTART f""#, #"FMIDDLE \"#, "OP {", "NAME x", "OP }", #"FEND ""#, "NEWLINE", "EOF"])
    }

    @Test func exclamationOutsideFieldsIsAnError() {
        let result = L.lex("a ! b")
        #expect(result.tokens.map { L.describe($0, in: result) } == ["NAME a", "ERROR !", "NAME b", "NEWLINE", "EOF"])
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.location.column == 3)
    }

    @Test func singleClosingBraceIsAnError() {
        #expect(L.errors(#"f"a}b""#) == ["1:4: f-string: single '}' is not allowed"])
        #expect(L.errors(#"f"{x!r}}""#) == ["1:8: f-string: single '}' is not allowed"])
    }

    @Test func unterminatedFStrings() {
        let result = L.lex("x = f\"abc\ny = 1\n")
        #expect(result.errors.map(\.description) == ["1:5: unterminated f-string literal (detected at line 1)"])
        #expect(result.tokens.map { L.describe($0, in: result) } == [
            "NAME x", "OP =", #"FSTART f""#, "FMIDDLE abc", "FEND ", "NEWLINE", "NAME y", "OP =", "NUMBER 1", "NEWLINE", "EOF",
        ])
        #expect(L.errors("f\"\"\"abc\nd\n") == ["1:1: unterminated triple-quoted f-string literal (detected at line 2)"])
        #expect(L.errors("f'{x:\ny = 1\n") == ["1:6: f-string: newlines are not allowed in format specifiers for single quoted f-strings"])
    }

    @Test func missingClosingBraceBeforeTheQuote() {
        let result = L.lex("x = f\"{a\"\ny = 2\n")
        #expect(result.errors.map(\.description) == ["1:9: f-string: expecting '}'"])
        #expect(result.tokens.map { L.describe($0, in: result) } == [
            "NAME x", "OP =", #"FSTART f""#, "OP {", "NAME a", #"FEND ""#, "NEWLINE", "NAME y", "OP =", "NUMBER 2", "NEWLINE", "EOF",
        ])
        #expect(L.errors("f\"{x:abc\"") == ["1:9: f-string: expecting '}'"])
    }

    @Test func unterminatedFieldAtEndOfInput() {
        let result = L.lex("f'''{x")
        #expect(result.errors.map(\.description) == ["1:1: unterminated triple-quoted f-string literal (detected at line 1)"])
        #expect(result.tokens.map { L.describe($0, in: result) } == ["FSTART f'''", "OP {", "NAME x", "FEND ", "NEWLINE", "EOF"])
    }
}
