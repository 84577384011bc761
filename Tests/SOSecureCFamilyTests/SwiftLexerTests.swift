import SOSecureCFamily
import Testing

@Suite("Swift lexer")
struct SwiftLexerTests {
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
