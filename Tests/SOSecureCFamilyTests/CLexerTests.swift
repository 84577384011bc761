import SOSecureCFamily
import Testing

@Suite("C and C++ lexer")
struct CLexerTests {
    @Test func keywordsIdentifiersAndPunctuation() {
        #expect(lexPairs("int *p = a->b;", .c) == [
            Pair(.keyword, "int"), Pair(.punctuation, "*"), Pair(.identifier, "p"), Pair(.punctuation, "="),
            Pair(.identifier, "a"), Pair(.punctuation, "->"), Pair(.identifier, "b"), Pair(.punctuation, ";"),
        ])
        #expect(texts("a <<= b >>= c <=> d", .cpp, .punctuation) == ["<<=", ">>=", "<=>"])
        #expect(texts("std::vector<int> v; p->*m; o.*m;", .cpp, .punctuation) == ["::", "<", ">", ";", "->*", ";", ".*", ";"])
        #expect(texts("class template nullptr", .cpp, .keyword) == ["class", "template", "nullptr"])
        #expect(texts("class template nullptr", .c, .keyword) == ["nullptr"])
    }

    @Test func commentsAndStrings() {
        #expect(lexPairs("x /* a */ // b\n\"s\\\"q\" 'c' '\\n'", .c) == [
            Pair(.identifier, "x"), Pair(.comment, "/* a */"), Pair(.comment, "// b"), Pair(.string, "\"s\\\"q\""),
            Pair(.string, "'c'"), Pair(.string, "'\\n'"),
        ])
        #expect(texts("L\"w\" u8\"x\" u'c' U\"y\" Lx", .c, .string) == ["L\"w\"", "u8\"x\"", "u'c'", "U\"y\""])
    }

    @Test func cppRawStringsWithPrefixesAndSuffixes() {
        let source = #"auto a = R"x(he said ")" here)x"; auto b = u8R"(raw\n)"; auto c = LR"--(x)--"; auto d = "lit"s;"#
        #expect(texts(source, .cpp, .string) == [#"R"x(he said ")" here)x""#, #"u8R"(raw\n)""#, #"LR"--(x)--""#, #""lit"s"#])
        // C headers are often C++: the C dialect reads raw strings too.
        #expect(texts(#"x = R"(a")b)";"#, .c, .string) == [#"R"(a")b)""#])
        // Malformed delimiter: reported, then read as an ordinary string.
        #expect(diagnostics(#"R"a b(x)a b""#, .cpp).first?.message.contains("raw string delimiter") == true)
    }

    @Test func preprocessorLinesWithContinuations() {
        let source = "#include <stdio.h>\n  #define MAX(a, b) \\\n    ((a) > (b) ? (a) : (b))\nint x = a # b;\n#if 0 /* multi\nline */\n"
        #expect(texts(source, .c, .preprocessor) == [
            "#include <stdio.h>", "#define MAX(a, b) \\\n    ((a) > (b) ? (a) : (b))", "#if 0 /* multi\nline */",
        ])
        #expect(texts(source, .c, .punctuation).contains("#"))
    }

    @Test func byteOrderMarkBeforeAnInclude() {
        let pairs = lexPairs("\u{FEFF}#include <a.h>\nint x;", .c)
        #expect(pairs.prefix(2) == [Pair(.comment, "\u{FEFF}"), Pair(.preprocessor, "#include <a.h>")])
    }

    @Test func numbers() {
        let source = "0x1F 0b1010 017 1'000'000 1.5e-3 0x1.8p3 10UL 1.0f .5 1e+9 3. x"
        #expect(texts(source, .cpp, .number) == ["0x1F", "0b1010", "017", "1'000'000", "1.5e-3", "0x1.8p3", "10UL", "1.0f", ".5", "1e+9", "3."])
        #expect(texts("a-1 b+2 0xE+1", .c, .number) == ["1", "2", "0xE", "1"])
    }

    @Test func unterminatedStringEndsAtTheLineWithItsPosition() {
        let source = "char *s = \"abc;\nint y = 2;\n"
        let found = diagnostics(source, .c)
        #expect(found.count == 1)
        #expect(found.first?.range.start == 10)
        #expect(found.first?.message.contains("unterminated string literal") == true)
        #expect(texts(source, .c, .identifier) == ["s", "y"])
    }

    @Test func unterminatedBlockCommentCostsOneLine() {
        let source = "/* never closed\nint main(void) { return 0; }\n"
        let lexed = CFamilyLexer.lex(Array(source.utf8), dialect: .c)
        #expect(lexed.diagnostics.map(\.range.start) == [0])
        #expect(texts(source, .c, .comment) == ["/* never closed"])
        #expect(texts(source, .c, .identifier) == ["main"])
    }
}
