import Foundation
import Testing
import SOSecureCore
import SOSecurePython

/// Error recovery: the parser always returns a module with every statement that
/// parsed, records each error with a position, and moves on.
@Suite("Parser recovery")
struct ParserRecoveryTests {
    static func dump(_ statements: [Stmt], _ result: ParseResult) -> String {
        CPythonDump.dump(Module(body: statements), text: result.text)
    }

    static func kinds(_ statements: [Stmt]) -> [String] {
        statements.map { statement in
            switch statement.kind {
            case .functionDef(let name, _, _, _, _, _, _): return "def \(name)"
            case .classDef(let name, _, _, _, _, _): return "class \(name)"
            case .assign: return "assign"
            case .import: return "import"
            case .if: return "if"
            case .expr: return "expr"
            case .return: return "return"
            default: return "other"
            }
        }
    }

    @Test("a file truncated mid-function keeps every complete statement, inside the function too")
    func truncatedFunction() {
        let result = ParserFixtures.parse("""
        import os
        x = 1
        def f(a):
            y = a + 1
            if y:
                return y
            z = compute(a,
        """)
        #expect(!result.errors.isEmpty)
        #expect(Self.kinds(result.module.body) == ["import", "assign", "def f"])
        guard case .functionDef(_, _, _, let body, _, _, _) = result.module.body[2].kind else {
            Issue.record("expected a function")
            return
        }
        #expect(Self.kinds(body) == ["assign", "if"])
    }

    @Test("a truncated method keeps the class, the complete method and the partial one")
    func truncatedClass() {
        let result = ParserFixtures.parse("""
        class C:
            def f(self):
                return 1
            def g(self):
                x = [1,
        """)
        #expect(!result.errors.isEmpty)
        guard case .classDef(_, _, _, _, let body, _) = result.module.body.first?.kind else {
            Issue.record("expected a class")
            return
        }
        #expect(Self.kinds(body) == ["def f", "def g"])
    }

    @Test("a definition cut right after its header is kept with an empty body")
    func missingBlockAtEndOfFile() {
        let result = ParserFixtures.parse("a = 1\ndef f():\n")
        #expect(Self.kinds(result.module.body) == ["assign", "def f"])
        #expect(result.errors.map(\.description) == ["2:9: expected an indented block after function definition on line 2"])
    }

    @Test("a bad line is skipped and parsing resumes on the next line")
    func resumesAfterBadLine() {
        let result = ParserFixtures.parse("a = 1\nb = = 2\nc = 3\n")
        #expect(Self.kinds(result.module.body) == ["assign", "assign"])
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.location.line == 2)
    }

    @Test("the block under a broken header is kept, without a second error")
    func blockUnderBrokenHeader() {
        let result = ParserFixtures.parse("if x\n    y = 1\nz = 2\n")
        #expect(Self.kinds(result.module.body) == ["assign", "assign"])
        #expect(result.errors.map(\.description) == ["1:5: expected ':'"])
    }

    @Test("an unexpected indent is reported and its statements kept")
    func unexpectedIndent() {
        let result = ParserFixtures.parse("a = 1\n    b = 2\nc = 3\n")
        #expect(Self.kinds(result.module.body) == ["assign", "assign", "assign"])
        #expect(result.errors.map(\.description) == ["2:5: unexpected indent"])
    }

    @Test("an if whose else clause is broken keeps its body")
    func brokenElse() {
        let result = ParserFixtures.parse("if a:\n    b = 1\nelse\n    c = 2\nd = 3\n")
        #expect(Self.kinds(result.module.body) == ["if", "assign", "assign"])
        #expect(result.errors.count == 1)
    }

    @Test("statements before an error on the same line are kept")
    func sameLinePrefix() {
        let result = ParserFixtures.parse("a = 1; b = = 2; c = 3\nd = 4\n")
        #expect(Self.kinds(result.module.body) == ["assign", "assign"])
        #expect(!result.errors.isEmpty)
    }

    @Test("several independent errors are all reported, in order")
    func severalErrors() {
        let result = ParserFixtures.parse("a = )\nb = 1\nc = ]\nd = 2\nprint 'x'\n")
        #expect(Self.kinds(result.module.body) == ["assign", "assign"])
        #expect(result.errors.map(\.location.line) == [1, 3, 5])
        #expect(result.errors.last?.message == "Missing parentheses in call to 'print'. Did you mean print(...)?")
    }

    @Test("cutting a file at any line keeps every top-level statement that ended before the cut")
    func everyPrefixKeepsCompleteStatements() throws {
        let source = try String(contentsOf: ParserFixtures.directory.appendingPathComponent("valid/statements.py"), encoding: .utf8)
        let full = ParserFixtures.parse(source)
        #expect(full.errors.isEmpty)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var offset = 0
        for line in lines {
            offset += line.utf8.count + 1
            let cut = min(offset, source.utf8.count)
            let prefix = String(decoding: Array(source.utf8)[0..<cut], as: UTF8.self)
            let partial = ParserFixtures.parse(prefix)
            let complete = full.module.body.filter { $0.range.end < cut - 1 }
            let kept = Array(partial.module.body.prefix(complete.count))
            #expect(Self.dump(kept, partial) == Self.dump(complete, full), "cut after byte \(cut)")
        }
    }

    @Test("garbage input terminates, reports errors and never loses the progress guard")
    func garbage() {
        let sources = [
            ") ] } : :: = == else elif except finally",
            "\u{0}\u{1}\u{2}((((",
            "def def def class class",
            "@\n@\n@",
            "match x:\n    case\n    case\n",
            "try:\nexcept:\nfinally:\nelse:\n",
            "lambda lambda lambda",
            "f(**)[::::](*)",
            "x = [\n", "x = (\n\n\n", "if (a\nb = 1\n",
            "\t\t\tx\n  y\n\tz\n",
        ]
        for source in sources {
            let result = ParserFixtures.parse(source)
            #expect(!result.errors.isEmpty, "\(source.debugDescription) should be rejected")
            #expect(!result.errors.contains { $0.message.contains("internal error") }, "\(source.debugDescription)")
        }
    }
}
