import SOSecureCore

/// Atoms: names, literals, and the bracketed displays with their comprehensions.
extension Parser {
    mutating func parseAtom() throws(SyntaxFailure) -> Expr {
        let tok = token
        switch tok.kind {
        case .name:
            advance()
            return Expr(.name(id: identifier(tok), ctx: .load), tok.range)
        case .number:
            advance()
            return Expr(.constant(value: try numberValue(tok), kind: nil), tok.range)
        case .string, .fstringStart:
            return try parseStrings()
        case .keyword(.none):
            advance()
            return Expr(.constant(value: .none, kind: nil), tok.range)
        case .keyword(.true):
            advance()
            return Expr(.constant(value: .bool(true), kind: nil), tok.range)
        case .keyword(.false):
            advance()
            return Expr(.constant(value: .bool(false), kind: nil), tok.range)
        case .punctuation(.ellipsis):
            advance()
            return Expr(.constant(value: .ellipsis, kind: nil), tok.range)
        case .punctuation(.lpar):
            return try parseParenthesized()
        case .punctuation(.lsqb):
            return try parseListDisplay()
        case .punctuation(.lbrace):
            return try parseBraceDisplay()
        default:
            throw unexpected()
        }
    }

    /// The value of a NUMBER token, rejecting what CPython's tokenizer and parser reject.
    func numberValue(_ tok: Token) throws(SyntaxFailure) -> ConstantValue {
        switch NumberLiteral.parse(text, tok.range) {
        case .success(let value): return value
        case .failure(let message): throw failure(message, at: tok)
        }
    }

    /// `()` tuple, `(yield)`, `(expr)` group, `(a, b)` tuple or `(x for x in y)` generator.
    mutating func parseParenthesized() throws(SyntaxFailure) -> Expr {
        let s = start
        let opener = try openBracket()
        if at(.rpar) {
            advance()
            closeBracket()
            return Expr(.tuple(elts: [], ctx: .load), range(from: s))
        }
        if at(.yield) {
            let value = try parseYieldExpression()
            try expectClosing(.rpar, opener: opener)
            closeBracket()
            return value
        }
        let first = try parseStarNamedExpression()
        if atComprehensionStart {
            try rejectStarredElement(first)
            let generators = try parseComprehensionClauses()
            try expectClosing(.rpar, opener: opener)
            closeBracket()
            return Expr(.generatorExp(elt: first, generators: generators), range(from: s))
        }
        if at(.comma) {
            var elts = [first]
            while eat(.comma) {
                if at(.rpar) { break }
                elts.append(try parseStarNamedExpression())
            }
            try expectClosing(.rpar, opener: opener)
            closeBracket()
            return Expr(.tuple(elts: elts, ctx: .load), range(from: s))
        }
        try expectClosing(.rpar, opener: opener)
        closeBracket()
        if case .starred = first.kind {
            throw SyntaxFailure(message: "cannot use starred expression here", range: first.range)
        }
        return first
    }

    /// `[...]`: list display or list comprehension.
    mutating func parseListDisplay() throws(SyntaxFailure) -> Expr {
        let s = start
        let opener = try openBracket()
        if at(.rsqb) {
            advance()
            closeBracket()
            return Expr(.list(elts: [], ctx: .load), range(from: s))
        }
        let first = try parseStarNamedExpression()
        if atComprehensionStart {
            try rejectStarredElement(first)
            let generators = try parseComprehensionClauses()
            try expectClosing(.rsqb, opener: opener)
            closeBracket()
            return Expr(.listComp(elt: first, generators: generators), range(from: s))
        }
        var elts = [first]
        while eat(.comma) {
            if at(.rsqb) { break }
            elts.append(try parseStarNamedExpression())
        }
        try expectClosing(.rsqb, opener: opener)
        closeBracket()
        return Expr(.list(elts: elts, ctx: .load), range(from: s))
    }

    /// `{...}`: dict, set, or their comprehensions.
    mutating func parseBraceDisplay() throws(SyntaxFailure) -> Expr {
        let s = start
        let opener = try openBracket()
        if at(.rbrace) {
            advance()
            closeBracket()
            return Expr(.dict(keys: [], values: []), range(from: s))
        }
        if at(.doubleStar) {
            return try parseDictRest(keys: [], values: [], start: s, opener: opener)
        }
        let firstToken = token
        let first = try parseStarNamedExpression()
        if at(.colon) {
            switch first.kind {
            case .starred:
                throw SyntaxFailure(message: "cannot use a starred expression in a dictionary key", range: first.range)
            case .namedExpr where firstToken.kind == .name:
                // An unparenthesized walrus cannot be a key.
                throw unexpected()
            default:
                break
            }
            advance()
            let value = try parseExpression()
            if atComprehensionStart {
                let generators = try parseComprehensionClauses()
                try expectClosing(.rbrace, opener: opener)
                closeBracket()
                return Expr(.dictComp(key: first, value: value, generators: generators), range(from: s))
            }
            return try parseDictRest(keys: [first], values: [value], start: s, opener: opener)
        }
        if atComprehensionStart {
            try rejectStarredElement(first)
            let generators = try parseComprehensionClauses()
            try expectClosing(.rbrace, opener: opener)
            closeBracket()
            return Expr(.setComp(elt: first, generators: generators), range(from: s))
        }
        var elts = [first]
        while eat(.comma) {
            if at(.rbrace) { break }
            elts.append(try parseStarNamedExpression())
        }
        try expectClosing(.rbrace, opener: opener)
        closeBracket()
        return Expr(.set(elts: elts), range(from: s))
    }

    /// The remaining `key: value` / `**mapping` entries of a dict display.
    mutating func parseDictRest(keys: [Expr?], values: [Expr], start s: Int, opener: Token) throws(SyntaxFailure) -> Expr {
        var keys = keys
        var values = values
        var needsComma = !keys.isEmpty
        while !at(.rbrace) {
            if needsComma {
                guard eat(.comma) else { break }
                if at(.rbrace) { break }
            }
            needsComma = true
            if eat(.doubleStar) {
                keys.append(nil)
                values.append(try parseBitwiseOr())
            } else {
                let key = try parseExpression()
                try expect(.colon)
                keys.append(key)
                values.append(try parseExpression())
            }
        }
        try expectClosing(.rbrace, opener: opener)
        closeBracket()
        return Expr(.dict(keys: keys, values: values), range(from: s))
    }
}
