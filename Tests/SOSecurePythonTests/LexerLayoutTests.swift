import SOSecureCore
import SOSecurePython
import Testing

@Suite struct LexerLayoutTests {
    typealias L = LexerTestSupport

    @Test func newlineCoversTheLineBreak() {
        let result = L.lex("x\r\ny\nz\r")
        let newlines = result.tokens.filter { $0.kind == .newline }.map(\.range)
        #expect(newlines == [TextRange(start: 1, end: 3), TextRange(start: 4, end: 5), TextRange(start: 6, end: 7)])
    }

    @Test func loneCarriageReturnIsALineBreak() {
        #expect(L.tokens("x\ry\r") == ["NAME x", "NEWLINE", "NAME y", "NEWLINE", "EOF"])
        #expect(L.tokens("if x:\r  y\rz") == [
            "KW if", "NAME x", "OP :", "NEWLINE", "INDENT", "NAME y", "NEWLINE", "DEDENT", "NAME z", "NEWLINE", "EOF",
        ])
    }

    @Test func blankAndCommentLinesProduceNothing() {
        let source = "\n\n# comment\n   # indented comment\n  \t \nx\n\n"
        #expect(L.tokens(source) == ["NAME x", "NEWLINE", "EOF"])
        // A comment line at a different indentation inside a block does not dedent.
        #expect(L.tokens("if x:\n    y\n# c\n    z\n") == [
            "KW if", "NAME x", "OP :", "NEWLINE", "INDENT", "NAME y", "NEWLINE", "NAME z", "NEWLINE", "DEDENT", "EOF",
        ])
    }

    @Test func noLayoutTokensInsideBrackets() {
        let source = "f(a,\n      b,\n\n  [c,\n# note\n d])\n"
        #expect(L.tokens(source) == [
            "NAME f", "OP (", "NAME a", "OP ,", "NAME b", "OP ,", "OP [", "NAME c", "OP ,", "NAME d", "OP ]", "OP )",
            "NEWLINE", "EOF",
        ])
    }

    @Test func backslashContinuation() {
        #expect(L.tokens("x = 1 + \\\n        2\ny\n") == [
            "NAME x", "OP =", "NUMBER 1", "OP +", "NUMBER 2", "NEWLINE", "NAME y", "NEWLINE", "EOF",
        ])
        #expect(L.tokens("x = \\\r\n 1\n") == ["NAME x", "OP =", "NUMBER 1", "NEWLINE", "EOF"])
    }

    @Test func lineStartingWithABackslashIsIndentedLikeAnyLine() {
        #expect(L.tokens("if x:\n    \\\n    y\n") == [
            "KW if", "NAME x", "OP :", "NEWLINE", "INDENT", "NAME y", "NEWLINE", "DEDENT", "EOF",
        ])
        #expect(L.tokens("if x:\n  y\n\\\nz\n") == [
            "KW if", "NAME x", "OP :", "NEWLINE", "INDENT", "NAME y", "NEWLINE", "DEDENT", "NAME z", "NEWLINE", "EOF",
        ])
    }

    @Test func inputEndingInAContinuation() {
        #expect(L.errors("x = 1 \\\n") == ["1:8: unexpected EOF while parsing"])
        #expect(L.errors("\\\n") == ["1:2: unexpected EOF while parsing"])
        #expect(L.errors("\\\nx = 1\n").isEmpty)
    }

    @Test func backslashNotBeforeNewlineIsAnError() {
        let result = L.lex("a \\ b\n")
        #expect(result.errors.map(\.description) == ["1:3: unexpected character after line continuation character"])
        #expect(result.tokens.map { L.describe($0, in: result) } == ["NAME a", "ERROR \\", "NAME b", "NEWLINE", "EOF"])
        #expect(L.errors("x = 1 \\") == ["1:7: unexpected EOF while parsing"])
    }

    @Test func endOfInputWithoutNewline() {
        let result = L.lex("x")
        #expect(result.tokens.map { L.describe($0, in: result) } == ["NAME x", "NEWLINE", "EOF"])
        #expect(result.tokens[1].range == TextRange(start: 1, end: 1))
        #expect(result.tokens[2].range == TextRange(start: 1, end: 1))
        #expect(L.tokens("") == ["EOF"])
        #expect(L.tokens("\n\n   ") == ["EOF"])
        #expect(L.tokens("x\n   ") == ["NAME x", "NEWLINE", "EOF"])
        #expect(L.tokens("x # comment") == ["NAME x", "NEWLINE", "EOF"])
    }

    @Test func pendingDedentsAtEndOfInput() {
        let source = "if a:\n  if b:\n    c"
        let result = L.lex(source)
        #expect(result.tokens.map { L.describe($0, in: result) } == [
            "KW if", "NAME a", "OP :", "NEWLINE", "INDENT", "KW if", "NAME b", "OP :", "NEWLINE", "INDENT", "NAME c",
            "NEWLINE", "DEDENT", "DEDENT", "EOF",
        ])
        let end = source.utf8.count
        #expect(result.tokens.suffix(4).allSatisfy { $0.range == TextRange(start: end, end: end) })
    }

    @Test func indentAndDedentAreEmptyAtTheFirstTokenOfTheLine() {
        let result = L.lex("if x:\n  y\nz\n")
        let indent = result.tokens.first { $0.kind == .indent }
        let dedent = result.tokens.first { $0.kind == .dedent }
        #expect(indent?.range == TextRange(start: 8, end: 8))
        #expect(dedent?.range == TextRange(start: 10, end: 10))
    }

    @Test func multipleDedentsAtOnce() {
        #expect(L.tokens("if a:\n if b:\n  c\nd\n") == [
            "KW if", "NAME a", "OP :", "NEWLINE", "INDENT", "KW if", "NAME b", "OP :", "NEWLINE", "INDENT", "NAME c",
            "NEWLINE", "DEDENT", "DEDENT", "NAME d", "NEWLINE", "EOF",
        ])
    }

    @Test func tabsAdvanceToMultiplesOfEight() {
        // A tab and eight spaces are the same column, but only consistently if both lines use the same characters.
        #expect(L.tokens("if x:\n\ty\n\tz\n") == [
            "KW if", "NAME x", "OP :", "NEWLINE", "INDENT", "NAME y", "NEWLINE", "NAME z", "NEWLINE", "DEDENT", "EOF",
        ])
        #expect(L.errors("if x:\n\ty\n        z\n") == ["3:9: inconsistent use of tabs and spaces in indentation"])
        #expect(L.errors("if x:\n    \ty\n\tz\n") == ["3:2: inconsistent use of tabs and spaces in indentation"])
        // Two spaces then a tab is column 8 as well; tab-size-1 sees 3 versus 1, which orders the same way.
        #expect(L.errors("if x:\n  \ty\n  \tz\n").isEmpty)
    }

    @Test func formFeedResetsTheColumn() {
        #expect(L.tokens("\u{0C}x = 1\n") == ["NAME x", "OP =", "NUMBER 1", "NEWLINE", "EOF"])
        #expect(L.tokens("if x:\n    y\n    \u{0C}z\n") == [
            "KW if", "NAME x", "OP :", "NEWLINE", "INDENT", "NAME y", "NEWLINE", "DEDENT", "NAME z", "NEWLINE", "EOF",
        ])
    }

    @Test func unindentToUnknownLevel() {
        let result = L.lex("if x:\n    y\n  z\n")
        #expect(result.errors.map(\.description) == ["3:3: unindent does not match any outer indentation level"])
        #expect(result.tokens.last?.kind == .endOfFile)
    }

    @Test func tooManyIndentationLevels() {
        var source = ""
        for level in 0..<101 { source += String(repeating: " ", count: level) + "if x:\n" }
        source += String(repeating: " ", count: 101) + "pass\n"
        let result = L.lex(source)
        #expect(result.errors.map(\.description) == ["101:101: too many levels of indentation"])
        let indents = result.tokens.filter { $0.kind == .indent }.count
        let dedents = result.tokens.filter { $0.kind == .dedent }.count
        #expect(indents == 99)
        #expect(dedents == indents)
    }

    @Test func bracketErrors() {
        #expect(L.errors(")") == ["1:1: unmatched ')'"])
        #expect(L.errors("(]") == ["1:2: closing parenthesis ']' does not match opening parenthesis '('"])
        #expect(L.errors("x = (1,\n ]") == ["2:2: closing parenthesis ']' does not match opening parenthesis '(' on line 1"])
        #expect(L.errors("foo(\n  bar[1,\n") == ["2:6: '[' was never closed"])
        let deep = String(repeating: "(", count: 250) + String(repeating: ")", count: 250)
        #expect(L.errors(deep) == ["1:201: too many nested parentheses"])
    }

    @Test func unclosedBracketStillEndsTheFileCleanly() {
        #expect(L.tokens("f(x") == ["NAME f", "OP (", "NAME x", "NEWLINE", "EOF"])
        #expect(L.tokens("if a:\n  f(\n") == [
            "KW if", "NAME a", "OP :", "NEWLINE", "INDENT", "NAME f", "OP (", "NEWLINE", "DEDENT", "EOF",
        ])
    }
}
