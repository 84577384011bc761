import SOSecureCore

/// if/while/for/try/with/def/class and decorators. A compound statement whose
/// body parsed is kept even when a later clause (elif, except, ...) is broken,
/// so truncated files keep every complete statement.
extension Parser {
    /// Runs a trailing clause; on failure records it and keeps the statement built so far.
    mutating func parseTrailingClauses(_ body: (inout Parser) throws(SyntaxFailure) -> Void) {
        do {
            try body(&self)
        } catch {
            record(error)
            synchronize()
        }
    }

    // MARK: - if / while / for

    mutating func parseIf() throws(SyntaxFailure) -> Stmt {
        let s = start
        let owner: StaticString = at(.elif) ? "'elif' statement" : "'if' statement"
        try enter()
        defer { leave() }
        advance()
        let test = try parseNamedExpression()
        try expectColon()
        let body = parseBlock(after: owner, at: s)
        var orelse: [Stmt] = []
        parseTrailingClauses { (p: inout Parser) throws(SyntaxFailure) in
            if p.at(.elif) {
                orelse = [try p.parseIf()]
            } else if p.at(.else) {
                orelse = try p.parseElse()
            }
        }
        return Stmt(.if(test: test, body: body, orelse: orelse),
                    TextRange(start: s, end: Parser.end(of: orelse.isEmpty ? body : orelse, or: previousEnd)))
    }

    /// `else ':' block`, with `else` as the current token.
    mutating func parseElse() throws(SyntaxFailure) -> [Stmt] {
        let elseStart = start
        advance()
        try expectColon()
        return parseBlock(after: "'else' statement", at: elseStart)
    }

    mutating func parseWhile() throws(SyntaxFailure) -> Stmt {
        let s = start
        advance()
        let test = try parseNamedExpression()
        try expectColon()
        let body = parseBlock(after: "'while' statement", at: s)
        var orelse: [Stmt] = []
        parseTrailingClauses { (p: inout Parser) throws(SyntaxFailure) in
            if p.at(.else) { orelse = try p.parseElse() }
        }
        return Stmt(.while(test: test, body: body, orelse: orelse),
                    TextRange(start: s, end: Parser.end(of: orelse.isEmpty ? body : orelse, or: previousEnd)))
    }

    mutating func parseFor(start s: Int, isAsync: Bool) throws(SyntaxFailure) -> Stmt {
        advance()
        let target = try parseTargetList()
        try expect(.in)
        let iter = try parseStarExpressions()
        try expectColon()
        let body = parseBlock(after: "'for' statement", at: s)
        var orelse: [Stmt] = []
        parseTrailingClauses { (p: inout Parser) throws(SyntaxFailure) in
            if p.at(.else) { orelse = try p.parseElse() }
        }
        return Stmt(.for(target: target, iter: iter, body: body, orelse: orelse, isAsync: isAsync),
                    TextRange(start: s, end: Parser.end(of: orelse.isEmpty ? body : orelse, or: previousEnd)))
    }

    // MARK: - try

    mutating func parseTry() throws(SyntaxFailure) -> Stmt {
        let s = start
        advance()
        try expectColon()
        let body = parseBlock(after: "'try' statement", at: s)
        var handlers: [ExceptHandler] = []
        var orelse: [Stmt] = []
        var finalbody: [Stmt] = []
        var isStar = false
        parseTrailingClauses { (p: inout Parser) throws(SyntaxFailure) in
            while p.at(.except) {
                let handlerStart = p.start
                p.advance()
                let star = p.at(.star)
                if star { p.advance() }
                if handlers.isEmpty {
                    isStar = star
                } else if star != isStar {
                    throw SyntaxFailure(message: "cannot have both 'except' and 'except*' on the same 'try'",
                                        range: TextRange(start: handlerStart, end: p.previousEnd))
                }
                var type: Expr?
                var name: String?
                if !p.at(.colon) {
                    type = try p.parseExpression()
                    if p.at(.comma) {
                        throw p.failure("multiple exception types must be parenthesized")
                    }
                    if p.eat(.as) { name = try p.expectName().0 }
                } else if star {
                    throw p.failure("expected one or more exception types")
                }
                try p.expectColon()
                let owner: StaticString = star ? "'except*' statement" : "'except' statement"
                let handlerBody = p.parseBlock(after: owner, at: handlerStart)
                handlers.append(ExceptHandler(type: type, name: name, body: handlerBody,
                                              range: TextRange(start: handlerStart, end: Parser.end(of: handlerBody, or: p.previousEnd))))
            }
            if p.at(.else) {
                if handlers.isEmpty { throw p.failure("expected 'except' or 'finally' block") }
                orelse = try p.parseElse()
            }
            if p.at(.finally) {
                let finallyStart = p.start
                p.advance()
                try p.expectColon()
                finalbody = p.parseBlock(after: "'finally' statement", at: finallyStart)
            } else if handlers.isEmpty {
                throw p.failure("expected 'except' or 'finally' block")
            }
        }
        let end = finalbody.last?.range.end ?? orelse.last?.range.end ?? handlers.last?.range.end
            ?? Parser.end(of: body, or: previousEnd)
        return Stmt(.try(body: body, handlers: handlers, orelse: orelse, finalbody: finalbody, isStar: isStar),
                    TextRange(start: s, end: end))
    }

    // MARK: - with

