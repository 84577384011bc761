import SOSecureCore

/// Call arguments, def/lambda parameters and PEP 695 type parameters.
extension Parser {
    // MARK: - Call arguments

    /// The inside of `f(...)` or `class C(...)`, stopping before `)`. Enforces CPython's
    /// ordering: positional (and `*x`) before `k=v`, no positional after `k=v` or
    /// `**m`, no `*x` after `**m`, and a bare generator only as the sole argument.
    mutating func parseCallArguments(allowGenerator: Bool, opener: Token) throws(SyntaxFailure) -> ([Expr], [Keyword]) {
        var args: [Expr] = []
        var keywords: [Keyword] = []
        var sawKeyword = false
        var sawDoubleStar = false
        while !at(.rpar) {
            let s = start
            if at(.star) {
                advance()
                let value = try parseExpression()
                if sawDoubleStar {
                    throw SyntaxFailure(message: "iterable argument unpacking follows keyword argument unpacking",
                                        range: range(from: s))
                }
                args.append(Expr(.starred(value: value, ctx: .load), range(from: s)))
            } else if at(.doubleStar) {
                advance()
                let value = try parseExpression()
                keywords.append(Keyword(arg: nil, value: value, range: range(from: s)))
                sawDoubleStar = true
            } else if atName, peekIs(.equal) {
                let nameToken = token
                advance()
                advance()
                let value = try parseExpression()
                keywords.append(Keyword(arg: identifier(nameToken), value: value, range: range(from: s)))
                sawKeyword = true
            } else {
                let value = try parseNamedExpression()
                if atComprehensionStart {
                    let generators = try parseComprehensionClauses()
                    guard allowGenerator, args.isEmpty, keywords.isEmpty, at(.rpar) else {
                        throw SyntaxFailure(message: "Generator expression must be parenthesized", range: value.range)
                    }
                    let genRange = TextRange(start: opener.range.start, end: token.range.end)
                    args.append(Expr(.generatorExp(elt: value, generators: generators), genRange))
                    break
                }
                if at(.equal) {
                    throw SyntaxFailure(message: "expression cannot contain assignment, perhaps you meant \"==\"?",
                                        range: value.range)
                }
                if sawDoubleStar {
                    throw SyntaxFailure(message: "positional argument follows keyword argument unpacking", range: value.range)
                }
                if sawKeyword {
                    throw SyntaxFailure(message: "positional argument follows keyword argument", range: value.range)
                }
                args.append(value)
            }
            guard eat(.comma) else { break }
        }
        return (args, keywords)
    }

    // MARK: - Parameters

    /// Parameters of a `def` (closer `)`) or a `lambda` (closer `:`, no annotations),
    /// stopping before the closer.
    mutating func parseParameters(closer: Punctuation) throws(SyntaxFailure) -> Arguments {
        let isLambda = closer == .colon
        var posonlyargs: [Arg] = []
        var args: [Arg] = []
        var defaults: [Expr] = []
        var vararg: Arg?
        var kwonlyargs: [Arg] = []
        var kwDefaults: [Expr?] = []
        var kwarg: Arg?
        var sawSlash = false
        var sawStar = false
        var sawDefault = false
        var bareStar: Token?
        while !at(closer) {
            if kwarg != nil { throw failure("arguments cannot follow var-keyword argument") }
            let tok = token
            if at(.slash) {
                if sawSlash { throw failure("/ may appear only once") }
                if sawStar { throw failure("/ must be ahead of *") }
                if args.isEmpty { throw failure("at least one argument must precede /") }
                advance()
                posonlyargs = args
                args = []
                sawSlash = true
            } else if at(.star) {
                if sawStar { throw failure("* argument may appear only once") }
                advance()
                sawStar = true
                if at(.comma) {
                    bareStar = tok
                } else if at(closer) {
                    throw failure("named arguments must follow bare *", at: tok)
                } else {
                    vararg = try parseParameter(isLambda: isLambda, starAnnotation: true)
                    if at(.equal) { throw failure("var-positional argument cannot have default value") }
                }
            } else if at(.doubleStar) {
                advance()
                kwarg = try parseParameter(isLambda: isLambda, starAnnotation: false)
                if at(.equal) { throw failure("var-keyword argument cannot have default value") }
            } else {
                let arg = try parseParameter(isLambda: isLambda, starAnnotation: false)
                let value = eat(.equal) ? try parseExpression() : nil
                if sawStar {
                    kwonlyargs.append(arg)
                    kwDefaults.append(value)
                } else {
                    if let value {
                        defaults.append(value)
                        sawDefault = true
                    } else if sawDefault {
                        throw SyntaxFailure(message: "parameter without a default follows parameter with a default",
                                            range: arg.range)
                    }
                    args.append(arg)
                }
            }
            guard eat(.comma) else { break }
        }
        if let bareStar, kwonlyargs.isEmpty {
            throw failure("named arguments must follow bare *", at: bareStar)
        }
        return Arguments(posonlyargs: posonlyargs, args: args, vararg: vararg, kwonlyargs: kwonlyargs,
                         kwDefaults: kwDefaults, kwarg: kwarg, defaults: defaults)
    }

    /// `NAME [':' expression]`; `*args` may be annotated with a starred expression (PEP 646).
    mutating func parseParameter(isLambda: Bool, starAnnotation: Bool) throws(SyntaxFailure) -> Arg {
        if at(.lpar) {
            throw failure(isLambda ? "Lambda expression parameters cannot be parenthesized"
                                   : "Function parameters cannot be parenthesized")
        }
        let (name, nameToken) = try expectName()
        var annotation: Expr?
        if !isLambda, eat(.colon) {
            annotation = starAnnotation ? try parseStarExpression() : try parseExpression()
        }
        return Arg(arg: name, annotation: annotation, range: range(from: nameToken.range.start))
    }

    // MARK: - Type parameters (PEP 695)

    /// `'[' type_param (',' type_param)* [','] ']'`
    mutating func parseTypeParams() throws(SyntaxFailure) -> [TypeParam] {
        let opener = try openBracket()
        var params: [TypeParam] = []
        repeat {
            if at(.rsqb), !params.isEmpty { break }
            let s = start
            if eat(.star) {
                let name = try expectName().0
                if at(.colon) { throw failure("cannot use bound with TypeVarTuple") }
                params.append(TypeParam(kind: .typeVarTuple(name: name), range: range(from: s)))
            } else if eat(.doubleStar) {
                let name = try expectName().0
                if at(.colon) { throw failure("cannot use bound with ParamSpec") }
                params.append(TypeParam(kind: .paramSpec(name: name), range: range(from: s)))
            } else {
                let name = try expectName().0
                let bound = eat(.colon) ? try parseExpression() : nil
                params.append(TypeParam(kind: .typeVar(name: name, bound: bound), range: range(from: s)))
            }
        } while eat(.comma)
        try expectClosing(.rsqb, opener: opener)
        closeBracket()
        return params
    }
}
