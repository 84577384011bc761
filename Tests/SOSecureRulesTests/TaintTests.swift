import SOSecureCore
import SOSecurePython
import Testing
@testable import SOSecureRules

/// The taint engine on small programs: every source kind, each propagation form, sanitizers,
/// local function summaries, handler returns, and the shape of the reported flow.
@Suite("Taint")
struct TaintTests {
    static let commandSinks: [TaintSink] = [
        .call(names: [NamePattern("os.system"), NamePattern("os.popen")], position: 0, keyword: nil, constraints: []),
        .call(names: [NamePattern("subprocess.run"), NamePattern("subprocess.call"), NamePattern("subprocess.Popen")],
              position: 0, keyword: "args",
              constraints: [ArgumentConstraint(position: nil, keyword: "shell", test: .equals(.bool(true)))]),
    ]
    static let sqlSinks: [TaintSink] = [
        .call(names: [NamePattern("*.execute"), NamePattern("*.executemany")], position: 0, keyword: nil, constraints: []),
    ]
    static let allKinds = Set(TaintSourceKind.allCases)

    struct Scan {
        let context: PythonFileContext
        let matches: [Match]

        var lines: [Int] { matches.map { context.location($0.range.start).line } }
        func stepLines(_ match: Match) -> [Int] { match.flow.map { context.location($0.range.start).line } }
    }

    static func scan(_ source: String, sources: Set<TaintSourceKind> = TaintSourceKind.defaultKinds,
                     sinks: [TaintSink] = commandSinks, sanitizers: [String] = []) -> Scan {
        let context = PythonFileContext(parse: PythonParser.parse(source), path: "test.py")
        let pattern = TaintPattern(sources: sources, sinks: sinks, sanitizers: sanitizers.map(NamePattern.init))
        return Scan(context: context, matches: TaintMatcher.matches(pattern, in: context))
    }

    // MARK: Sources

    @Test("flask request attributes and methods are web sources")
    func flaskRequest() {
        let result = Self.scan("""
        import os
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/ping")
        def ping():
            host = request.args.get("host")
            os.system("ping -c 1 " + host)
            body = request.get_json()
            os.system(body["cmd"])
            return "ok"
        """)
        #expect(result.lines == [8, 10])
        #expect(result.matches.allSatisfy { !$0.guessed })
        #expect(result.matches.first?.message == "request data reaches os.system")
    }

    @Test("a snippet using request without importing it is found, marked guessed")
    func guessedRequest() {
        let result = Self.scan("""
        import subprocess

        def run():
            cmd = request.form["cmd"]
            subprocess.run(cmd, shell=True)
        """)
        #expect(result.lines == [5])
        #expect(result.matches.first?.guessed == true)
    }

    @Test("Django view: request.GET and request.POST on the view's request parameter")
    func djangoRequest() {
        let result = Self.scan("""
        from django.db import connection
        from django.http import HttpResponse

        def search(request):
            term = request.GET.get("q", "")
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM items WHERE name = '%s'" % term)
            return HttpResponse("done")

        def helper(req):
            cursor.execute("SELECT * FROM t WHERE x = '%s'" % req.GET["x"])
        """, sinks: Self.sqlSinks)
        #expect(result.lines == [7])
        #expect(result.matches.first?.guessed == false)
    }

    @Test("route parameters of a handler are sources; numeric URL converters are not")
    func handlerParameters() {
        let result = Self.scan("""
        import os
        from flask import Flask
        app = Flask(__name__)

        @app.route("/files/<name>")
        def show(name):
            os.system("cat " + name)

        @app.route("/items/<int:item_id>")
        def item(item_id):
            os.system("echo %d" % item_id)
        """)
        #expect(result.lines == [7])
        #expect(result.matches.first?.flow.first?.message.contains("request parameter `name`") == true)
    }