    mutating func parseWith(start s: Int, isAsync: Bool) throws(SyntaxFailure) -> Stmt {
        advance()
        var items: [WithItem]?
        if at(.lpar) {
            // `with (a as b, c):` lists items in parentheses; `with (a, b) as c:` and
            // `with (yield):` are ordinary expressions. Try the item list first, as CPython does.
            let saved = snapshot()
            do {
                items = try parseParenthesizedWithItems()
            } catch {
                restore(saved)
            }
        }
        if items == nil {
            var list: [WithItem] = []
            repeat {
                list.append(try parseWithItem())
            } while eat(.comma)
            items = list
        }
        try expectColon()
        let body = parseBlock(after: "'with' statement", at: s)
        return Stmt(.with(items: items ?? [], body: body, isAsync: isAsync),
                    TextRange(start: s, end: Parser.end(of: body, or: previousEnd)))
    }

    mutating func parseParenthesizedWithItems() throws(SyntaxFailure) -> [WithItem] {
        let opener = try openBracket()
        var items: [WithItem] = []
        repeat {
            if at(.rpar), !items.isEmpty { break }
            items.append(try parseWithItem())
        } while eat(.comma)
        try expectClosing(.rpar, opener: opener)
        closeBracket()
        guard at(.colon) else { throw unexpected() }
        return items
    }

    mutating func parseWithItem() throws(SyntaxFailure) -> WithItem {
        let contextExpr = try parseExpression()
        guard eat(.as) else { return WithItem(contextExpr: contextExpr, optionalVars: nil) }
        let target = try parseStarTarget()
        guard at(.comma) || at(.rpar) || at(.colon) else { throw unexpected() }
        return WithItem(contextExpr: contextExpr, optionalVars: target)
    }

    // MARK: - async, decorators, def, class

    mutating func parseAsyncStatement(decorators: [Expr]) throws(SyntaxFailure) -> Stmt {
        let s = start
        switch peekKind() {
        case .keyword(.def):
            advance()
            return try parseFunctionDef(decorators: decorators, start: s, isAsync: true)
        case .keyword(.for) where decorators.isEmpty:
            advance()
            return try parseFor(start: s, isAsync: true)
        case .keyword(.with) where decorators.isEmpty:
            advance()
            return try parseWith(start: s, isAsync: true)
        default:
            advance()
            throw unexpected()
        }
    }

    mutating func parseDecorated() throws(SyntaxFailure) -> Stmt {
        var decorators: [Expr] = []
        while at(.at) {
            advance()
            decorators.append(try parseNamedExpression())
            guard kind == .newline else { throw unexpected() }
            advance()
        }
        switch kind {
        case .keyword(.def): return try parseFunctionDef(decorators: decorators, start: start, isAsync: false)
        case .keyword(.class): return try parseClassDef(decorators: decorators)
        case .keyword(.async): return try parseAsyncStatement(decorators: decorators)
        default: throw expectedFailure("'def' or 'class' after decorators")
        }
    }

    /// `def NAME [type_params] '(' params ')' ['->' expression] ':' block`, at `def`.
    mutating func parseFunctionDef(decorators: [Expr], start s: Int, isAsync: Bool) throws(SyntaxFailure) -> Stmt {
        advance()
        let name = try expectName().0
        let typeParams = at(.lsqb) ? try parseTypeParams() : []
        guard at(.lpar) else { throw expectedFailure("'('") }
        let opener = try openBracket()
        let args = try parseParameters(closer: .rpar)
        try expectClosing(.rpar, opener: opener)
        closeBracket()
        let returns = eat(.rarrow) ? try parseExpression() : nil
        try expectColon()
        let body = parseBlock(after: "function definition", at: s)
        return Stmt(.functionDef(name: name, typeParams: typeParams, args: args, body: body,
                                 decorators: decorators, returns: returns, isAsync: isAsync),
                    TextRange(start: s, end: Parser.end(of: body, or: previousEnd)))
    }

    /// `class NAME [type_params] ['(' [arguments] ')'] ':' block`, at `class`.
    mutating func parseClassDef(decorators: [Expr]) throws(SyntaxFailure) -> Stmt {
        let s = start
        advance()
        let name = try expectName().0
        let typeParams = at(.lsqb) ? try parseTypeParams() : []
        var bases: [Expr] = []
        var keywords: [Keyword] = []
        if at(.lpar) {
            let opener = try openBracket()
            (bases, keywords) = try parseCallArguments(allowGenerator: false, opener: opener)
            try expectClosing(.rpar, opener: opener)
            closeBracket()
        }
        try expectColon()
        let body = parseBlock(after: "class definition", at: s)
        return Stmt(.classDef(name: name, typeParams: typeParams, bases: bases, keywords: keywords,
                              body: body, decorators: decorators),
                    TextRange(start: s, end: Parser.end(of: body, or: previousEnd)))
    }

    // MARK: - Backtracking support (used only for `with (` and `match`)

    struct Snapshot {
        let pos: Int
        let diagnostics: Int
        let depth: Int
        let bracketDepth: Int
    }

    func snapshot() -> Snapshot {
        Snapshot(pos: pos, diagnostics: diagnostics.count, depth: depth, bracketDepth: bracketDepth)
    }

    mutating func restore(_ snapshot: Snapshot) {
        pos = snapshot.pos
        diagnostics.removeSubrange(snapshot.diagnostics...)
        depth = snapshot.depth
        bracketDepth = snapshot.bracketDepth
    }
}
