import SOSecureCore

/// Expressions from `star_expressions` down to `await_primary`, following the
/// CPython 3.12 grammar's layering; binary operators use precedence climbing.
extension Parser {
    // MARK: - Lists of expressions

    /// `star_expression (',' star_expression)* [',']`, a Tuple when a comma appears.
    mutating func parseStarExpressions() throws(SyntaxFailure) -> Expr {
        let s = start
        let first = try parseStarExpression()
        guard at(.comma) else { return first }
        var elts = [first]
        while eat(.comma) {
            guard atExpressionStart || at(.star) else { break }
            elts.append(try parseStarExpression())
        }
        return Expr(.tuple(elts: elts, ctx: .load), range(from: s))
    }

    /// `'*' bitwise_or | expression`
    mutating func parseStarExpression() throws(SyntaxFailure) -> Expr {
        guard at(.star) else { return try parseExpression() }
        let s = start
        advance()
        let value = try parseBitwiseOr()
        return Expr(.starred(value: value, ctx: .load), range(from: s))
    }

    /// `'*' bitwise_or | named_expression`
    mutating func parseStarNamedExpression() throws(SyntaxFailure) -> Expr {
        guard at(.star) else { return try parseNamedExpression() }
        let s = start
        advance()
        let value = try parseBitwiseOr()
        return Expr(.starred(value: value, ctx: .load), range(from: s))
    }

    /// `NAME ':=' expression | expression !':='`
    mutating func parseNamedExpression() throws(SyntaxFailure) -> Expr {
        if atName, peekIs(.colonEqual) {
            let nameToken = token
            advance()
            advance()
            let value = try parseExpression()
            let target = Expr(.name(id: identifier(nameToken), ctx: .store), nameToken.range)
            return Expr(.namedExpr(target: target, value: value), range(from: nameToken.range.start))
        }
        let expression = try parseExpression()
        if at(.colonEqual) {
            throw SyntaxFailure(message: "cannot use assignment expressions with \(Parser.describe(expression))",
                                range: expression.range)
        }
        return expression
    }

    // MARK: - expression: conditional, lambda

    mutating func parseExpression() throws(SyntaxFailure) -> Expr {
        // Fast path: most expressions are a primary (`x`, `a.b(c)`, `"s"`) followed by
        // a token that ends the expression; skip the eight precedence levels then.
        if Parser.startsPrimary(kind) {
            let s = start
            let primary = try parsePrimary()
            if Parser.endsExpression(kind) { return primary }
            try enter()
            defer { leave() }
            let body = try parseDisjunction(prefix: primary, prefixStart: s)
            return try parseConditionalRest(body: body, start: s)
        }
        try enter()
        defer { leave() }
        if at(.lambda) { return try parseLambda() }
        let s = start
        let body = try parseDisjunction()
        return try parseConditionalRest(body: body, start: s)
    }

    /// `[ 'if' disjunction 'else' expression ]` after the body of a conditional expression.
    @inline(__always)
    mutating func parseConditionalRest(body: Expr, start s: Int) throws(SyntaxFailure) -> Expr {
        guard at(.if) else { return body }
        advance()
        let test = try parseDisjunction()
        guard eat(.else) else {
            throw SyntaxFailure(message: "expected 'else' after 'if' expression", range: range(from: s))
        }
        let orelse = try parseExpression()
        return Expr(.ifExp(test: test, body: body, orelse: orelse), range(from: s))
    }

    /// Tokens that start an atom (and so a primary).
    @inline(__always)
    static func startsPrimary(_ kind: TokenKind) -> Bool {
        switch kind {
        case .name, .number, .string, .fstringStart: return true
        case .keyword(let k): return k == .none || k == .true || k == .false
        case .punctuation(let p): return p == .lpar || p == .lsqb || p == .lbrace || p == .ellipsis
        default: return false
        }
    }

    /// Tokens that can never continue an expression after an atom.
    @inline(__always)
    static func endsExpression(_ kind: TokenKind) -> Bool {
        switch kind {
        case .newline, .endOfFile: return true
        case .punctuation(let p):
            switch p {
            case .comma, .rpar, .rsqb, .rbrace, .colon, .equal, .semi: return true
            default: return false
            }
        default: return false
        }
    }

    mutating func parseLambda() throws(SyntaxFailure) -> Expr {
        let s = start
        advance()
        let args = at(.colon) ? Arguments.empty : try parseParameters(closer: .colon)
        try expect(.colon)
        let body = try parseExpression()
        return Expr(.lambda(args: args, body: body), range(from: s))
    }

    /// `'yield' 'from' expression | 'yield' [star_expressions]`
    mutating func parseYieldExpression() throws(SyntaxFailure) -> Expr {
        let s = start
        advance()
        if eat(.from) {
            let value = try parseExpression()
            return Expr(.yieldFrom(value: value), range(from: s))
        }
        let value = (atExpressionStart || at(.star)) ? try parseStarExpressions() : nil
        return Expr(.yield(value: value), range(from: s))
    }

