import SOSecureCFamily
import SOSecureCore
import SOSecureTestSupport
import Testing

@Suite("Lexer coverage and fixtures")
struct CoverageTests {
    @Test(arguments: DialectFixtures.all.map(\.0))
    func fixtureLexesCleanlyInItsOwnDialect(_ dialect: Dialect) throws {
        let source = try #require(DialectFixtures.all.first { $0.0 == dialect }?.1)
        let syntax = CFamilySyntax.parse(SourceFile(path: "fixture", text: source), dialect: dialect)
        #expect(syntax.diagnostics.isEmpty, "\(syntax.diagnostics)")
        #expect(coverageProblem(syntax.file.bytes, syntax.tokens) == nil)
        #expect(!syntax.tokens.contains { $0.kind == .unknown })
    }

    @Test(arguments: Dialect.allCases)
    func everyFixtureIsCoveredInEveryDialect(_ dialect: Dialect) {
        for (origin, source) in DialectFixtures.all {
            let bytes = Array(source.utf8)
            let lexed = CFamilyLexer.lex(bytes, dialect: dialect)
            #expect(coverageProblem(bytes, lexed.tokens) == nil, "\(origin) fixture lexed as \(dialect)")
            _ = TokenTreeBuilder.build(lexed.tokens)
        }
    }

    /// Cutting a fixture anywhere leaves open literals, comments and interpolations: coverage must hold
    /// and every diagnostic must lie inside the text.
    @Test(arguments: DialectFixtures.all.map(\.0))
    func truncatedFixturesStayCovered(_ dialect: Dialect) throws {
        let bytes = Array(try #require(DialectFixtures.all.first { $0.0 == dialect }?.1).utf8)
        for cut in stride(from: 0, through: bytes.count, by: 3) {
            let prefix = Array(bytes[..<cut])
            let lexed = CFamilyLexer.lex(prefix, dialect: dialect)
            #expect(coverageProblem(prefix, lexed.tokens) == nil, "cut at \(cut)")
            #expect(lexed.diagnostics.allSatisfy { $0.range.end <= prefix.count }, "cut at \(cut)")
        }
    }

    /// Random punctuation-heavy bytes, including invalid UTF-8 and control bytes.
    @Test(arguments: Dialect.allCases)
    func randomBytesStayCovered(_ dialect: Dialect) {
        var generator = SeededGenerator(seed: 0xC0FFEE)
        let alphabet = Array("`'\"/\\*#${}()[]<>?.=-+!&|^%:;,@ \n\r\tabcRLu8EOT0129xX".utf8) + [0x00, 0x7F, 0xC3, 0xA9, 0xFF]
        for _ in 0..<200 {
            let length = Int(generator.next() % 300)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let lexed = CFamilyLexer.lex(bytes, dialect: dialect)
            #expect(coverageProblem(bytes, lexed.tokens) == nil, "\(bytes)")
            _ = TokenTreeBuilder.build(lexed.tokens)
        }
    }
}
