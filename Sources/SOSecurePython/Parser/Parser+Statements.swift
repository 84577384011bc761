import SOSecureCore

/// Statement sequences, blocks, recovery and the simple statements.
extension Parser {
    // MARK: - Sequences and recovery

    mutating func parseModule() -> [Stmt] {
        var body: [Stmt] = []
        parseStatements(into: &body, inBlock: false)
        return body
    }

    /// Parses statements until the end of the block (a DEDENT) or of the file.
    /// Each failed statement is recorded and skipped; the loop always moves forward.
    mutating func parseStatements(into body: inout [Stmt], inBlock: Bool) {
        while true {
            let before = pos
            let afterRecovery = resynchronized
            resynchronized = false
            switch kind {
            case .endOfFile:
                return
            case .dedent:
                if inBlock { return }
                advance()
            case .indent:
                // An indented block after a line we could not parse belongs to that
                // line; otherwise it is CPython's "unexpected indent". Either way its
                // statements are kept.
                if !afterRecovery { record(failure("unexpected indent")) }
                body.append(contentsOf: parseIndentedBlock())
            default:
                do {
                    try parseStatement(into: &body)
                } catch {
                    record(error)
                    synchronize()
                }
            }
            if pos == before {
                // Progress guard: never spin on a token no rule consumes.
                record(failure("internal error: parser made no progress"))
                if pos == lastIndex { return }
                advance()
            }
        }
    }

    /// INDENT statements DEDENT, with the INDENT as the current token.
    mutating func parseIndentedBlock() -> [Stmt] {
        advance()
        var body: [Stmt] = []
        parseStatements(into: &body, inBlock: true)
        if kind == .dedent { advance() }
        return body
    }

    /// Skips to the start of the next logical line at the same or an outer indentation.
    mutating func synchronize() {
        while true {
            switch kind {
            case .endOfFile, .indent, .dedent:
                return
            case .newline:
                advance()
                resynchronized = true
                return
            default:
                advance()
            }
        }
    }

    /// The body of a compound statement: an indented block or simple statements on the same line.
    /// Never throws: a missing or broken body is recorded and whatever parsed is returned.
    /// `owner` names the header in the message ("'if' statement"), `headerStart` its position.
    mutating func parseBlock(after owner: StaticString, at headerStart: Int) -> [Stmt] {
        switch kind {
        case .newline:
            let newline = token
            advance()
            if kind == .indent { return parseIndentedBlock() }
            // At the end of the file CPython points at the end of the header line.
            var ahead = pos
            while ahead < lastIndex, tokens[ahead].kind == .dedent { ahead += 1 }
            let at = tokens[ahead].kind == .endOfFile ? newline : token
            record(failure("expected an indented block after \(owner) on line \(line(of: headerStart))", at: at))
            return []
        case .endOfFile, .dedent, .indent:
            record(failure("expected an indented block after \(owner) on line \(line(of: headerStart))"))
            return []
        default:
            var body: [Stmt] = []
            do {
                try parseSimpleStatements(into: &body)
            } catch {
                record(error)
                synchronize()
            }
            return body
        }
    }

    /// The `:` ending a compound statement header.
    mutating func expectColon() throws(SyntaxFailure) {
        if at(.colon) { advance(); return }
        throw expectedFailure("':'")
    }

    /// End of a compound statement: its last nested statement, else `fallback`
    /// (a statement whose body is missing ends at its header).
    static func end(of body: [Stmt], or fallback: Int) -> Int {
        body.last?.range.end ?? fallback
    }

    // MARK: - Dispatch

    mutating func parseStatement(into body: inout [Stmt]) throws(SyntaxFailure) {
        switch kind {
        case .keyword(let keyword):
            switch keyword {
            case .def: body.append(try parseFunctionDef(decorators: [], start: start, isAsync: false))
            case .class: body.append(try parseClassDef(decorators: []))
            case .if: body.append(try parseIf())
            case .while: body.append(try parseWhile())
            case .for: body.append(try parseFor(start: start, isAsync: false))
            case .try: body.append(try parseTry())
            case .with: body.append(try parseWith(start: start, isAsync: false))
            case .async: body.append(try parseAsyncStatement(decorators: []))
            default: try parseSimpleStatements(into: &body)
            }
        case .punctuation(.at):
            body.append(try parseDecorated())
        case .name:
            if atName("match"), let statement = try parseMatchStatementIfPresent() {
                body.append(statement)
            } else {
                try parseSimpleStatements(into: &body)
            }
        default:
            try parseSimpleStatements(into: &body)
        }
    }

