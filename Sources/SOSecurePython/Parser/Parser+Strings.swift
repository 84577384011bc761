import SOSecureCore

/// String literals: implicit concatenation, bytes, and f-strings (PEP 701 tokens),
/// shaped as CPython 3.11 shapes them (adjacent literal parts merged, empty parts dropped).
extension Parser {
    @inline(__always) static func isStringStart(_ kind: TokenKind) -> Bool {
        kind == .string || kind == .fstringStart
    }

    func contentRange(of tok: Token, prefix: StringPrefix) -> (Int, Int) {
        prefix.contentRange(text, tok.range)
    }

    /// One or more adjacent string tokens.
    mutating func parseStrings() throws(SyntaxFailure) -> Expr {
        let s = start
        let first = token
        let firstPrefix = StringPrefix(text, start: first.range.start, end: first.range.end)
        // Fast path: a single plain string without escapes.
        if first.kind == .string, !Parser.isStringStart(peekKind()), !firstPrefix.isBytes {
            let (contentStart, contentEnd) = contentRange(of: first, prefix: firstPrefix)
            if firstPrefix.isRaw || !text[contentStart..<contentEnd].contains(UInt8(ascii: "\\")) {
                advance()
                let value = String(decoding: text[contentStart..<contentEnd], as: UTF8.self)
                return Expr(.constant(value: .string(value), kind: Parser.kind(of: first, in: text)), first.range)
            }
        }

        let isBytes = firstPrefix.isBytes
        let literalKind = Parser.kind(of: first, in: text)
        var reportedMix = false
        var hasFormat = false
        var literal = UTF8TextSink()
        var literalStart = s
        var bytes: [UInt8] = []
        var values: [Expr] = []

        while Parser.isStringStart(kind) {
            let tok = token
            let prefix = StringPrefix(text, start: tok.range.start, end: tok.range.end)
            if prefix.isBytes != isBytes, !reportedMix {
                record(failure("cannot mix bytes and nonbytes literals", at: tok))
                reportedMix = true
            }
            if tok.kind == .string {
                let (contentStart, contentEnd) = contentRange(of: tok, prefix: prefix)
                if literal.bytes.isEmpty { literalStart = tok.range.start }
                if isBytes {
                    var errors: [StringLiteral.DecodeError] = []
                    StringLiteral.decodeBytes(text, contentStart, contentEnd, raw: prefix.isRaw, into: &bytes) { errors.append($0) }
                    recordDecodeErrors(errors, in: tok)
                } else {
                    decodeLiteral(contentStart, contentEnd, raw: prefix.isRaw, fstring: false, into: &literal, token: tok)
                }
                advance()
                continue
            }
            // f-string: FSTRING_START (middle | replacement field)* FSTRING_END
            hasFormat = true
            advance()
            while true {
                switch kind {
                case .fstringMiddle:
                    let middle = token
                    if literal.bytes.isEmpty { literalStart = middle.range.start }
                    decodeLiteral(middle.range.start, middle.range.end, raw: prefix.isRaw, fstring: true,
                                  into: &literal, token: middle)
                    advance()
                    continue
                case .punctuation(.lbrace):
                    let fieldStart = start
                    let (debugText, value) = try parseReplacementField(raw: prefix.isRaw, outerKind: literalKind)
                    if let debugText {
                        if literal.bytes.isEmpty { literalStart = fieldStart }
                        literal.appendSource(debugText)
                    }
                    flushLiteral(&literal, into: &values, start: literalStart, end: fieldStart, kind: literalKind)
                    values.append(value)
                    continue
                case .fstringEnd:
                    advance()
                default:
                    throw failure("f-string: expecting '}'")
                }
                break
            }
        }

        let whole = range(from: s)
        if isBytes {
            return Expr(.constant(value: .bytes(bytes), kind: nil), whole)
        }
        if !hasFormat {
            return Expr(.constant(value: .string(String(decoding: literal.bytes, as: UTF8.self)), kind: literalKind), whole)
        }
        flushLiteral(&literal, into: &values, start: literalStart, end: whole.end, kind: literalKind)
        return Expr(.joinedStr(values: values), whole)
    }