    @Test("FastAPI Request methods and tornado get_argument are web sources")
    func fastAPIAndTornado() {
        let result = Self.scan("""
        import os
        from fastapi import FastAPI, Request
        import tornado.web
        app = FastAPI()

        @app.post("/run")
        async def run(req: Request):
            data = await req.json()
            os.system(data["cmd"])

        class Handler(tornado.web.RequestHandler):
            def get(self):
                os.system(self.get_argument("cmd"))
        """)
        #expect(result.lines == [9, 13])
    }

    @Test("bottle.request is a web source")
    func bottleRequest() {
        let result = Self.scan("""
        import os
        from bottle import route, request

        @route("/x")
        def x():
            os.system(request.query.cmd)
        """)
        #expect(result.lines == [6])
    }

    @Test("command line: sys.argv, argparse namespaces, click parameters")
    func commandLineSources() {
        let result = Self.scan("""
        import os
        import sys
        import argparse
        import click

        target = sys.argv[1]
        os.system("ping " + target)

        parser = argparse.ArgumentParser()
        parser.add_argument("--host")
        args = parser.parse_args()

        def main():
            os.system("nslookup " + args.host)

        @click.command()
        @click.option("--path")
        def clean(path):
            os.system("rm -rf " + path)
        """)
        #expect(result.lines == [7, 14, 19])
    }

    @Test("environment: os.environ[...], os.environ.get and os.getenv")
    func environmentSources() {
        let result = Self.scan("""
        import os
        a = os.environ["A"]
        os.system(a)
        os.system(os.environ.get("B"))
        os.popen(os.getenv("C", "ls"))
        """)
        #expect(result.lines == [3, 4, 5])
        #expect(result.matches.first?.message == "environment data reaches os.system")
    }

    @Test("stdin: input(), sys.stdin.readline() and iterating sys.stdin")
    func stdinSources() {
        let result = Self.scan("""
        import os, sys
        name = input("name: ")
        os.system("touch " + name)
        line = sys.stdin.readline().strip()
        os.system(line)
        for entry in sys.stdin:
            os.system(entry)
        """)
        #expect(result.lines == [3, 5, 7])
    }

    @Test("file sources only when the rule asks for them")
    func fileSources() {
        let source = """
        import os, json
        from pathlib import Path
        with open("jobs.txt") as f:
            job = f.readline()
        os.system(job)
        os.system(Path("cmd.txt").read_text())
        config = json.load(open("c.json"))
        os.system(config["cmd"])
        with open("lines.txt") as handle:
            for line in handle:
                os.system(line)
        """
        #expect(Self.scan(source).lines.isEmpty)
        #expect(Self.scan(source, sources: Self.allKinds).lines == [5, 6, 8, 11])
    }

    @Test("network sources: socket recv, requests and urllib responses")
    func networkSources() {
        let source = """
        import os, socket, requests
        from urllib.request import urlopen
        server = socket.socket()
        conn, addr = server.accept()
        data = conn.recv(1024).decode()
        os.system(data)
        resp = requests.get("https://example.com/cmd")
        os.system(resp.text)
        os.system(requests.get("https://example.com").json()["cmd"])
        os.system(urlopen("https://example.com").read().decode())
        """
        let result = Self.scan(source, sources: [.network])
        #expect(result.lines == [6, 8, 9, 10])
        #expect(result.matches.first?.message == "network data reaches os.system")
        #expect(Self.scan(source, sources: [.web]).lines.isEmpty)
    }

    // MARK: Propagation

    @Test("constant data is never reported")
    func constantData() {
        let result = Self.scan("""
        import os, subprocess
        cmd = "ls -la"
        os.system(cmd)
        subprocess.run("echo " + cmd, shell=True)
        def f(x):
            os.system(x)
        f("date")
        """)
        #expect(result.matches.isEmpty)
    }

