import Foundation
import SOSecureCFamily
import SOSecureCore
import Testing

/// Inputs that break naive lexers. Bounds are generous (debug build, loaded machine); the release
/// timings are printed by `Benchmarks/cfamily-lex.sh`.
@Suite("Lexer bad input")
struct BadInputTests {
    static let bound: Duration = .seconds(60)

    static let minifiedChunk = "function a(b,c){var d=b/2/c,e=/[/]x+/g.test(b)?`t${b+{k:[1,2]}.k}`:'s';return d++/e||c?.x??null}"

    static func minifiedJavaScript(megabytes: Int) -> [UInt8] {
        let chunk = Array(minifiedChunk.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(megabytes << 20 + chunk.count)
        while bytes.count < megabytes << 20 { bytes += chunk }
        return bytes
    }

    @Test func fiveMegabytesOfMinifiedJavaScriptOnOneLine() {
        let bytes = Self.minifiedJavaScript(megabytes: 5)
        let clock = ContinuousClock()
        var syntax: CFamilySyntax?
        let elapsed = clock.measure {
            syntax = CFamilySyntax.parse(SourceFile(path: "min.js", bytes: bytes), dialect: .javascript)
        }
        #expect(elapsed < Self.bound)
        guard let syntax else { return }
        #expect(syntax.diagnostics.isEmpty)
        let repetitions = bytes.count / Self.minifiedChunk.utf8.count
        #expect(syntax.tokens.filter { $0.kind == .regex }.count == repetitions)
        #expect(syntax.trees.count == repetitions * 4)
    }

    @Test func tenThousandUnbalancedBraces() {
        let source = "function f() " + String(repeating: "{ x; ", count: 10_000)
        let clock = ContinuousClock()
        var syntax: CFamilySyntax?
        let elapsed = clock.measure {
            syntax = CFamilySyntax.parse(SourceFile(path: "b.js", text: source), dialect: .javascript)
        }
        #expect(elapsed < Self.bound)
        guard let syntax else { return }
        #expect(syntax.diagnostics.contains { $0.message.contains("is never closed") })
        #expect(syntax.diagnostics.count <= 1001 + 1)
        #expect(syntax.diagnostics.first?.range.start == 13)
    }

    @Test func codeAfterTenThousandUnclosedBracesKeepsItsStructure() {
        let source = String(repeating: "{", count: 10_000) + "\nint main(void) { char b[8]; gets(b); return 0; }\n"
        let syntax = CFamilySyntax.parse(SourceFile(path: "b.c", text: source), dialect: .c)
        // The openers that nothing closes are plain tokens, so `main`'s brackets group as written.
        let groups = syntax.trees.filter { if case .group = $0 { return true } else { return false } }
        #expect(groups.count == 2, "(void) and main's body")
        #expect(syntax.diagnostics.first?.range.start == 0)
        #expect(syntax.diagnostics.allSatisfy { $0.message.contains("is never closed") || $0.message.contains("more bracket errors") })
    }

    @Test func deepButBalancedNestingStillStopsAtTheLimit() {
        let depth = TokenTreeBuilder.maxDepth + 100
        let source = "x = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + ";"
        let syntax = CFamilySyntax.parse(SourceFile(path: "d.js", text: source), dialect: .javascript)
        #expect(syntax.diagnostics.count == 1)
        #expect(syntax.diagnostics.first?.message.contains("deeper than") == true)
    }

    @Test func unterminatedTemplateAtTheStartOfALargeFile() {
        // The rest of the file has templates of its own: the open backquote must not flip them all.
        let body = "function g(x) {\n  return `a ${x} b` + f(x) / 2;\n}\n"
        let source = "const t = `open\n" + String(repeating: body, count: 20_000)
        let clock = ContinuousClock()
        var syntax: CFamilySyntax?
        let elapsed = clock.measure {
            syntax = CFamilySyntax.parse(SourceFile(path: "t.js", text: source), dialect: .javascript)
        }
        #expect(elapsed < Self.bound)
        guard let syntax else { return }
        #expect(syntax.diagnostics.count == 1)
        #expect(syntax.diagnostics.first?.range.start == 10)
        #expect(syntax.diagnostics.first?.message.contains("unterminated template literal") == true)
        #expect(syntax.tokens.filter { syntax.tokenEquals($0, "function") }.count == 20_000)
        #expect(syntax.tokens.filter { $0.kind == .stringPart }.count == 40_000)
        #expect(syntax.trees.filter { if case .group = $0 { return true } else { return false } }.count == 40_000)
    }

    @Test func manyUnclosedCommentsAndLiteralsStayLinear() {
        let clock = ContinuousClock()
        for (dialect, opener) in [(Dialect.c, "/*"), (.javascript, "`${"), (.go, "`"), (.swift, "\"\"\""), (.php, "'")] {
            let source = String(repeating: "x = \(opener) y\n", count: 20_001)
            var lexed: LexedSource?
            let elapsed = clock.measure { lexed = CFamilyLexer.lex(Array(source.utf8), dialect: dialect) }
            #expect(elapsed < Self.bound, "\(dialect)")
            #expect(lexed.map { coverageProblem(Array(source.utf8), $0.tokens) == nil } == true, "\(dialect)")
            #expect(lexed?.diagnostics.isEmpty == false, "\(dialect)")
        }
    }
}