    // MARK: - Boolean operators and comparisons

    /// The `prefix*` parameters hand down an operand already parsed by the fast path.
    mutating func parseDisjunction(prefix: Expr? = nil, prefixStart: Int = 0) throws(SyntaxFailure) -> Expr {
        let s = prefix == nil ? start : prefixStart
        let first = try parseConjunction(prefix: prefix, prefixStart: prefixStart)
        guard at(.or) else { return first }
        var values = [first]
        while eat(.or) {
            values.append(try parseConjunction())
        }
        return Expr(.boolOp(op: .or, values: values), range(from: s))
    }

    mutating func parseConjunction(prefix: Expr? = nil, prefixStart: Int = 0) throws(SyntaxFailure) -> Expr {
        let s = prefix == nil ? start : prefixStart
        let first = try parseInversion(prefix: prefix, prefixStart: prefixStart)
        guard at(.and) else { return first }
        var values = [first]
        while eat(.and) {
            values.append(try parseInversion())
        }
        return Expr(.boolOp(op: .and, values: values), range(from: s))
    }

    mutating func parseInversion(prefix: Expr? = nil, prefixStart: Int = 0) throws(SyntaxFailure) -> Expr {
        if prefix != nil || !at(.not) { return try parseComparison(prefix: prefix, prefixStart: prefixStart) }
        let s = start
        advance()
        try enter()
        defer { leave() }
        let operand = try parseInversion()
        return Expr(.unaryOp(op: .not, operand: operand), range(from: s))
    }

    mutating func parseComparison(prefix: Expr? = nil, prefixStart: Int = 0) throws(SyntaxFailure) -> Expr {
        let s = prefix == nil ? start : prefixStart
        let left = try parseBinary(minPrecedence: 1, prefix: prefix, prefixStart: prefixStart)
        var ops: [CompareOperator] = []
        var comparators: [Expr] = []
        loop: while true {
            let op: CompareOperator
            switch kind {
            case .punctuation(let p):
                switch p {
                case .equalEqual: op = .eq
                case .notEqual: op = .notEq
                case .less: op = .lt
                case .lessEqual: op = .ltE
                case .greater: op = .gt
                case .greaterEqual: op = .gtE
                case .lessGreater: throw failure("invalid syntax")
                default: break loop
                }
            case .keyword(.in):
                op = .in
            case .keyword(.not):
                guard peekIs(.in) else { break loop }
                advance()
                op = .notIn
            case .keyword(.is):
                if peekIs(.not) {
                    advance()
                    op = .isNot
                } else {
                    op = .is
                }
            default:
                break loop
            }
            advance()
            ops.append(op)
            comparators.append(try parseBitwiseOr())
        }
        if ops.isEmpty { return left }
        return Expr(.compare(left: left, ops: ops, comparators: comparators), range(from: s))
    }

    // MARK: - Binary operators

    @inline(__always)
    static func binaryOperator(_ kind: TokenKind) -> (BinaryOperator, Int)? {
        guard case .punctuation(let p) = kind else { return nil }
        switch p {
        case .vbar: return (.bitOr, 1)
        case .circumflex: return (.bitXor, 2)
        case .amper: return (.bitAnd, 3)
        case .leftShift: return (.lShift, 4)
        case .rightShift: return (.rShift, 4)
        case .plus: return (.add, 5)
        case .minus: return (.sub, 5)
        case .star: return (.mult, 6)
        case .slash: return (.div, 6)
        case .doubleSlash: return (.floorDiv, 6)
        case .percent: return (.mod, 6)
        case .at: return (.matMult, 6)
        default: return nil
        }
    }

    @inline(__always)
    mutating func parseBitwiseOr() throws(SyntaxFailure) -> Expr {
        try parseBinary(minPrecedence: 1)
    }

    /// Left-associative binary operators by precedence climbing. A long chain
    /// builds a left-deep tree, so each link counts toward the nesting limit.
    mutating func parseBinary(minPrecedence: Int, prefix: Expr? = nil, prefixStart: Int = 0) throws(SyntaxFailure) -> Expr {
        let s = prefix == nil ? start : prefixStart
        var left: Expr
        if let prefix {
            left = try parsePower(prefix: prefix, prefixStart: prefixStart)
        } else {
            left = try parseFactor()
        }
        var chain = 0
        defer { depth -= chain }
        while let (op, precedence) = Parser.binaryOperator(kind), precedence >= minPrecedence {
            advance()
            chain += 1
            try enter()
            let right = try parseBinary(minPrecedence: precedence + 1)
            left = Expr(.binOp(left: left, op: op, right: right), range(from: s))
        }
        return left
    }