    @Test("tuple unpacking assigns element by element; walrus and augmented assignment carry taint")
    func assignmentForms() {
        let result = Self.scan("""
        import os
        a, b = input(), "safe"
        os.system(b)
        os.system(a)
        if (n := input()):
            os.system(n)
        cmd = "echo "
        cmd += input()
        os.system(cmd)
        x, y = input().split(",")
        os.system(y)
        """)
        #expect(result.lines == [4, 6, 9, 11])
    }

    @Test("formatting: +, %, f-strings, .format and str.join")
    func stringBuilding() {
        let result = Self.scan("""
        import os
        name = input()
        os.system("a" + name)
        os.system("b %s" % name)
        os.system(f"c {name}")
        os.system("d {}".format(name))
        os.system(" ".join(["e", name]))
        os.system("f {n}".format(n=name.strip().lower()))
        """)
        #expect(result.lines == [3, 4, 5, 6, 7, 8])
    }

    @Test("string methods keep taint; predicates and conversions drop it")
    func methodsAndCleaners() {
        let result = Self.scan("""
        import os
        raw = input()
        os.system(raw.replace("a", "b").encode().decode())
        os.system("kill %d" % int(raw))
        os.system("sleep %s" % len(raw))
        os.system("echo %s" % raw.isdigit())
        os.system("echo %s" % float(raw))
        """)
        #expect(result.lines == [3])
    }

    @Test("containers: literals, append, update, subscripts and .get")
    func containers() {
        let result = Self.scan("""
        import os
        parts = ["ls"]
        parts.append(input())
        os.system(" ".join(parts))
        opts = {}
        opts.update({"dir": input()})
        os.system(opts.get("dir"))
        table = {"k": input()}
        os.system(table["k"])
        clean = {"k": "v"}
        os.system(clean["k"])
        store = {}
        store["x"] = input()
        os.system(store["x"])
        """)
        #expect(result.lines == [4, 7, 9, 14])
    }

    @Test("attributes of tainted values and attributes assigned tainted values")
    func attributes() {
        let result = Self.scan("""
        import os

        class Job:
            def __init__(self):
                self.cmd = input()

            def run(self):
                os.system(self.cmd)

        def go():
            job = Job()
            job.cmd = input()
            os.system(job.cmd)
            os.system(job.other)
        """)
        #expect(result.lines == [13])
    }

    @Test("comprehensions, for targets and with-as targets")
    func comprehensionsAndLoops() {
        let result = Self.scan("""
        import os
        names = input().split()
        quoted = [n.strip() for n in names if n]
        os.system(" ".join(quoted))
        lengths = [len(n) for n in names]
        os.system(str(lengths[0]))
        for n in names:
            os.system("touch " + n)
        with os.popen(input()) as pipe:
            pass
        """)
        #expect(result.lines == [4, 8, 9])
    }

    @Test("branches join: taint assigned in one branch reaches code after the if")
    func branchesJoin() {
        let result = Self.scan("""
        import os
        def a(flag):
            cmd = "ls"
            if flag:
                cmd = input()
            else:
                cmd = "pwd"
            os.system(cmd)

        def b():
            cmd = input()
            if not cmd.isalnum():
                cmd = "ls"
            else:
                cmd = "pwd"
            os.system(cmd)
        """)
        #expect(result.lines == [8])
    }

    @Test("loops: taint assigned late in the body reaches an earlier statement on the next round")
    func loopFixedPoint() {
        let result = Self.scan("""
        import os
        def poll():
            previous = "true"
            while True:
                os.system(previous)
                previous = input()
        """)
        #expect(result.lines == [5])
    }

    @Test("unknown calls pass taint through; known cleaners do not")
    func unknownCalls() {
        let result = Self.scan("""
        import os, uuid
        value = input()
        os.system(some_library.normalize(value))
        os.system(str(uuid.UUID(value)))
        os.system(str(abs(hash(value))))
        """)
        #expect(result.lines == [3])
    }

