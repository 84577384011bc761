import SOSecureCore

/// The `match` statement (PEP 634) and its patterns. `match` is a soft keyword:
/// the statement is tried first and, as in CPython, the line falls back to an
/// ordinary statement (`match = 1`, `match(x)`) when no `subject ':' NEWLINE` follows.
extension Parser {
    mutating func parseMatchStatementIfPresent() throws(SyntaxFailure) -> Stmt? {
        let next = peekKind()
        guard Parser.startsExpression(next) || next == .punctuation(.star) else { return nil }
        let saved = snapshot()
        let s = start
        advance()
        let subject: Expr
        do {
            subject = try parseMatchSubject()
        } catch {
            restore(saved)
            return nil
        }
        guard at(.colon), peekKind() == .newline else {
            restore(saved)
            return nil
        }
        advance()
        advance()
        guard kind == .indent else {
            record(failure("expected an indented block after 'match' statement on line \(line(of: s))"))
            return Stmt(.match(subject: subject, cases: []), range(from: s))
        }
        advance()
        var cases: [MatchCase] = []
        loop: while true {
            switch kind {
            case .dedent:
                advance()
                break loop
            case .endOfFile:
                break loop
            case .indent:
                // The block under a case line we could not parse: keep its statements.
                let orphans = parseIndentedBlock()
                if let last = cases.popLast() {
                    cases.append(MatchCase(pattern: last.pattern, guardExpr: last.guardExpr, body: last.body + orphans))
                }
            default:
                let before = pos
                if atName("case") {
                    do {
                        cases.append(try parseCase())
                    } catch {
                        record(error)
                        synchronize()
                    }
                } else {
                    record(failure("expected 'case' block"))
                    synchronize()
                }
                if pos == before { advance() }
            }
        }
        let end = cases.last?.body.last?.range.end ?? previousEnd
        return Stmt(.match(subject: subject, cases: cases), TextRange(start: s, end: max(end, s)))
    }

    /// `star_named_expression ',' star_named_expressions? | named_expression`
    mutating func parseMatchSubject() throws(SyntaxFailure) -> Expr {
        let s = start
        let first = try parseStarNamedExpression()
        if at(.comma) {
            var elts = [first]
            while eat(.comma) {
                guard atExpressionStart || at(.star) else { break }
                elts.append(try parseStarNamedExpression())
            }
            return Expr(.tuple(elts: elts, ctx: .load), range(from: s))
        }
        if case .starred = first.kind { throw unexpected() }
        return first
    }

    /// `"case" patterns guard? ':' block`
    mutating func parseCase() throws(SyntaxFailure) -> MatchCase {
        let s = start
        advance()
        let pattern = try parsePatterns()
        let guardExpr = eat(.if) ? try parseNamedExpression() : nil
        try expectColon()
        let body = parseBlock(after: "'case' statement", at: s)
        return MatchCase(pattern: pattern, guardExpr: guardExpr, body: body)
    }

    // MARK: - Patterns

    /// `open_sequence_pattern | pattern`
    mutating func parsePatterns() throws(SyntaxFailure) -> Pattern {
        let s = start
        let first = try parseMaybeStarPattern()
        guard at(.comma) else {
            if case .matchStar = first.kind { throw failure("invalid syntax") }
            return first
        }
        var patterns = [first]
        while eat(.comma) {
            if at(.colon) || at(.if) { break }
            patterns.append(try parseMaybeStarPattern())
        }
        return Pattern(.matchSequence(patterns: patterns), range(from: s))
    }

    /// `'*' (capture | '_') | pattern`
    mutating func parseMaybeStarPattern() throws(SyntaxFailure) -> Pattern {
        guard at(.star) else { return try parsePattern() }
        let s = start
        advance()
        guard atName else { throw unexpected() }
        let isWildcard = atName("_")
        let name = identifier(token)
        advance()
        if at(.dot) || at(.lpar) || at(.equal) { throw unexpected() }
        return Pattern(.matchStar(name: isWildcard ? nil : name), range(from: s))
    }

