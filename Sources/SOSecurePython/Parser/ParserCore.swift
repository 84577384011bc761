import SOSecureCore

/// A syntax error raised inside one statement. It unwinds (typed throws: a plain
/// return path, no allocation) to the enclosing statement loop, which records it
/// and resynchronizes at the next logical line.
struct SyntaxFailure: Error {
    let message: String
    let range: TextRange
}

/// A recorded parser diagnostic, before line/column resolution.
struct ParserDiagnostic {
    let message: String
    let range: TextRange
}

/// The recursive-descent parser state. A struct with mutating methods so the
/// token cursor stays in registers and exclusivity is checked statically.
struct Parser {
    let tokens: [Token]
    let text: [UInt8]
    let lineIndex: LineIndex
    var pos = 0
    var diagnostics: [ParserDiagnostic] = []
    /// Recursion (and left-deep chain) depth of the expression being built.
    var depth = 0
    /// Open brackets around the current token.
    var bracketDepth = 0
    /// Set when recovery skipped to the end of a line, so an indented block that
    /// follows is spliced in silently instead of reported as "unexpected indent".
    var resynchronized = false
    let lastIndex: Int

    /// CPython refuses more than 200 nested brackets ("too many nested parentheses").
    static let maxBracketDepth = 200
    /// CPython 3.11 refuses trees nested deeper than about 3,000 levels
    /// (RecursionError while building the tree); we refuse at the same order.
    static let maxDepth = 2_900

    init(tokens: [Token], text: [UInt8], lineIndex: LineIndex) {
        // Guarantee a trailing end-of-file token so lookahead never runs off the array.
        if let last = tokens.last, last.kind == .endOfFile {
            self.tokens = tokens
        } else {
            let end = tokens.last?.range.end ?? text.count
            self.tokens = tokens + [Token(kind: .endOfFile, range: .empty(at: end))]
        }
        self.text = text
        self.lineIndex = lineIndex
        self.lastIndex = self.tokens.count - 1
    }

    // MARK: - Cursor

    @inline(__always) var token: Token { tokens[pos] }
    @inline(__always) var kind: TokenKind { tokens[pos].kind }

    @inline(__always) func peekKind(_ offset: Int = 1) -> TokenKind {
        let index = pos + offset
        return index <= lastIndex ? tokens[index].kind : .endOfFile
    }

    /// End offset of the last consumed token.
    @inline(__always) var previousEnd: Int { pos > 0 ? tokens[pos - 1].range.end : 0 }

    @inline(__always) var start: Int { tokens[pos].range.start }

    @inline(__always) mutating func advance() {
        if pos < lastIndex { pos += 1 }
    }

    @inline(__always) func at(_ punctuation: Punctuation) -> Bool {
        if case .punctuation(let p) = kind { return p == punctuation }
        return false
    }

    @inline(__always) func at(_ keyword: HardKeyword) -> Bool {
        if case .keyword(let k) = kind { return k == keyword }
        return false
    }

    @inline(__always) func peekIs(_ punctuation: Punctuation, _ offset: Int = 1) -> Bool {
        if case .punctuation(let p) = peekKind(offset) { return p == punctuation }
        return false
    }

    @inline(__always) func peekIs(_ keyword: HardKeyword, _ offset: Int = 1) -> Bool {
        if case .keyword(let k) = peekKind(offset) { return k == keyword }
        return false
    }

    @inline(__always) mutating func eat(_ punctuation: Punctuation) -> Bool {
        if at(punctuation) { advance(); return true }
        return false
    }

    @inline(__always) mutating func eat(_ keyword: HardKeyword) -> Bool {
        if at(keyword) { advance(); return true }
        return false
    }

    @inline(__always) var atName: Bool { kind == .name }

    /// Whether the current token is the name spelled `word` (soft keywords).
    func atName(_ word: StaticString) -> Bool {
        isName(at: pos, word)
    }

    func isName(at index: Int, _ word: StaticString) -> Bool {
        guard index <= lastIndex else { return false }
        let tok = tokens[index]
        guard tok.kind == .name, tok.range.length == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { buffer in
            var offset = tok.range.start
            for byte in buffer {
                if text[offset] != byte { return false }
                offset += 1
            }
            return true
        }
    }