    @Test("rows loaded by a tainted key are stored data, not the key")
    func ormLookups() {
        let result = Self.scan("""
        import os
        from django.shortcuts import get_object_or_404

        def show(request, slug):
            post = get_object_or_404(Post, slug=slug)
            os.system("echo " + post.title)
            item = Item.objects.filter(name=request.GET["q"]).first()
            os.system(item.path)
            os.system("echo " + slug)
        """)
        #expect(result.lines == [9])
    }

    // MARK: Sanitizers and sinks

    @Test("a rule's sanitizer cleans its result; other rules still see the taint")
    func sanitizers() {
        let source = """
        import os, shlex
        name = input()
        os.system("touch " + shlex.quote(name))
        safe = shlex.quote(name)
        os.system("rm " + safe)
        os.system("cat " + os.path.basename(name))
        """
        #expect(Self.scan(source, sanitizers: ["shlex.quote"]).lines == [6])
        #expect(Self.scan(source, sanitizers: ["shlex.quote", "os.path.basename"]).lines.isEmpty)
        #expect(Self.scan(source).lines == [3, 5, 6])
    }

    @Test("parameterized queries are silent; formatted queries are found")
    func parameterizedQuery() {
        let result = Self.scan("""
        import sqlite3
        conn = sqlite3.connect("app.db")
        cur = conn.cursor()
        user = input()
        cur.execute("SELECT * FROM users WHERE name = ?", (user,))
        cur.execute("SELECT * FROM users WHERE name = %s", [user])
        cur.execute("SELECT * FROM users WHERE name = '%s'" % user)
        cur.execute(f"DELETE FROM users WHERE name = '{user}'")
        """, sinks: Self.sqlSinks)
        #expect(result.lines == [7, 8])
        #expect(result.matches.allSatisfy { !$0.guessed })
        let untyped = Self.scan("""
        class NoteView(View):
            def post(self, request):
                self.db.execute("INSERT INTO notes VALUES ('%s')" % request.POST["note"])
        """, sinks: Self.sqlSinks)
        #expect(untyped.lines == [3])
        #expect(untyped.matches.first?.message == "request data reaches self.db.execute")
    }

    @Test("sink constraints: subprocess with shell=True only")
    func sinkConstraints() {
        let result = Self.scan("""
        import subprocess
        cmd = input()
        subprocess.run(cmd, shell=True)
        subprocess.run(["ls", cmd])
        subprocess.run(cmd, shell=False)
        subprocess.Popen(args=cmd, shell=True)
        """)
        #expect(result.lines == [3, 6])
    }

    @Test("a sink without position or keyword takes any argument or the receiver")
    func anyArgumentSink() {
        let sinks: [TaintSink] = [.call(names: [NamePattern("pickle.loads")], position: nil, keyword: nil, constraints: [])]
        let result = Self.scan("""
        import pickle
        blob = input()
        pickle.loads(b"constant")
        pickle.loads(data=blob.encode())
        """, sinks: sinks)
        #expect(result.lines == [4])
    }

    @Test("one match per sink call even when several arguments and sinks apply")
    func noDuplicates() {
        let sinks: [TaintSink] = [
            .call(names: [NamePattern("os.system")], position: 0, keyword: nil, constraints: []),
            .call(names: [NamePattern("os.*")], position: nil, keyword: nil, constraints: []),
        ]
        let result = Self.scan("""
        import os
        a = input()
        for _ in range(3):
            os.system(a + a)
        """, sinks: sinks)
        #expect(result.lines == [4])
    }