    private mutating func decodeLiteral(_ contentStart: Int, _ contentEnd: Int, raw: Bool, fstring: Bool,
                                        into sink: inout UTF8TextSink, token tok: Token) {
        var errors: [StringLiteral.DecodeError] = []
        StringLiteral.decodeString(text, contentStart, contentEnd, raw: raw, fstring: fstring, into: &sink) {
            errors.append($0)
        }
        recordDecodeErrors(errors, in: tok)
    }

    private mutating func recordDecodeErrors(_ errors: [StringLiteral.DecodeError], in tok: Token) {
        // CPython stops at the first bad escape of a literal.
        guard let first = errors.first else { return }
        record(SyntaxFailure(message: first.message, range: TextRange(start: tok.range.start, end: tok.range.end)))
    }

    /// Appends the pending literal text as a Constant part, dropping empty parts.
    private func flushLiteral(_ literal: inout UTF8TextSink, into values: inout [Expr], start: Int, end: Int, kind: String?) {
        guard !literal.bytes.isEmpty else { return }
        let value = String(decoding: literal.bytes, as: UTF8.self)
        values.append(Expr(.constant(value: .string(value), kind: kind), TextRange(start: min(start, end), end: end)))
        literal.bytes.removeAll(keepingCapacity: true)
    }

    /// CPython 3.11 marks constants `kind='u'` when the first token of the whole
    /// concatenation starts with a lowercase `u` (not `U`).
    static func kind(of first: Token, in text: [UInt8]) -> String? {
        text[first.range.start] == UInt8(ascii: "u") ? "u" : nil
    }

    /// `'{' (yield_expr | star_expressions) ['='] ['!' NAME] [':' spec] '}'`, at `{`.
    /// Returns the `x=` debug text (source bytes) to prepend, and the FormattedValue.
    /// In a format spec, CPython 3.11 gives text before a nested field the kind of the
    /// outer concatenation (`outerKind`) and the trailing text none.
    mutating func parseReplacementField(raw: Bool, outerKind: String?) throws(SyntaxFailure) -> (ArraySlice<UInt8>?, Expr) {
        let s = start
        let opener = try openBracket()
        if at(.rbrace) { throw failure("f-string: valid expression required before '}'") }
        let value = at(.yield) ? try parseYieldExpression() : try parseStarExpressions()
        var debugText: ArraySlice<UInt8>?
        if at(.equal) {
            advance()
            debugText = text[opener.range.end..<token.range.start]
        }
        var conversion = -1
        if at(.exclamation) {
            let bang = token
            advance()
            guard atName else { throw failure("f-string: missing conversion character") }
            guard token.range.start == bang.range.end else {
                throw failure("f-string: conversion type must come right after the exclamanation mark")
            }
            if atName("s") {
                conversion = 115
            } else if atName("r") {
                conversion = 114
            } else if atName("a") {
                conversion = 97
            } else {
                throw failure("f-string: invalid conversion character '\(text(of: token))': expected 's', 'r', or 'a'")
            }
            advance()
        }
        var formatSpec: Expr?
        if at(.colon) {
            let specStart = token.range.end
            advance()
            var specValues: [Expr] = []
            var literal = UTF8TextSink()
            var literalStart = specStart
            loop: while true {
                switch kind {
                case .fstringMiddle:
                    let middle = token
                    if literal.bytes.isEmpty { literalStart = middle.range.start }
                    decodeLiteral(middle.range.start, middle.range.end, raw: raw, fstring: true, into: &literal, token: middle)
                    advance()
                case .punctuation(.lbrace):
                    let fieldStart = start
                    let (nestedDebug, nested) = try parseReplacementField(raw: raw, outerKind: outerKind)
                    if let nestedDebug {
                        if literal.bytes.isEmpty { literalStart = fieldStart }
                        literal.appendSource(nestedDebug)
                    }
                    flushLiteral(&literal, into: &specValues, start: literalStart, end: fieldStart, kind: outerKind)
                    specValues.append(nested)
                default:
                    break loop
                }
            }
            flushLiteral(&literal, into: &specValues, start: literalStart, end: start, kind: nil)
            formatSpec = Expr(.joinedStr(values: specValues), TextRange(start: specStart, end: max(specStart, start)))
        }
        guard at(.rbrace) else { throw failure("f-string: expecting '}'") }
        advance()
        closeBracket()
        if debugText != nil, conversion == -1, formatSpec == nil { conversion = 114 }
        return (debugText, Expr(.formattedValue(value: value, conversion: conversion, formatSpec: formatSpec), range(from: s)))
    }
}
