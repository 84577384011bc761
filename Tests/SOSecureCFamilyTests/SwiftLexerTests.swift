import SOSecureCFamily
import Testing

@Suite("Swift lexer")
struct SwiftLexerTests {
    @Test func regexLiteralsVersusDivision() {
        // A regex literal's brackets are its own: `(` and `[` inside it must not open groups.
        let source = "let digits = /(\\d+)[a-z]/\nlet half = total / 2\nlet ratio = (a) / (b)\nlet spaced = x / y / z"
        #expect(texts(source, .swift, .regex) == ["/(\\d+)[a-z]/"])
        #expect(diagnostics(source, .swift).isEmpty)
        // `/ x` is an operator in Swift, whatever comes before.
        #expect(texts("let r = / x/", .swift, .regex).isEmpty)
        #expect(texts("if self / 2 > 1 {}", .swift, .regex).isEmpty)
        // No trailing flags: what follows the closing `/` is code.
        #expect(texts("let m = s.firstMatch(of: /ab/)", .swift, .regex) == ["/ab/"])
        #expect(texts("let n = /ab/.ignoresCase()", .swift, .identifier).contains("ignoresCase"))
    }

    @Test func extendedRegexLiteralsSpanLines() {
        let source = "let r = #/\n  (?<key> [a-z]+ ) \\/ \"x\"\n/#\nlet after = f(1)"
        #expect(texts(source, .swift, .regex) == ["#/\n  (?<key> [a-z]+ ) \\/ \"x\"\n/#"])
        #expect(diagnostics(source, .swift).isEmpty)
        #expect(texts(source, .swift, .identifier).suffix(2) == ["after", "f"])
        #expect(texts("let r = ##/a/#b/##", .swift, .regex) == ["##/a/#b/##"])
        #expect(texts("#if DEBUG\nlet x = 1\n#endif", .swift, .regex).isEmpty)
    }

    @Test func interpolationSplitsStrings() {
        #expect(lexPairs(#""a\(b + f(c))d""#, .swift) == [
            Pair(.stringPart, #""a\("#), Pair(.identifier, "b"), Pair(.punctuation, "+"), Pair(.identifier, "f"),
            Pair(.openBracket, "("), Pair(.identifier, "c"), Pair(.closeBracket, ")"), Pair(.stringPart, #")d""#),
        ])
        #expect(lexPairs(#""plain \"q\" \\(x)""#, .swift) == [Pair(.string, #""plain \"q\" \\(x)""#)])
    }

    @Test func rawStringsWithHashInterpolation() {
        let source = ##"let r = #"no \(x) here \#(y) "quoted" "#"##
        #expect(lexPairs(source, .swift).suffix(3) == [
            Pair(.stringPart, ##"#"no \(x) here \#("##), Pair(.identifier, "y"), Pair(.stringPart, ##") "quoted" "#"##),
        ])
        #expect(texts(###"##"a "# b"##"###, .swift, .string) == [###"##"a "# b"##"###])
    }

    @Test func multiLineStringsNestInterpolatedStrings() {
        let source = "let s = \"\"\"\n  line \"one\"\n  \\(name.map { \"<\\($0)>\" })\n  \"\"\"\nlet t = 1"
        let parts = texts(source, .swift, .stringPart)
        #expect(parts == ["\"\"\"\n  line \"one\"\n  \\(", "\"<\\(", ")>\"", ")\n  \"\"\""])
        #expect(texts(source, .swift, .identifier) == ["s", "name", "map", "$0", "t"])
    }

    @Test func nestedCommentsBackquotesRangesAndOperators() {
        let source = "/* outer /* inner */ still */ let `default` = 0..<5; a ?? b; c?.d; x...y; f() -> Int"
        #expect(texts(source, .swift, .comment) == ["/* outer /* inner */ still */"])
        #expect(texts(source, .swift, .identifier).first == "`default`")
        #expect(texts(source, .swift, .number) == ["0", "5"])
        #expect(texts(source, .swift, .punctuation).filter { $0.count > 1 } == ["..<", "??", "?.", "...", "->"])
    }

    @Test func unterminatedMultiLineString() {
        let source = "let s = \"\"\"\nfunc f() {}\n"
        let found = diagnostics(source, .swift)
        #expect(found.map(\.range.start) == [8])
        #expect(texts(source, .swift, .keyword) == ["let", "func"])
    }

    @Test func singleLineStringEndsAtTheLine() {
        let source = "let s = \"abc\nlet t = 2"
        #expect(diagnostics(source, .swift).map(\.range.start) == [8])
        #expect(texts(source, .swift, .identifier) == ["s", "t"])
    }
}