    @Test("handler return with html: only markup responses are flagged")
    func handlerReturnHTML() {
        let result = Self.scan("""
        from flask import Flask, request, make_response
        app = Flask(__name__)

        @app.route("/hello")
        def hello():
            name = request.args.get("name", "")
            return f"<h1>Hello {name}</h1>"

        @app.route("/plain")
        def plain():
            return "Hello " + request.args.get("name", "")

        @app.route("/page")
        def page():
            body = "<p>" + request.args["q"] + "</p>"
            return make_response(body)

        @app.route("/num")
        def num():
            return f"<b>{int(request.args['n'])}</b>"

        def not_a_handler():
            return f"<h1>{request.args['x']}</h1>"
        """, sinks: [.handlerReturn(html: true)])
        #expect(result.lines == [7, 16])
        #expect(result.matches.first?.message == "request data reaches the response")
        #expect(Self.scan("""
        from flask import Flask, request
        app = Flask(__name__)
        @app.route("/plain")
        def plain():
            return "Hello " + request.args.get("name", "")
        """, sinks: [.handlerReturn(html: false)]).lines == [5])
    }

    // MARK: Local functions

    @Test("one level: a helper whose parameter reaches a sink is reported at the sink, with the flow from the call site")
    func oneLevelSinkSummary() throws {
        let result = Self.scan("""
        import os

        def run_command(cmd):
            full = "sh -c " + cmd
            os.system(full)

        def main():
            user = input()
            run_command(user)
            run_command("ls")
        """)
        #expect(result.lines == [5])
        let match = try #require(result.matches.first)
        #expect(result.stepLines(match) == [8, 8, 9, 4, 5])
        #expect(match.flow.map(\.role) == [.source, .propagation, .propagation, .propagation, .sink])
        #expect(match.flow.last?.message == "`full` reaches os.system")
        guard case let .call(sinkCall)? = match.fixTarget else {
            Issue.record("expected the sink call as fix target")
            return
        }
        #expect(result.context.location(sinkCall.range.start).line == 5)
    }

    @Test("two levels of helpers, and a helper that returns its argument")
    func twoLevelFlows() {
        let result = Self.scan("""
        import os

        def execute(c):
            os.system(c)

        def build_and_run(name):
            execute("echo " + name)

        def wrap(value):
            return "[" + value + "]"

        def constant(value):
            return "fixed"

        def main():
            arg = input()
            build_and_run(arg)
            os.system(wrap(arg))
            os.system(constant(arg))
        """)
        #expect(result.lines == [4, 18])
    }

    @Test("a helper that returns request data is a source at its call sites")
    func helperReturningSource() throws {
        let result = Self.scan("""
        import os
        from flask import request

        def get_param(key):
            return request.args.get(key)

        def handler():
            value = get_param("cmd")
            os.system(value)
        """)
        #expect(result.lines == [9])
        let match = try #require(result.matches.first)
        #expect(result.stepLines(match) == [5, 8, 8, 9])
        #expect(match.flow.first?.role == .source)
    }

    @Test("methods called through self use summaries; recursion terminates")
    func methodsAndRecursion() {
        let result = Self.scan("""
        import os

        class Runner:
            def run(self, cmd):
                os.system(cmd)

            def go(self):
                self.run(input())

        def loop(cmd, n):
            if n > 0:
                return loop(cmd, n - 1)
            os.system(cmd)
            return cmd

        loop(input(), 3)
        """)
        #expect(result.lines == [5, 13])
    }

    @Test("a nested function reads the enclosing function's tainted variables")
    func closures() {
        let result = Self.scan("""
        import os
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/convert")
        def convert():
            name = request.args["file"]
            fixed = "report.pdf"

            def run():
                os.system("convert " + name)
                os.system("convert " + fixed)

            run()
            return "ok"
        """)
        #expect(result.lines == [11])
    }

    @Test("a method of a local class called on an instance uses the method's summary")
    func instanceMethodCall() {
        let result = Self.scan("""
        import sqlite3
        from flask import Flask, request
        app = Flask(__name__)

        class UserStore:
            def __init__(self, path):
                self.conn = sqlite3.connect(path)

            def find_user(self, name):
                cur = self.conn.cursor()
                cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
                return cur.fetchone()

            def find_by_id(self, user_id):
                cur = self.conn.cursor()
                cur.execute("SELECT * FROM users WHERE id = ?", (user_id,))
                return cur.fetchone()

        store = UserStore("app.db")

        @app.route("/user")
        def user():
            store.find_by_id(request.args["id"])
            return str(store.find_user(request.args["name"]))
        """, sinks: Self.sqlSinks)
        #expect(result.lines == [11])
    }

    @Test("a chain of five helpers still carries the flow to the sink")
    func longCallChain() throws {
        let result = Self.scan("""
        import os
        def step5(v):
            os.system(v)
        def step4(v):
            step5(v + "4")
        def step3(v):
            step4(v + "3")
        def step2(v):
            step3(v + "2")
        def step1(v):
            step2(v + "1")
        step1(input())
        """)
        #expect(result.lines == [3])
        let match = try #require(result.matches.first)
        #expect(match.flow.filter { $0.message.contains("is passed to") }.count == 5)
        #expect(match.flow.last?.message == "`v` reaches os.system")
    }

    @Test("nested loops converge and still see taint assigned deep inside")
    func nestedLoops() {
        let result = Self.scan("""
        import os
        def poll(rows, cols, cells):
            cmd = "true"
            for row in rows:
                os.system(cmd)
                for col in cols:
                    for cell in cells:
                        while cell:
                            for _ in range(2):
                                cmd = input()
        """)
        #expect(result.lines == [5])
    }

    @Test("functions read module variables that top-level code filled from a source")
    func moduleGlobals() {
        let result = Self.scan("""
        import os, sys
        target = sys.argv[1]
        label = "static"

        def ping():
            os.system("ping -c 1 " + target)
            os.system("echo " + label)

        def shadowed():
            target = "localhost"
            os.system("ping " + target)

        if __name__ == "__main__":
            ping()
            shadowed()
        """)
        #expect(result.lines == [6])
    }

    // MARK: Flow shape

    @Test("flow: source, each assignment, sink, in order with lines and messages")
    func flowSteps() throws {
        let result = Self.scan("""
        import os
        from flask import request

        def view():
            raw = request.args.get("cmd")
            cmd = raw.strip()
            os.system(cmd)
        """)
        let match = try #require(result.matches.first)
        #expect(result.lines == [7])
        #expect(result.stepLines(match) == [5, 5, 6, 7])
        #expect(match.flow.map(\.role) == [.source, .propagation, .propagation, .sink])
        #expect(match.flow.map(\.message) == [
            "request.args is untrusted request data",
            "request.args flows into `raw`",
            "`raw` flows into `cmd`",
            "`cmd` reaches os.system",
        ])
        #expect(match.message == "request data reaches os.system")
        guard case let .call(sinkCall)? = match.fixTarget else {
            Issue.record("expected a call fix target")
            return
        }
        #expect(sinkCall.range == match.range)
    }

    @Test("source kinds the rule does not ask for are ignored")
    func kindsFilter() {
        let source = """
        import os, sys
        os.system(sys.argv[1])
        os.system(os.environ["X"])
        os.system(input())
        """
        #expect(Self.scan(source, sources: [.cli]).lines == [2])
        #expect(Self.scan(source, sources: [.env]).lines == [3])
        #expect(Self.scan(source, sources: [.stdin]).lines == [4])
        #expect(Self.scan(source, sources: [.web]).lines.isEmpty)
    }

    @Test("try/except and match statements carry taint into their bodies")
    func tryAndMatch() {
        let result = Self.scan("""
        import os
        def f():
            try:
                cmd = input()
            except ValueError:
                cmd = "ls"
            os.system(cmd)

        def g():
            match input().split():
                case [verb, *rest]:
                    os.system(verb)
                case _:
                    pass
        """)
        #expect(result.lines == [7, 12])
    }

    @Test("reassigning a clean value clears the taint")
    func strongUpdate() {
        let result = Self.scan("""
        import os
        cmd = input()
        cmd = "ls"
        os.system(cmd)
        """)
        #expect(result.matches.isEmpty)
    }
}