    // MARK: - Failures

    func failure(_ message: String, at tok: Token) -> SyntaxFailure {
        SyntaxFailure(message: message, range: tok.range)
    }

    func failure(_ message: String) -> SyntaxFailure {
        failure(message, at: token)
    }

    /// "invalid syntax" at the current token, with a more precise message for
    /// tokens that make the reason obvious.
    func unexpected() -> SyntaxFailure {
        switch kind {
        case .indent: return failure("unexpected indent")
        case .endOfFile: return failure("unexpected end of file")
        default: return failure("invalid syntax")
        }
    }

    mutating func expect(_ punctuation: Punctuation) throws(SyntaxFailure) {
        if at(punctuation) { advance(); return }
        throw expectedFailure("'\(punctuation.rawValue)'")
    }

    mutating func expect(_ keyword: HardKeyword) throws(SyntaxFailure) {
        if at(keyword) { advance(); return }
        throw expectedFailure("'\(keyword.rawValue)'")
    }

    func expectedFailure(_ what: String) -> SyntaxFailure {
        if kind == .error || kind == .indent { return unexpected() }
        return failure("expected \(what)")
    }

    /// Consumes a closing bracket, reporting the opener when it is missing.
    mutating func expectClosing(_ closer: Punctuation, opener: Token) throws(SyntaxFailure) {
        if at(closer) { advance(); return }
        switch kind {
        case .newline, .endOfFile, .dedent, .indent:
            throw failure("'\(text(of: opener))' was never closed", at: opener)
        case .punctuation(.rpar), .punctuation(.rsqb), .punctuation(.rbrace):
            throw failure("closing parenthesis '\(text(of: token))' does not match opening parenthesis '\(text(of: opener))'")
        default:
            throw unexpected()
        }
    }

    mutating func record(_ failure: SyntaxFailure) {
        diagnostics.append(ParserDiagnostic(message: failure.message, range: failure.range))
    }

    // MARK: - Nesting

    /// Enters one level of expression nesting; refuses trees deeper than CPython builds.
    @inline(__always) mutating func enter() throws(SyntaxFailure) {
        depth += 1
        if depth > Parser.maxDepth {
            throw failure("too complex")
        }
    }

    @inline(__always) mutating func leave() { depth -= 1 }

    /// Consumes an opening bracket, enforcing CPython's nesting limit.
    mutating func openBracket() throws(SyntaxFailure) -> Token {
        let opener = token
        bracketDepth += 1
        if bracketDepth > Parser.maxBracketDepth {
            throw failure("too many nested parentheses")
        }
        advance()
        return opener
    }

    @inline(__always) mutating func closeBracket() { bracketDepth -= 1 }

    // MARK: - Text

    func text(of tok: Token) -> String {
        String(decoding: text[tok.range.start..<tok.range.end], as: UTF8.self)
    }

    /// The identifier a name token spells, NFKC-normalized as CPython does.
    func identifier(_ tok: Token) -> String {
        Identifier.make(text, tok.range)
    }

    /// 1-based line of a byte offset, for messages such as "... on line 3".
    func line(of offset: Int) -> Int { lineIndex.lineNumber(containing: offset) + 1 }

    @inline(__always) func range(from start: Int) -> TextRange {
        TextRange(start: start, end: max(start, previousEnd))
    }

    /// Consumes a NAME token and returns its identifier.
    mutating func expectName() throws(SyntaxFailure) -> (String, Token) {
        guard atName else { throw expectedFailure("a name") }
        let tok = token
        advance()
        return (identifier(tok), tok)
    }

    /// Whether `kind` can begin an expression (not counting `*`/`**`).
    static func startsExpression(_ kind: TokenKind) -> Bool {
        switch kind {
        case .name, .number, .string, .fstringStart: return true
        case .keyword(let k):
            switch k {
            case .not, .lambda, .await, .none, .true, .false: return true
            default: return false
            }
        case .punctuation(let p):
            switch p {
            case .lpar, .lsqb, .lbrace, .minus, .plus, .tilde, .ellipsis: return true
            default: return false
            }
        default: return false
        }
    }

    @inline(__always) var atExpressionStart: Bool { Parser.startsExpression(kind) }
}
