import SOSecureCore
import Testing
@testable import SOSecurePython

@Suite("Semantic model")
struct SemanticModelTests {
    /// Every call's resolved callee, in source order, as `name` or `name?` when guessed.
    static func callees(_ source: String) -> [String] {
        let parse = PythonParser.parse(source)
        let model = SemanticModel(parse: parse)
        var result: [String] = []
        func visit(_ body: [Stmt], _ scope: Scope) {
            for stmt in body {
                if case .functionDef = stmt.kind, let inner = model.scope(of: stmt) {
                    if case let .functionDef(_, _, _, body, _, _, _) = stmt.kind { visit(body, inner) }
                    continue
                }
                if case .classDef = stmt.kind, let inner = model.scope(of: stmt) {
                    if case let .classDef(_, _, _, _, body, _) = stmt.kind { visit(body, inner) }
                    continue
                }
                ASTNodeRef.stmt(stmt).walkExpressions { expr in
                    if case .call = expr.kind {
                        let name = model.calleeName(of: expr, in: scope)
                        result.append(name.map { $0.guessed ? $0.name + "?" : $0.name } ?? "-")
                    }
                }
            }
        }
        visit(parse.module.body, model.moduleScope)
        return result
    }

    @Test("imports, aliases and attribute chains resolve to qualified names")
    func imports() {
        let source = """
        import subprocess as sp
        import os.path
        from yaml import load as yload
        sp.run("ls")
        os.path.join("a")
        yload(data)
        """
        #expect(Self.callees(source) == ["subprocess.run", "os.path.join", "yaml.load"])
    }

    @Test("instances of known types resolve their methods, also through self attributes")
    func instances() {
        let source = """
        import sqlite3
        conn = sqlite3.connect("db")
        cur = conn.cursor()
        cur.execute("q")
        class Repo:
            def __init__(self):
                self.db = sqlite3.connect("x")
            def find(self):
                return self.db.execute("q")
        """
        #expect(Self.callees(source) == ["sqlite3.connect", "dbapi.Connection.cursor", "dbapi.Cursor.execute",
                                         "sqlite3.connect", "dbapi.Connection.execute"])
    }

    @Test("snippets without imports resolve by guess; local definitions shadow guesses")
    func snippets() {
        let source = """
        os.system(cmd)
        cursor.execute(q)
        def pickle(x): pass
        pickle(1)
        eval(x)
        """
        #expect(Self.callees(source) == ["os.system?", "dbapi.Cursor.execute?", "-", "eval"])
    }

    @Test("Flask, FastAPI and Django handlers and their untrusted parameters")
    func handlers() throws {
        let source = """
        from flask import Flask
        from fastapi import FastAPI, Request
        app = Flask(__name__)
        api = FastAPI()
        @app.route("/u/<name>/<int:id>")
        def show(name, id): pass
        @api.get("/items")
        def items(q: str, limit: int, request: Request): pass
        def view(request, slug): pass
        def helper(x): pass
        """
        let parse = PythonParser.parse(source)
        let model = SemanticModel(parse: parse)
        let functions = parse.module.body.filter { if case .functionDef = $0.kind { return true }; return false }
        let handlers = functions.map { model.webHandler($0, in: model.moduleScope) }
        #expect(handlers[0]?.framework == .flask && handlers[0]?.taintedParameters == ["name"])
        #expect(handlers[1]?.framework == .fastapi && handlers[1]?.taintedParameters == ["q"] && handlers[1]?.requestParameter == "request")
        #expect(handlers[2]?.framework == .django && handlers[2]?.taintedParameters == ["slug"] && handlers[2]?.guessed == true)
        #expect(handlers[3] == nil)
    }
}