    /// `simple_stmt (';' simple_stmt)* [';'] NEWLINE`. Statements parsed before an
    /// error on the same line are kept.
    mutating func parseSimpleStatements(into body: inout [Stmt]) throws(SyntaxFailure) {
        while true {
            body.append(try parseSimpleStatement())
            guard eat(.semi) else { break }
            if kind == .newline || kind == .endOfFile { break }
        }
        switch kind {
        case .newline: advance()
        case .endOfFile: break
        default: throw unexpected()
        }
    }

    // MARK: - Simple statements

    mutating func parseSimpleStatement() throws(SyntaxFailure) -> Stmt {
        let s = start
        switch kind {
        case .keyword(let keyword):
            switch keyword {
            case .pass:
                advance()
                return Stmt(.pass, range(from: s))
            case .break:
                advance()
                return Stmt(.break, range(from: s))
            case .continue:
                advance()
                return Stmt(.continue, range(from: s))
            case .return:
                advance()
                let value = (atExpressionStart || at(.star)) ? try parseStarExpressions() : nil
                return Stmt(.return(value: value), range(from: s))
            case .raise:
                advance()
                var exc: Expr?
                var cause: Expr?
                if atExpressionStart {
                    exc = try parseExpression()
                    if eat(.from) { cause = try parseExpression() }
                }
                return Stmt(.raise(exc: exc, cause: cause), range(from: s))
            case .global, .nonlocal:
                advance()
                var names: [String] = []
                repeat {
                    names.append(try expectName().0)
                } while eat(.comma)
                return Stmt(keyword == .global ? .global(names: names) : .nonlocal(names: names), range(from: s))
            case .del:
                return try parseDel()
            case .assert:
                advance()
                let test = try parseExpression()
                let msg = eat(.comma) ? try parseExpression() : nil
                return Stmt(.assert(test: test, msg: msg), range(from: s))
            case .import:
                return try parseImport()
            case .from:
                return try parseImportFrom()
            default:
                break
            }
        case .name:
            if peekKind() == .name, atName("type") {
                return try parseTypeAlias()
            }
        default:
            break
        }
        return try parseExpressionStatement()
    }

    /// Expression statements and the three assignment forms. The left side is parsed
    /// once as an expression and converted to a target when `=`, `:` or an augmented
    /// operator follows, so no backtracking is needed.
    mutating func parseExpressionStatement() throws(SyntaxFailure) -> Stmt {
        let s = start
        let firstToken = token
        let first = at(.yield) ? try parseYieldExpression() : try parseStarExpressions()
        switch kind {
        case .punctuation(.equal):
            var targets: [Expr] = []
            var value = first
            while at(.equal) {
                let equalToken = token
                advance()
                targets.append(try assignmentTarget(value, at: equalToken))
                value = at(.yield) ? try parseYieldExpression() : try parseStarExpressions()
            }
            return Stmt(.assign(targets: targets, value: value), range(from: s))
        case .punctuation(.colon):
            let target = try annotationTarget(first)
            advance()
            let annotation = try parseExpression()
            var value: Expr?
            if eat(.equal) {
                value = at(.yield) ? try parseYieldExpression() : try parseStarExpressions()
            }
            var simple = false
            if case .name = first.kind, firstToken.kind == .name { simple = true }
            return Stmt(.annAssign(target: target, annotation: annotation, value: value, simple: simple), range(from: s))
        case .punctuation(let p):
            if let op = Parser.augmentedOperator(p) {
                let target = try augmentedTarget(first)
                advance()
                let value = at(.yield) ? try parseYieldExpression() : try parseStarExpressions()
                return Stmt(.augAssign(target: target, op: op, value: value), range(from: s))
            }
        default:
            break
        }
        // Checked in this order so ordinary statements never copy the node's payload.
        if firstToken.kind == .name, atExpressionStart, case .name(let id, _) = first.kind, id == "print" || id == "exec" {
            throw failure("Missing parentheses in call to '\(id)'. Did you mean \(id)(...)?", at: firstToken)
        }
        return Stmt(.expr(value: first), range(from: s))
    }