    /// `or_pattern 'as' capture | or_pattern`
    mutating func parsePattern() throws(SyntaxFailure) -> Pattern {
        let s = start
        let pattern = try parseOrPattern()
        guard eat(.as) else { return pattern }
        let name = try parseCaptureTarget()
        return Pattern(.matchAs(pattern: pattern, name: name), range(from: s))
    }

    /// `!"_" NAME !('.' | '(' | '=')`
    mutating func parseCaptureTarget() throws(SyntaxFailure) -> String {
        guard atName else { throw expectedFailure("a name") }
        if atName("_") { throw failure("cannot use '_' as a target") }
        let name = identifier(token)
        advance()
        if at(.dot) || at(.lpar) || at(.equal) { throw unexpected() }
        return name
    }

    mutating func parseOrPattern() throws(SyntaxFailure) -> Pattern {
        let s = start
        let first = try parseClosedPattern()
        guard at(.vbar) else { return first }
        var patterns = [first]
        while eat(.vbar) {
            patterns.append(try parseClosedPattern())
        }
        return Pattern(.matchOr(patterns: patterns), range(from: s))
    }

    mutating func parseClosedPattern() throws(SyntaxFailure) -> Pattern {
        try enter()
        defer { leave() }
        let s = start
        switch kind {
        case .number, .punctuation(.minus):
            return Pattern(.matchValue(value: try parseSignedNumberOrComplex()), range(from: s))
        case .string, .fstringStart:
            return Pattern(.matchValue(value: try parseStrings()), range(from: s))
        case .keyword(.none):
            advance()
            return Pattern(.matchSingleton(value: .none), range(from: s))
        case .keyword(.true):
            advance()
            return Pattern(.matchSingleton(value: .bool(true)), range(from: s))
        case .keyword(.false):
            advance()
            return Pattern(.matchSingleton(value: .bool(false)), range(from: s))
        case .name:
            if atName("_") {
                // PEG order: the wildcard wins, so `_.x` and `_()` fail afterwards, as in CPython.
                advance()
                return Pattern(.matchAs(pattern: nil, name: nil), range(from: s))
            }
            let nameToken = token
            let cls = try parseNameOrAttribute()
            if at(.lpar) { return try parseClassPattern(cls: cls, start: s) }
            if at(.equal) { throw unexpected() }
            if case .name = cls.kind {
                return Pattern(.matchAs(pattern: nil, name: identifier(nameToken)), range(from: s))
            }
            return Pattern(.matchValue(value: cls), range(from: s))
        case .punctuation(.lpar):
            let opener = try openBracket()
            if at(.rpar) {
                advance()
                closeBracket()
                return Pattern(.matchSequence(patterns: []), range(from: s))
            }
            let first = try parseMaybeStarPattern()
            if at(.comma) {
                var patterns = [first]
                while eat(.comma) {
                    if at(.rpar) { break }
                    patterns.append(try parseMaybeStarPattern())
                }
                try expectClosing(.rpar, opener: opener)
                closeBracket()
                return Pattern(.matchSequence(patterns: patterns), range(from: s))
            }
            try expectClosing(.rpar, opener: opener)
            closeBracket()
            if case .matchStar = first.kind { throw SyntaxFailure(message: "invalid syntax", range: first.range) }
            return first
        case .punctuation(.lsqb):
            let opener = try openBracket()
            var patterns: [Pattern] = []
            while !at(.rsqb) {
                patterns.append(try parseMaybeStarPattern())
                guard eat(.comma) else { break }
            }
            try expectClosing(.rsqb, opener: opener)
            closeBracket()
            return Pattern(.matchSequence(patterns: patterns), range(from: s))
        case .punctuation(.lbrace):
            return try parseMappingPattern()
        default:
            throw unexpected()
        }
    }

