import SOSecureCore

/// Prints a module exactly as `ast.dump(ast.parse(source))` does on CPython 3.11:
/// CPython's node and field names, every list field (even empty), optional fields
/// omitted when absent, values in Python `repr`. PEP 695 `type_params` (3.12) are
/// printed only when present, so 3.11-valid code dumps identically.
public enum CPythonDump {
    /// `text` is the parsed text (`ParseResult.text`), used to recover exact string
    /// values a Swift `String` cannot hold (lone surrogates).
    public static func dump(_ module: Module, text: [UInt8]) -> String {
        LargeStackThread.run {
            var writer = CPythonDumpWriter(text: text)
            writer.module(module)
            return String(decoding: writer.out, as: UTF8.self)
        }
    }
}

struct CPythonDumpWriter {
    let text: [UInt8]
    var out: [UInt8] = []
    /// Per open node: whether a field has been written (so the next needs ", ").
    private var wroteField: [Bool] = []

    init(text: [UInt8]) {
        self.text = text
        out.reserveCapacity(text.count * 4)
    }

    // MARK: - Output primitives

    mutating func raw(_ string: StaticString) {
        string.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    mutating func raw(_ string: String) {
        out.append(contentsOf: string.utf8)
    }

    mutating func begin(_ name: StaticString) {
        raw(name)
        out.append(UInt8(ascii: "("))
        wroteField.append(false)
    }

    mutating func end() {
        wroteField.removeLast()
        out.append(UInt8(ascii: ")"))
    }

    mutating func field(_ name: StaticString) {
        if wroteField[wroteField.count - 1] {
            raw(", ")
        } else {
            wroteField[wroteField.count - 1] = true
        }
        raw(name)
        out.append(UInt8(ascii: "="))
    }

    mutating func list<T>(_ name: StaticString, _ items: [T], _ write: (inout CPythonDumpWriter, T) -> Void) {
        field(name)
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { raw(", ") }
            write(&self, item)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func exprField(_ name: StaticString, _ expression: Expr) {
        field(name)
        expr(expression)
    }

    mutating func optionalExpr(_ name: StaticString, _ expression: Expr?) {
        guard let expression else { return }
        exprField(name, expression)
    }

    mutating func exprs(_ name: StaticString, _ items: [Expr]) {
        list(name, items) { $0.expr($1) }
    }

    mutating func stmts(_ name: StaticString, _ items: [Stmt]) {
        list(name, items) { $0.stmt($1) }
    }

    mutating func string(_ name: StaticString, _ value: String) {
        field(name)
        CPythonRepr.string(value.unicodeScalars.map(\.value), into: &out)
    }

    mutating func optionalString(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        string(name, value)
    }

    mutating func integer(_ name: StaticString, _ value: Int) {
        field(name)
        raw(String(value))
    }

    mutating func context(_ ctx: ExprContext) {
        field("ctx")
        raw(ctx.rawValue)
        raw("()")
    }

    // MARK: - Module and statements

    mutating func module(_ module: Module) {
        begin("Module")
        stmts("body", module.body)
        field("type_ignores")
        raw("[]")
        end()
    }

    mutating func stmt(_ statement: Stmt) {
        switch statement.kind {
        case let .functionDef(name, typeParams, args, body, decorators, returns, isAsync):
            begin(isAsync ? "AsyncFunctionDef" : "FunctionDef")
            string("name", name)
            field("args")
            arguments(args)
            stmts("body", body)
            exprs("decorator_list", decorators)
            optionalExpr("returns", returns)
            typeParamsIfAny(typeParams)
            end()
        case let .classDef(name, typeParams, bases, keywords, body, decorators):
            begin("ClassDef")
            string("name", name)
            exprs("bases", bases)
            list("keywords", keywords) { $0.keyword($1) }
            stmts("body", body)
            exprs("decorator_list", decorators)
            typeParamsIfAny(typeParams)
            end()
        case let .return(value):
            begin("Return")
            optionalExpr("value", value)
            end()
        case let .delete(targets):
            begin("Delete")
            exprs("targets", targets)
            end()
        case let .assign(targets, value):
            begin("Assign")
            exprs("targets", targets)
            exprField("value", value)
            end()
        case let .typeAlias(name, typeParams, value):
            begin("TypeAlias")
            exprField("name", name)
            list("type_params", typeParams) { $0.typeParam($1) }
            exprField("value", value)
            end()
        case let .augAssign(target, op, value):
            begin("AugAssign")
            exprField("target", target)
            field("op")
            raw(op.rawValue)
            raw("()")
            exprField("value", value)
            end()
        case let .annAssign(target, annotation, value, simple):
            begin("AnnAssign")
            exprField("target", target)
            exprField("annotation", annotation)
            optionalExpr("value", value)
            integer("simple", simple ? 1 : 0)
            end()
        case let .for(target, iter, body, orelse, isAsync):
            begin(isAsync ? "AsyncFor" : "For")
            exprField("target", target)
            exprField("iter", iter)
            stmts("body", body)
            stmts("orelse", orelse)
            end()
        case let .while(test, body, orelse):
            begin("While")
            exprField("test", test)
            stmts("body", body)
            stmts("orelse", orelse)
            end()
        case let .if(test, body, orelse):
            begin("If")
            exprField("test", test)
            stmts("body", body)
            stmts("orelse", orelse)
            end()
        case let .with(items, body, isAsync):
            begin(isAsync ? "AsyncWith" : "With")
            list("items", items) { writer, item in
                writer.begin("withitem")
                writer.exprField("context_expr", item.contextExpr)
                writer.optionalExpr("optional_vars", item.optionalVars)
                writer.end()
            }
            stmts("body", body)
            end()
        case let .match(subject, cases):
            begin("Match")
            exprField("subject", subject)
            list("cases", cases) { writer, matchCase in
                writer.begin("match_case")
                writer.field("pattern")
                writer.pattern(matchCase.pattern)
                writer.optionalExpr("guard", matchCase.guardExpr)
                writer.stmts("body", matchCase.body)
                writer.end()
            }
            end()
        case let .raise(exc, cause):
            begin("Raise")
            optionalExpr("exc", exc)
            optionalExpr("cause", cause)
            end()
        case let .try(body, handlers, orelse, finalbody, isStar):
            begin(isStar ? "TryStar" : "Try")
            stmts("body", body)
            list("handlers", handlers) { writer, handler in
                writer.begin("ExceptHandler")
                writer.optionalExpr("type", handler.type)
                writer.optionalString("name", handler.name)
                writer.stmts("body", handler.body)
                writer.end()
            }
            stmts("orelse", orelse)
            stmts("finalbody", finalbody)
            end()
        case let .assert(test, msg):
            begin("Assert")
            exprField("test", test)
            optionalExpr("msg", msg)
            end()
        case let .import(names):
            begin("Import")
            list("names", names) { $0.alias($1) }
            end()
        case let .importFrom(module, names, level):
            begin("ImportFrom")
            optionalString("module", module)
            list("names", names) { $0.alias($1) }
            integer("level", level)
            end()
        case let .global(names):
            begin("Global")
            list("names", names) { writer, name in CPythonRepr.string(name.unicodeScalars.map(\.value), into: &writer.out) }
            end()
        case let .nonlocal(names):
            begin("Nonlocal")
            list("names", names) { writer, name in CPythonRepr.string(name.unicodeScalars.map(\.value), into: &writer.out) }
            end()
        case let .expr(value):
            begin("Expr")
            exprField("value", value)
            end()
        case .pass:
            raw("Pass()")
        case .break:
            raw("Break()")
        case .continue:
            raw("Continue()")
        }
    }

    mutating func alias(_ alias: Alias) {
        begin("alias")
        string("name", alias.name)
        optionalString("asname", alias.asname)
        end()
    }

    mutating func keyword(_ keyword: Keyword) {
        begin("keyword")
        optionalString("arg", keyword.arg)
        exprField("value", keyword.value)
        end()
    }

    mutating func arguments(_ args: Arguments) {
        begin("arguments")
        list("posonlyargs", args.posonlyargs) { $0.arg($1) }
        list("args", args.args) { $0.arg($1) }
        if let vararg = args.vararg {
            field("vararg")
            arg(vararg)
        }
        list("kwonlyargs", args.kwonlyargs) { $0.arg($1) }
        list("kw_defaults", args.kwDefaults) { writer, value in
            if let value { writer.expr(value) } else { writer.raw("None") }
        }
        if let kwarg = args.kwarg {
            field("kwarg")
            arg(kwarg)
        }
        exprs("defaults", args.defaults)
        end()
    }

    mutating func arg(_ arg: Arg) {
        begin("arg")
        string("arg", arg.arg)
        optionalExpr("annotation", arg.annotation)
        end()
    }

    mutating func typeParamsIfAny(_ typeParams: [TypeParam]) {
        guard !typeParams.isEmpty else { return }
        list("type_params", typeParams) { $0.typeParam($1) }
    }

    mutating func typeParam(_ param: TypeParam) {
        switch param.kind {
        case let .typeVar(name, bound):
            begin("TypeVar")
            string("name", name)
            optionalExpr("bound", bound)
        case let .paramSpec(name):
            begin("ParamSpec")
            string("name", name)
        case let .typeVarTuple(name):
            begin("TypeVarTuple")
            string("name", name)
        }
        end()
    }

    // MARK: - Expressions

    mutating func expr(_ expression: Expr) {
        switch expression.kind {
        case let .boolOp(op, values):
            begin("BoolOp")
            field("op")
            raw(op.rawValue)
            raw("()")
            exprs("values", values)
            end()
        case let .namedExpr(target, value):
            begin("NamedExpr")
            exprField("target", target)
            exprField("value", value)
            end()
        case let .binOp(left, op, right):
            begin("BinOp")
            exprField("left", left)
            field("op")
            raw(op.rawValue)
            raw("()")
            exprField("right", right)
            end()
        case let .unaryOp(op, operand):
            begin("UnaryOp")
            field("op")
            raw(op.rawValue)
            raw("()")
            exprField("operand", operand)
            end()
        case let .lambda(args, body):
            begin("Lambda")
            field("args")
            arguments(args)
            exprField("body", body)
            end()
        case let .ifExp(test, body, orelse):
            begin("IfExp")
            exprField("test", test)
            exprField("body", body)
            exprField("orelse", orelse)
            end()
        case let .dict(keys, values):
            begin("Dict")
            list("keys", keys) { writer, key in
                if let key { writer.expr(key) } else { writer.raw("None") }
            }
            exprs("values", values)
            end()
        case let .set(elts):
            begin("Set")
            exprs("elts", elts)
            end()
        case let .listComp(elt, generators):
            begin("ListComp")
            exprField("elt", elt)
            comprehensions(generators)
            end()
        case let .setComp(elt, generators):
            begin("SetComp")
            exprField("elt", elt)
            comprehensions(generators)
            end()
        case let .dictComp(key, value, generators):
            begin("DictComp")
            exprField("key", key)
            exprField("value", value)
            comprehensions(generators)
            end()
        case let .generatorExp(elt, generators):
            begin("GeneratorExp")
            exprField("elt", elt)
            comprehensions(generators)
            end()
        case let .await(value):
            begin("Await")
            exprField("value", value)
            end()
        case let .yield(value):
            begin("Yield")
            optionalExpr("value", value)
            end()
        case let .yieldFrom(value):
            begin("YieldFrom")
            exprField("value", value)
            end()
        case let .compare(left, ops, comparators):
            begin("Compare")
            exprField("left", left)
            list("ops", ops) { writer, op in
                writer.raw(op.rawValue)
                writer.raw("()")
            }
            exprs("comparators", comparators)
            end()
        case let .call(function, args, keywords):
            begin("Call")
            exprField("func", function)
            exprs("args", args)
            list("keywords", keywords) { $0.keyword($1) }
            end()
        case let .formattedValue(value, conversion, formatSpec):
            begin("FormattedValue")
            exprField("value", value)
            integer("conversion", conversion)
            optionalExpr("format_spec", formatSpec)
            end()
        case let .joinedStr(values):
            begin("JoinedStr")
            exprs("values", values)
            end()
        case let .constant(value, kind):
            begin("Constant")
            field("value")
            constant(value, range: expression.range)
            optionalString("kind", kind)
            end()
        case let .attribute(value, attr, ctx):
            begin("Attribute")
            exprField("value", value)
            string("attr", attr)
            context(ctx)
            end()
        case let .subscript(value, slice, ctx):
            begin("Subscript")
            exprField("value", value)
            exprField("slice", slice)
            context(ctx)
            end()
        case let .starred(value, ctx):
            begin("Starred")
            exprField("value", value)
            context(ctx)
            end()
        case let .name(id, ctx):
            begin("Name")
            string("id", id)
            context(ctx)
            end()
        case let .list(elts, ctx):
            begin("List")
            exprs("elts", elts)
            context(ctx)
            end()
        case let .tuple(elts, ctx):
            begin("Tuple")
            exprs("elts", elts)
            context(ctx)
            end()
        case let .slice(lower, upper, step):
            begin("Slice")
            optionalExpr("lower", lower)
            optionalExpr("upper", upper)
            optionalExpr("step", step)
            end()
        }
    }

    mutating func comprehensions(_ generators: [Comprehension]) {
        list("generators", generators) { writer, generator in
            writer.begin("comprehension")
            writer.exprField("target", generator.target)
            writer.exprField("iter", generator.iter)
            writer.exprs("ifs", generator.ifs)
            writer.integer("is_async", generator.isAsync ? 1 : 0)
            writer.end()
        }
    }

    mutating func constant(_ value: ConstantValue, range: TextRange) {
        switch value {
        case .none: raw("None")
        case .bool(let flag): raw(flag ? "True" : "False")
        case .ellipsis: raw("Ellipsis")
        case .int(let literal): raw(CPythonNumberRepr.integer(literal))
        case .float(let number): raw(CPythonNumberRepr.float(number))
        case .imaginary(let number): raw(CPythonNumberRepr.imaginary(number))
        case .string(let string):
            CPythonRepr.string(CPythonStringValue.codePoints(of: string, range: range, text: text), into: &out)
        case .bytes(let bytes): CPythonRepr.bytes(bytes, into: &out)
        }
    }

    // MARK: - Patterns

    mutating func pattern(_ pattern: Pattern) {
        switch pattern.kind {
        case let .matchValue(value):
            begin("MatchValue")
            exprField("value", value)
            end()
        case let .matchSingleton(value):
            begin("MatchSingleton")
            field("value")
            constant(value, range: pattern.range)
            end()
        case let .matchSequence(patterns):
            begin("MatchSequence")
            list("patterns", patterns) { $0.pattern($1) }
            end()
        case let .matchMapping(keys, patterns, rest):
            begin("MatchMapping")
            exprs("keys", keys)
            list("patterns", patterns) { $0.pattern($1) }
            optionalString("rest", rest)
            end()
        case let .matchClass(cls, patterns, kwdAttrs, kwdPatterns):
            begin("MatchClass")
            exprField("cls", cls)
            list("patterns", patterns) { $0.pattern($1) }
            list("kwd_attrs", kwdAttrs) { writer, name in CPythonRepr.string(name.unicodeScalars.map(\.value), into: &writer.out) }
            list("kwd_patterns", kwdPatterns) { $0.pattern($1) }
            end()
        case let .matchStar(name):
            begin("MatchStar")
            optionalString("name", name)
            end()
        case let .matchAs(inner, name):
            begin("MatchAs")
            if let inner {
                field("pattern")
                self.pattern(inner)
            }
            optionalString("name", name)
            end()
        case let .matchOr(patterns):
            begin("MatchOr")
            list("patterns", patterns) { $0.pattern($1) }
            end()
        }
    }
}
