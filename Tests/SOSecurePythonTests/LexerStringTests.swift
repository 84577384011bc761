import SOSecureCore
import SOSecurePython
import Testing

@Suite struct LexerStringTests {
    typealias L = LexerTestSupport

    @Test(arguments: ["", "r", "u", "R", "U", "b", "B", "br", "Br", "bR", "BR", "rb", "rB", "Rb", "RB"])
    func prefixes(_ prefix: String) {
        for body in ["'x'", "\"x\"", "'''x'''", "\"\"\"x\"\"\""] {
            let literal = prefix + body
            #expect(L.tokens("s = \(literal)") == ["NAME s", "OP =", "STRING \(literal)", "NEWLINE", "EOF"])
        }
    }

    @Test func invalidPrefixCombinationsAreNames() {
        #expect(L.tokens("ub'x'") == ["NAME ub", "STRING 'x'", "NEWLINE", "EOF"])
        #expect(L.tokens("ur'x'") == ["NAME ur", "STRING 'x'", "NEWLINE", "EOF"])
        #expect(L.tokens("bf'x'") == ["NAME bf", "STRING 'x'", "NEWLINE", "EOF"])
        #expect(L.tokens("rr'x'") == ["NAME rr", "STRING 'x'", "NEWLINE", "EOF"])
        #expect(L.tokens("abc'x'") == ["NAME abc", "STRING 'x'", "NEWLINE", "EOF"])
    }

    @Test func escapesDoNotTerminate() {
        #expect(L.tokens(#"'\''"#) == [#"STRING '\''"#, "NEWLINE", "EOF"])
        #expect(L.tokens(#""a\"b""#) == [#"STRING "a\"b""#, "NEWLINE", "EOF"])
        #expect(L.tokens(#"'\\' + x"#) == [#"STRING '\\'"#, "OP +", "NAME x", "NEWLINE", "EOF"])
        // Raw strings keep the backslash but it still protects the quote.
        #expect(L.tokens(#"r'\''"#) == [#"STRING r'\''"#, "NEWLINE", "EOF"])
        #expect(L.tokens(#"r'\\'"#) == [#"STRING r'\\'"#, "NEWLINE", "EOF"])
        #expect(L.tokens("'''a\\'''b'''") == ["STRING '''a\\'''b'''", "NEWLINE", "EOF"])
    }

    @Test func rawStringCannotEndInOddBackslash() {
        #expect(L.errors(#"r'\'"#) == ["1:1: unterminated string literal (detected at line 1)"])
    }

    @Test func backslashNewlineContinuesASingleQuotedString() {
        #expect(L.tokens("'a\\\nb'\n") == ["STRING 'a\\\nb'", "NEWLINE", "EOF"])
        #expect(L.tokens("'a\\\r\nb'\n") == ["STRING 'a\\\r\nb'", "NEWLINE", "EOF"])
    }

    @Test func tripleQuotedSpansLinesAndHoldsQuotes() {
        let literal = "\"\"\"a\n\"b\" ''\n\"\"c\"\"\""
        #expect(L.tokens("x = \(literal)\ny") == ["NAME x", "OP =", "STRING \(literal)", "NEWLINE", "NAME y", "NEWLINE", "EOF"])
        #expect(L.tokens("''''a'''") == ["STRING ''''a'''", "NEWLINE", "EOF"])
        #expect(L.tokens("\"\"") == ["STRING \"\"", "NEWLINE", "EOF"])
        #expect(L.tokens("''''''") == ["STRING ''''''", "NEWLINE", "EOF"])
    }

    @Test func unterminatedSingleQuotedString() {
        let result = L.lex("x = 'abc\ny = 1\n")
        #expect(result.errors.map(\.description) == ["1:5: unterminated string literal (detected at line 1)"])
        #expect(result.tokens.map { L.describe($0, in: result) } == [
            "NAME x", "OP =", "ERROR 'abc", "NEWLINE", "NAME y", "OP =", "NUMBER 1", "NEWLINE", "EOF",
        ])
        #expect(L.errors("s = \"abc") == ["1:5: unterminated string literal (detected at line 1)"])
        #expect(L.errors("s = 'a\\\nb\n") == ["1:5: unterminated string literal (detected at line 2)"])
    }

    @Test func unterminatedTripleQuotedStringIsReportedAtItsStart() {
        #expect(L.errors("x = 1\ny = '''abc\nd\n\n") == ["2:5: unterminated triple-quoted string literal (detected at line 4)"])
        #expect(L.errors("x = \"\"\"abc") == ["1:5: unterminated triple-quoted string literal (detected at line 1)"])
        let result = L.lex("x = \"\"\"abc\n")
        #expect(result.tokens.map { L.describe($0, in: result) } == ["NAME x", "OP =", "ERROR \"\"\"abc\n", "NEWLINE", "EOF"])
    }

    @Test func commentsInsideStringsAreNotComments() {
        let result = L.lex("s = '# not a comment'  # real\n")
        #expect(result.comments.count == 1)
        #expect(result.comments.first.map { String(decoding: result.text[$0.start..<$0.end], as: UTF8.self) } == "# real")
    }
}