    /// `NAME ('.' NAME)*` as a Name or Attribute load.
    mutating func parseNameOrAttribute() throws(SyntaxFailure) -> Expr {
        let s = start
        let (name, nameToken) = try expectName()
        var expression = Expr(.name(id: name, ctx: .load), nameToken.range)
        while eat(.dot) {
            let attr = try expectName().0
            expression = Expr(.attribute(value: expression, attr: attr, ctx: .load), range(from: s))
        }
        return expression
    }

    /// `signed_number !('+' | '-') | complex_number`, e.g. `-1`, `1.5`, `-1+2j`.
    mutating func parseSignedNumberOrComplex() throws(SyntaxFailure) -> Expr {
        let s = start
        let negative = eat(.minus)
        guard kind == .number else { throw unexpected() }
        let realToken = token
        advance()
        let realValue = try numberValue(realToken)
        var real = Expr(.constant(value: realValue, kind: nil), realToken.range)
        if negative { real = Expr(.unaryOp(op: .uSub, operand: real), range(from: s)) }
        let op: BinaryOperator
        if at(.plus) { op = .add } else if at(.minus) { op = .sub } else { return real }
        if case .imaginary = realValue {
            throw failure("real number required in complex literal", at: realToken)
        }
        advance()
        guard kind == .number else { throw unexpected() }
        let imaginaryToken = token
        let imaginaryValue = try numberValue(imaginaryToken)
        guard case .imaginary = imaginaryValue else {
            throw failure("imaginary number required in complex literal", at: imaginaryToken)
        }
        advance()
        let imaginary = Expr(.constant(value: imaginaryValue, kind: nil), imaginaryToken.range)
        return Expr(.binOp(left: real, op: op, right: imaginary), range(from: s))
    }

    /// `{ key: pattern, ..., **rest }`; keys are literals or dotted names.
    mutating func parseMappingPattern() throws(SyntaxFailure) -> Pattern {
        let s = start
        let opener = try openBracket()
        var keys: [Expr] = []
        var patterns: [Pattern] = []
        var rest: String?
        while !at(.rbrace) {
            if eat(.doubleStar) {
                rest = try parseCaptureTarget()
                _ = eat(.comma)
                guard at(.rbrace) else { throw unexpected() }
                break
            }
            keys.append(try parseMappingKey())
            try expect(.colon)
            patterns.append(try parsePattern())
            guard eat(.comma) else { break }
        }
        try expectClosing(.rbrace, opener: opener)
        closeBracket()
        return Pattern(.matchMapping(keys: keys, patterns: patterns, rest: rest), range(from: s))
    }

    /// `literal_expr | attr`
    mutating func parseMappingKey() throws(SyntaxFailure) -> Expr {
        let tok = token
        switch kind {
        case .number, .punctuation(.minus):
            return try parseSignedNumberOrComplex()
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
        case .name:
            let key = try parseNameOrAttribute()
            guard case .attribute = key.kind else { throw failure("invalid syntax", at: tok) }
            return key
        default:
            throw unexpected()
        }
    }

    /// `cls '(' positional patterns, keyword=patterns ')'`, at `(`.
    mutating func parseClassPattern(cls: Expr, start s: Int) throws(SyntaxFailure) -> Pattern {
        let opener = try openBracket()
        var patterns: [Pattern] = []
        var kwdAttrs: [String] = []
        var kwdPatterns: [Pattern] = []
        while !at(.rpar) {
            if atName, peekIs(.equal) {
                let attr = identifier(token)
                advance()
                advance()
                kwdAttrs.append(attr)
                kwdPatterns.append(try parsePattern())
            } else {
                let pattern = try parsePattern()
                if !kwdAttrs.isEmpty {
                    throw SyntaxFailure(message: "positional patterns follow keyword patterns", range: pattern.range)
                }
                patterns.append(pattern)
            }
            guard eat(.comma) else { break }
        }
        try expectClosing(.rpar, opener: opener)
        closeBracket()
        return Pattern(.matchClass(cls: cls, patterns: patterns, kwdAttrs: kwdAttrs, kwdPatterns: kwdPatterns),
                       range(from: s))
    }
}
