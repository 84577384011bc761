import Foundation
import SOSecureCore
import Testing
@testable import SOSecurePython

/// `Expr.appendChildExpressions` and `Stmt.appendOwnExpressions` against the generic `ASTNodeRef` children: same expressions, same order,
/// on every expression of the parser's valid fixtures (every expression kind, lambdas, comprehensions,
/// calls mixing positional and keyword arguments).
@Suite("Expression children")
struct ExprChildrenTests {
    /// The expressions below a node as the generic walk reaches them, looking through non-expression nodes.
    static func genericChildExpressions(_ node: ASTNodeRef) -> [Expr] {
        var found: [Expr] = []
        node.forEachChild { child in
            switch child {
            case let .expr(expr): found.append(expr)
            case .stmt: break
            default: found += genericChildExpressions(child)
            }
        }
        return found
    }

    static func allExpressions(_ module: Module) -> [Expr] {
        var found: [Expr] = []
        module.walkExpressions { found.append($0) }
        return found
    }

    /// Every valid fixture file and every hand-written agreement snippet, parsed.
    static func fixtureParses() throws -> [(label: String, parse: ParseResult)] {
        var parses: [(label: String, parse: ParseResult)] = []
        for url in try ParserFixtures.files(in: "valid", extension: "py") + ParserFixtures.files(in: "valid312", extension: "py") {
            parses.append((url.lastPathComponent, PythonParser.parse(try String(contentsOf: url, encoding: .utf8), path: url.lastPathComponent)))
        }
        for url in try ParserFixtures.files(in: "agreement", extension: "txt") {
            for snippet in try ParserFixtures.snippets(in: url, marker: "####") {
                parses.append((snippet.description, PythonParser.parse(snippet.source, path: "snippet.py")))
            }
        }
        return parses
    }

    @Test("agrees with the generic walk on every fixture expression")
    func agreesWithGenericWalk() throws {
        var checked = 0
        for (label, parse) in try Self.fixtureParses() {
            for expr in Self.allExpressions(parse.module) {
                var children: [Expr] = []
                expr.appendChildExpressions(to: &children)
                let expected = Self.genericChildExpressions(.expr(expr))
                #expect(children.map(ObjectIdentifier.init) == expected.map(ObjectIdentifier.init),
                        "\(label) at \(expr.range.start): \(expr.kind.kindName)")
                checked += 1
            }
        }
        #expect(checked > 1000)
    }

    @Test("statements: their own expressions as the generic walk reaches them, nested statements left out")
    func statementsAgree() throws {
        var checked = 0
        for (label, parse) in try Self.fixtureParses() {
            parse.module.walkStatements { stmt in
                var own: [Expr] = []
                stmt.appendOwnExpressions(to: &own)
                let expected = Self.genericChildExpressions(.stmt(stmt))
                #expect(own.map(ObjectIdentifier.init) == expected.map(ObjectIdentifier.init),
                        "\(label) at \(stmt.range.start): \(stmt.kind.kindName)")
                checked += 1
            }
        }
        #expect(checked > 300)
    }

    @Test("lambda defaults and keyword values in source order")
    func lambdaAndKeywords() {
        let parse = PythonParser.parse("f(a, k=b, *c, **d)\nlambda x=e, *, y=g: x\n", path: "t.py")
        var names: [String] = []
        for stmt in parse.module.body {
            guard case let .expr(value) = stmt.kind else { continue }
            var children: [Expr] = []
            value.appendChildExpressions(to: &children)
            names.append(children.map { $0.kind.kindName }.joined(separator: ","))
        }
        #expect(names == ["Name,Name,Name,Starred,Name", "Name,Name,Name"])
    }
}
