import SOSecureCore
import SOSecurePython
import Testing

@Suite struct LexerBasicTests {
    typealias L = LexerTestSupport

    @Test func simpleStatement() {
        #expect(L.tokens("x = 1\n") == ["NAME x", "OP =", "NUMBER 1", "NEWLINE", "EOF"])
    }

    @Test func keywordsAndSoftKeywords() {
        #expect(L.tokens("if not x: pass\n") == ["KW if", "KW not", "NAME x", "OP :", "KW pass", "NEWLINE", "EOF"])
        #expect(L.tokens("match case type _\n") == ["NAME match", "NAME case", "NAME type", "NAME _", "NEWLINE", "EOF"])
        #expect(L.tokens("None True False\n") == ["KW None", "KW True", "KW False", "NEWLINE", "EOF"])
        for keyword in HardKeyword.allCases {
            #expect(L.tokens(keyword.rawValue) == ["KW \(keyword.rawValue)", "NEWLINE", "EOF"])
            // A longer or shorter word is a name.
            #expect(L.tokens(keyword.rawValue + "x") == ["NAME \(keyword.rawValue)x", "NEWLINE", "EOF"])
            #expect(L.tokens(String(keyword.rawValue.dropLast())).first?.hasPrefix("NAME") ?? false)
        }
    }

    @Test func everyOperator() {
        let closers: Set<Punctuation> = [.rpar, .rsqb, .rbrace]
        for punctuation in Punctuation.allCases where punctuation != .exclamation && !closers.contains(punctuation) {
            let source = "a \(punctuation.rawValue) b\n"
            let tokens = L.tokens(source)
            #expect(tokens.contains("OP \(punctuation.rawValue)"), "\(source): \(tokens)")
        }
        #expect(L.tokens("a->b**=c//=d...e") == [
            "NAME a", "OP ->", "NAME b", "OP **=", "NAME c", "OP //=", "NAME d", "OP ...", "NAME e", "NEWLINE", "EOF",
        ])
        #expect(L.tokens("([{}])") == ["OP (", "OP [", "OP {", "OP }", "OP ]", "OP )", "NEWLINE", "EOF"])
        #expect(L.tokens("x..y") == ["NAME x", "OP .", "OP .", "NAME y", "NEWLINE", "EOF"])
    }

    @Test func indentationBlocks() {
        let source = "if x:\n    y = 1\n    if z:\n        pass\nw\n"
        #expect(L.tokens(source) == [
            "KW if", "NAME x", "OP :", "NEWLINE",
            "INDENT", "NAME y", "OP =", "NUMBER 1", "NEWLINE",
            "KW if", "NAME z", "OP :", "NEWLINE",
            "INDENT", "KW pass", "NEWLINE",
            "DEDENT", "DEDENT", "NAME w", "NEWLINE", "EOF",
        ])
    }

    @Test func commentsAreCollected() {
        let result = L.lex("x = 1  # one\n# two\n")
        let texts = result.comments.map { String(decoding: result.text[$0.start..<$0.end], as: UTF8.self) }
        #expect(texts == ["# one", "# two"])
        #expect(result.tokens.map { L.describe($0, in: result) } == ["NAME x", "OP =", "NUMBER 1", "NEWLINE", "EOF"])
    }
}