    static func augmentedOperator(_ p: Punctuation) -> BinaryOperator? {
        switch p {
        case .plusEqual: return .add
        case .minusEqual: return .sub
        case .starEqual: return .mult
        case .atEqual: return .matMult
        case .slashEqual: return .div
        case .percentEqual: return .mod
        case .amperEqual: return .bitAnd
        case .vbarEqual: return .bitOr
        case .circumflexEqual: return .bitXor
        case .leftShiftEqual: return .lShift
        case .rightShiftEqual: return .rShift
        case .doubleStarEqual: return .pow
        case .doubleSlashEqual: return .floorDiv
        default: return nil
        }
    }

    mutating func parseDel() throws(SyntaxFailure) -> Stmt {
        let s = start
        advance()
        var targets: [Expr] = []
        while true {
            let element = try parsePrimary()
            targets.append(try deletionTarget(element))
            guard eat(.comma) else { break }
            if at(.semi) || kind == .newline || kind == .endOfFile { break }
        }
        guard at(.semi) || kind == .newline || kind == .endOfFile else { throw unexpected() }
        return Stmt(.delete(targets: targets), range(from: s))
    }

    // MARK: - Imports

    /// `NAME ('.' NAME)*` joined with dots.
    mutating func parseDottedName() throws(SyntaxFailure) -> String {
        var name = try expectName().0
        while at(.dot) {
            advance()
            name += "." + (try expectName().0)
        }
        return name
    }

    mutating func parseImport() throws(SyntaxFailure) -> Stmt {
        let s = start
        advance()
        var names: [Alias] = []
        repeat {
            let aliasStart = start
            let name = try parseDottedName()
            let asname = eat(.as) ? try expectName().0 : nil
            names.append(Alias(name: name, asname: asname, range: range(from: aliasStart)))
        } while eat(.comma)
        return Stmt(.import(names: names), range(from: s))
    }

    mutating func parseImportFrom() throws(SyntaxFailure) -> Stmt {
        let s = start
        advance()
        var level = 0
        while true {
            if at(.dot) { level += 1 } else if at(.ellipsis) { level += 3 } else { break }
            advance()
        }
        var module: String?
        if !at(.import) || level == 0 {
            module = try parseDottedName()
        }
        try expect(.import)
        var names: [Alias] = []
        if at(.star) {
            let tok = token
            advance()
            names.append(Alias(name: "*", asname: nil, range: tok.range))
        } else if at(.lpar) {
            let opener = try openBracket()
            repeat {
                if at(.rpar), !names.isEmpty { break }
                names.append(try parseImportAlias())
            } while eat(.comma)
            try expectClosing(.rpar, opener: opener)
            closeBracket()
        } else {
            repeat {
                names.append(try parseImportAlias())
            } while eat(.comma)
        }
        return Stmt(.importFrom(module: module, names: names, level: level), range(from: s))
    }

    mutating func parseImportAlias() throws(SyntaxFailure) -> Alias {
        let aliasStart = start
        let name = try expectName().0
        let asname = eat(.as) ? try expectName().0 : nil
        return Alias(name: name, asname: asname, range: range(from: aliasStart))
    }

    // MARK: - type X = ...

    mutating func parseTypeAlias() throws(SyntaxFailure) -> Stmt {
        let s = start
        advance()
        let (name, nameToken) = try expectName()
        let target = Expr(.name(id: name, ctx: .store), nameToken.range)
        let typeParams = at(.lsqb) ? try parseTypeParams() : []
        try expect(.equal)
        let value = try parseExpression()
        return Stmt(.typeAlias(name: target, typeParams: typeParams, value: value), range(from: s))
    }
}
