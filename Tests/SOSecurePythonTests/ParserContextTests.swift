import Testing
import SOSecureCore
import SOSecurePython

/// Load/Store/Del contexts on targets, as CPython sets them, and node ranges.
@Suite("Parser contexts and ranges")
struct ParserContextTests {
    /// "Name:id:ctx" for every name, attribute, subscript, starred, list and tuple, in source order.
    static func contexts(_ source: String) -> [String] {
        let result = ParserFixtures.parse(source)
        #expect(result.errors.isEmpty, "\(result.errors)")
        var found: [String] = []
        func visit(_ expression: Expr) {
            switch expression.kind {
            case let .name(id, ctx): found.append("\(id):\(ctx.rawValue)")
            case let .attribute(value, attr, ctx):
                visit(value)
                found.append(".\(attr):\(ctx.rawValue)")
            case let .subscript(value, slice, ctx):
                visit(value)
                visit(slice)
                found.append("[]:\(ctx.rawValue)")
            case let .starred(value, ctx):
                found.append("*:\(ctx.rawValue)")
                visit(value)
            case let .list(elts, ctx):
                found.append("list:\(ctx.rawValue)")
                elts.forEach(visit)
            case let .tuple(elts, ctx):
                found.append("tuple:\(ctx.rawValue)")
                elts.forEach(visit)
            case let .namedExpr(target, value):
                visit(target)
                visit(value)
            case let .listComp(elt, generators):
                visit(elt)
                for generator in generators {
                    visit(generator.target)
                    visit(generator.iter)
                }
            case .constant: break
            default: break
            }
        }
        for statement in result.module.body {
            switch statement.kind {
            case let .assign(targets, value):
                targets.forEach(visit)
                visit(value)
            case let .augAssign(target, _, value):
                visit(target)
                visit(value)
            case let .annAssign(target, annotation, _, _):
                visit(target)
                visit(annotation)
            case let .delete(targets): targets.forEach(visit)
            case let .for(target, iter, _, _, _):
                visit(target)
                visit(iter)
            case let .with(items, _, _):
                for item in items {
                    visit(item.contextExpr)
                    if let vars = item.optionalVars { visit(vars) }
                }
            case let .expr(value): visit(value)
            default: break
            }
        }
        return found
    }

    @Test("assignment targets are Store, nested values stay Load")
    func assignment() {
        #expect(Self.contexts("a, (b.c, d[e]), *f = g\n") == [
            "tuple:Store", "a:Store", "tuple:Store", "b:Load", ".c:Store", "d:Load", "e:Load", "[]:Store",
            "*:Store", "f:Store", "g:Load",
        ])
        #expect(Self.contexts("[a, [b]] = c = d\n") == ["list:Store", "a:Store", "list:Store", "b:Store", "c:Store", "d:Load"])
        #expect(Self.contexts("(a) = b\n") == ["a:Store", "b:Load"])
    }

    @Test("augmented and annotated targets are Store")
    func augmentedAndAnnotated() {
        #expect(Self.contexts("a.b += c\n") == ["a:Load", ".b:Store", "c:Load"])
        #expect(Self.contexts("x[0]: int\n") == ["x:Load", "[]:Store", "int:Load"])
    }

    @Test("del targets are Del")
    func deletion() {
        #expect(Self.contexts("del a, (b, c), [d.e], f[0]\n") == [
            "a:Del", "tuple:Del", "b:Del", "c:Del", "list:Del", "d:Load", ".e:Del", "f:Load", "[]:Del",
        ])
    }

    @Test("loop, with, comprehension and walrus targets are Store")
    func otherTargets() {
        #expect(Self.contexts("for a, *b in c: pass\n") == ["tuple:Store", "a:Store", "*:Store", "b:Store", "c:Load"])
        #expect(Self.contexts("with a as (b, c.d): pass\n") == ["a:Load", "tuple:Store", "b:Store", "c:Load", ".d:Store"])
        #expect(Self.contexts("[x for x, y in z]\n") == ["x:Load", "tuple:Store", "x:Store", "y:Store", "z:Load"])
        #expect(Self.contexts("(n := 10)\n") == ["n:Store"])
    }

    @Test("node ranges cover their source text as CPython positions do")
    func ranges() {
        let source = "x = foo(a, b=1)[0].attr  # comment\nif y:\n    pass\n"
        let result = ParserFixtures.parse(source)
        func text(_ range: TextRange) -> String {
            String(decoding: result.text[range.start..<range.end], as: UTF8.self)
        }
        guard case let .assign(targets, value) = result.module.body[0].kind else {
            Issue.record("expected an assignment")
            return
        }
        #expect(text(result.module.body[0].range) == "x = foo(a, b=1)[0].attr")
        #expect(text(targets[0].range) == "x")
        #expect(text(value.range) == "foo(a, b=1)[0].attr")
        #expect(text(result.module.body[1].range) == "if y:\n    pass")
        #expect(result.comments.count == 1)
    }

    @Test("identifiers are NFKC-normalized like CPython's")
    func normalization() {
        let result = ParserFixtures.parse("ﬁle = 1\n")
        guard case let .assign(targets, _) = result.module.body.first?.kind,
              case let .name(id, _) = targets.first?.kind else {
            Issue.record("expected an assignment to a name")
            return
        }
        #expect(id == "file")
    }

    @Test("soft keywords are ordinary names outside their statements")
    func softKeywords() {
        #expect(Self.contexts("match = case = type = _ = 1\n") == ["match:Store", "case:Store", "type:Store", "_:Store"])
        #expect(Self.contexts("x = match.group, type[0]\n") == ["x:Store", "tuple:Load", "match:Load", ".group:Load", "type:Load", "[]:Load"])
    }
}