    /// `('+' | '-' | '~') factor | power`
    mutating func parseFactor() throws(SyntaxFailure) -> Expr {
        let op: UnaryOperator
        switch kind {
        case .punctuation(.minus): op = .uSub
        case .punctuation(.plus): op = .uAdd
        case .punctuation(.tilde): op = .invert
        default: return try parsePower()
        }
        let s = start
        advance()
        try enter()
        defer { leave() }
        let operand = try parseFactor()
        return Expr(.unaryOp(op: op, operand: operand), range(from: s))
    }

    /// `await_primary '**' factor | await_primary` (right-associative through factor).
    mutating func parsePower(prefix: Expr? = nil, prefixStart: Int = 0) throws(SyntaxFailure) -> Expr {
        let s = prefix == nil ? start : prefixStart
        let base: Expr
        if let prefix { base = prefix } else { base = try parseAwaitPrimary() }
        guard at(.doubleStar) else { return base }
        advance()
        try enter()
        defer { leave() }
        let exponent = try parseFactor()
        return Expr(.binOp(left: base, op: .pow, right: exponent), range(from: s))
    }

    mutating func parseAwaitPrimary() throws(SyntaxFailure) -> Expr {
        guard at(.await) else { return try parsePrimary() }
        let s = start
        advance()
        let value = try parsePrimary()
        return Expr(.await(value: value), range(from: s))
    }

    // MARK: - Primary: atom followed by .name, (args), [slices]

    mutating func parsePrimary() throws(SyntaxFailure) -> Expr {
        let s = start
        var expression = try parseAtom()
        var chain = 0
        defer { depth -= chain }
        while true {
            switch kind {
            case .punctuation(.dot):
                advance()
                let (attr, _) = try expectName()
                expression = Expr(.attribute(value: expression, attr: attr, ctx: .load), range(from: s))
            case .punctuation(.lpar):
                let opener = try openBracket()
                let (args, keywords) = try parseCallArguments(allowGenerator: true, opener: opener)
                try expectClosing(.rpar, opener: opener)
                closeBracket()
                expression = Expr(.call(func: expression, args: args, keywords: keywords), range(from: s))
            case .punctuation(.lsqb):
                let opener = try openBracket()
                let slice = try parseSlices()
                try expectClosing(.rsqb, opener: opener)
                closeBracket()
                expression = Expr(.subscript(value: expression, slice: slice, ctx: .load), range(from: s))
            default:
                return expression
            }
            chain += 1
            try enter()
        }
    }

    // MARK: - Subscripts

    /// `slice !',' | ','.(slice | starred_expression)+ [',']`
    mutating func parseSlices() throws(SyntaxFailure) -> Expr {
        let s = start
        let first = try parseSliceItem()
        guard at(.comma) else {
            if case .starred = first.kind {
                return Expr(.tuple(elts: [first], ctx: .load), range(from: s))
            }
            return first
        }
        var elts = [first]
        while eat(.comma) {
            if at(.rsqb) { break }
            elts.append(try parseSliceItem())
        }
        return Expr(.tuple(elts: elts, ctx: .load), range(from: s))
    }

    /// `[expression] ':' [expression] [':' [expression]] | named_expression | '*' expression`
    mutating func parseSliceItem() throws(SyntaxFailure) -> Expr {
        let s = start
        if at(.star) {
            advance()
            let value = try parseExpression()
            return Expr(.starred(value: value, ctx: .load), range(from: s))
        }
        var lower: Expr?
        if !at(.colon) {
            if atName, peekIs(.colonEqual) { return try parseNamedExpression() }
            let expression = try parseNamedExpression()
            guard at(.colon) else { return expression }
            if case .namedExpr = expression.kind { throw unexpected() }
            lower = expression
        }
        advance()
        let upper = atExpressionStart ? try parseExpression() : nil
        var step: Expr?
        if eat(.colon) {
            step = atExpressionStart ? try parseExpression() : nil
        }
        return Expr(.slice(lower: lower, upper: upper, step: step), range(from: s))
    }

    // MARK: - Comprehensions

    @inline(__always) var atComprehensionStart: Bool {
        at(.for) || (at(.async) && peekIs(.for))
    }

    /// `('async'? 'for' star_targets 'in' disjunction ('if' disjunction)*)+`
    mutating func parseComprehensionClauses() throws(SyntaxFailure) -> [Comprehension] {
        var clauses: [Comprehension] = []
        while atComprehensionStart {
            let isAsync = eat(.async)
            advance()
            let target = try parseTargetList()
            try expect(.in)
            let iter = try parseDisjunction()
            var ifs: [Expr] = []
            while eat(.if) {
                ifs.append(try parseDisjunction())
            }
            clauses.append(Comprehension(target: target, iter: iter, ifs: ifs, isAsync: isAsync))
        }
        return clauses
    }

    func rejectStarredElement(_ element: Expr) throws(SyntaxFailure) {
        if case .starred = element.kind {
            throw SyntaxFailure(message: "iterable unpacking cannot be used in comprehension", range: element.range)
        }
    }
}
