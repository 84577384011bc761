import SOSecureCore
@testable import SOSecurePython

/// A hand-built tree for a small Flask handler, with real byte ranges, so the visitor
/// and printers can be tested without the parser:
///
///     @app.route("/run", methods=["POST"])
///     def handler(request, *, limit: int = 10):
///         cmd = f"ls {request.args['dir']!r}"
///         return subprocess.run(cmd, shell=True) if limit else None
enum VisitorSampleTree {
    static let source = """
    @app.route("/run", methods=["POST"])
    def handler(request, *, limit: int = 10):
        cmd = f"ls {request.args['dir']!r}"
        return subprocess.run(cmd, shell=True) if limit else None

    """

    /// The byte range of the `occurrence`-th (0-based) appearance of `needle`.
    static func at(_ needle: String, _ occurrence: Int = 0) -> TextRange {
        let bytes = Array(source.utf8)
        let pattern = Array(needle.utf8)
        var seen = 0
        var index = 0
        while index + pattern.count <= bytes.count {
            if Array(bytes[index..<index + pattern.count]) == pattern {
                if seen == occurrence { return TextRange(start: index, end: index + pattern.count) }
                seen += 1
            }
            index += 1
        }
        fatalError("test source has no occurrence \(occurrence) of \(needle)")
    }

    static func name(_ id: String, _ ctx: ExprContext = .load, _ occurrence: Int = 0) -> Expr {
        Expr(.name(id: id, ctx: ctx), at(id, occurrence))
    }

    static let module: Module = {
        let route = Expr(.attribute(value: name("app"), attr: "route", ctx: .load), at("app.route"))
        let methods = Keyword(
            arg: "methods",
            value: Expr(.list(elts: [Expr(.constant(value: .string("POST"), kind: nil), at("\"POST\""))], ctx: .load), at("[\"POST\"]")),
            range: at("methods=[\"POST\"]"))
        let decorator = Expr(
            .call(func: route, args: [Expr(.constant(value: .string("/run"), kind: nil), at("\"/run\""))], keywords: [methods]),
            at("app.route(\"/run\", methods=[\"POST\"])"))
        let arguments = Arguments(
            args: [Arg(arg: "request", annotation: nil, range: at("request"))],
            kwonlyargs: [Arg(arg: "limit", annotation: name("int"), range: at("limit: int"))],
            kwDefaults: [Expr(.constant(value: .int("10"), kind: nil), at("10"))])
        let item = Expr(
            .subscript(
                value: Expr(.attribute(value: name("request", .load, 1), attr: "args", ctx: .load), at("request.args")),
                slice: Expr(.constant(value: .string("dir"), kind: nil), at("'dir'")),
                ctx: .load),
            at("request.args['dir']"))
        let fstring = Expr(
            .joinedStr(values: [
                Expr(.constant(value: .string("ls "), kind: nil), at("ls ")),
                Expr(.formattedValue(value: item, conversion: 114, formatSpec: nil), at("{request.args['dir']!r}")),
            ]),
            at("f\"ls {request.args['dir']!r}\""))
        let assign = Stmt(.assign(targets: [name("cmd", .store)], value: fstring), at("cmd = f\"ls {request.args['dir']!r}\""))
        let run = Expr(
            .call(
                func: Expr(.attribute(value: name("subprocess"), attr: "run", ctx: .load), at("subprocess.run")),
                args: [name("cmd", .load, 1)],
                keywords: [Keyword(arg: "shell", value: Expr(.constant(value: .bool(true), kind: nil), at("True")), range: at("shell=True"))]),
            at("subprocess.run(cmd, shell=True)"))
        let conditional = Expr(
            .ifExp(test: name("limit", .load, 1), body: run, orelse: Expr(.constant(value: .none, kind: nil), at("None"))),
            at("subprocess.run(cmd, shell=True) if limit else None"))
        let returnStmt = Stmt(.return(value: conditional), at("return subprocess.run(cmd, shell=True) if limit else None"))
        let defStart = at("def handler").start
        let function = Stmt(
            .functionDef(name: "handler", typeParams: [], args: arguments, body: [assign, returnStmt],
                         decorators: [decorator], returns: nil, isAsync: false),
            TextRange(start: defStart, end: returnStmt.range.end))
        return Module(body: [function])
    }()

    /// Kind names in the order a source-order pre-order walk must meet them.
    static let walkOrder = [
        "Module", "FunctionDef",
        "Call", "Attribute", "Name", "Constant", "keyword", "List", "Constant",
        "arguments", "arg", "arg", "Name", "Constant",
        "Assign", "Name", "JoinedStr", "Constant", "FormattedValue", "Subscript", "Attribute", "Name", "Constant",
        "Return", "IfExp", "Call", "Attribute", "Name", "Name", "keyword", "Constant", "Name", "Constant",
    ]
}
