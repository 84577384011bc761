extension PythonScanner {
    /// Operators and delimiters (longest match), brackets, and characters Python does not allow.
    mutating func scanOperator(_ c: UInt8) {
        let start = pos
        let next = byte(at: pos + 1)
        let equalsNext = next == UInt8(ascii: "=")
        let kind: Punctuation
        switch c {
        case UInt8(ascii: "("): openBracket(c, .lpar); return
        case UInt8(ascii: "["): openBracket(c, .lsqb); return
        case UInt8(ascii: "{"): openBracket(c, .lbrace); return
        case UInt8(ascii: ")"): closeBracket(c, .rpar); return
        case UInt8(ascii: "]"): closeBracket(c, .rsqb); return
        case UInt8(ascii: "}"): closeBracket(c, .rbrace); return
        case UInt8(ascii: ":"):
            if let field = openFieldAtTopLevel {
                // A top-level `:` in a replacement field starts the format spec, even before `=` (`f"{x:=10}"`).
                fields[field].inFormatSpec = true
                kind = .colon
            } else {
                kind = equalsNext ? .colonEqual : .colon
            }
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ";"): kind = .semi
        case UInt8(ascii: "~"): kind = .tilde
        case UInt8(ascii: "."):
            kind = next == UInt8(ascii: ".") && byte(at: pos + 2) == UInt8(ascii: ".") ? .ellipsis : .dot
        case UInt8(ascii: "+"): kind = equalsNext ? .plusEqual : .plus
        case UInt8(ascii: "-"): kind = equalsNext ? .minusEqual : next == UInt8(ascii: ">") ? .rarrow : .minus
        case UInt8(ascii: "*"):
            if next == UInt8(ascii: "*") {
                kind = byte(at: pos + 2) == UInt8(ascii: "=") ? .doubleStarEqual : .doubleStar
            } else {
                kind = equalsNext ? .starEqual : .star
            }
        case UInt8(ascii: "/"):
            if next == UInt8(ascii: "/") {
                kind = byte(at: pos + 2) == UInt8(ascii: "=") ? .doubleSlashEqual : .doubleSlash
            } else {
                kind = equalsNext ? .slashEqual : .slash
            }
        case UInt8(ascii: "%"): kind = equalsNext ? .percentEqual : .percent
        case UInt8(ascii: "&"): kind = equalsNext ? .amperEqual : .amper
        case UInt8(ascii: "|"): kind = equalsNext ? .vbarEqual : .vbar
        case UInt8(ascii: "^"): kind = equalsNext ? .circumflexEqual : .circumflex
        case UInt8(ascii: "@"): kind = equalsNext ? .atEqual : .at
        case UInt8(ascii: "="): kind = equalsNext ? .equalEqual : .equal
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "<") {
                kind = byte(at: pos + 2) == UInt8(ascii: "=") ? .leftShiftEqual : .leftShift
            } else {
                kind = equalsNext ? .lessEqual : next == UInt8(ascii: ">") ? .lessGreater : .less
            }
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: ">") {
                kind = byte(at: pos + 2) == UInt8(ascii: "=") ? .rightShiftEqual : .rightShift
            } else {
                kind = equalsNext ? .greaterEqual : .greater
            }
        case UInt8(ascii: "!"):
            if equalsNext {
                kind = .notEqual
            } else if fstrings.last.map({ fields.count > $0.fieldBase }) ?? false {
                kind = .exclamation
            } else {
                error("invalid syntax: '!' is only allowed before a conversion (!r, !s, !a) in an f-string replacement field", start, start + 1)
                emit(.error, start, start + 1)
                pos = start + 1
                return
            }
        case 0:
            // NUL bytes were reported by the decoder; swallow the run.
            var p = start + 1
            while p < end, bytes[p] == 0 { p += 1 }
            emit(.error, start, p)
            pos = p
            return
        default:
            // A run of the same invalid character is one mistake, reported once.
            var p = start + 1
            while p < end, bytes[p] == c { p += 1 }
            if recordsErrors { error(Self.invalidCharacterMessage(Unicode.Scalar(c)), start, start + 1) }
            emit(.error, start, p)
            pos = p
            return
        }
        let stop = start + Self.byteLength(of: kind)
        emit(.punctuation(kind), start, stop)
        pos = stop
    }

    /// `kind.rawValue.utf8.count` without building the String.
    @inline(__always)
    static func byteLength(of kind: Punctuation) -> Int {
        switch kind {
        case .ellipsis, .leftShiftEqual, .rightShiftEqual, .doubleStarEqual, .doubleSlashEqual:
            return 3
        case .equalEqual, .notEqual, .lessEqual, .greaterEqual, .leftShift, .rightShift, .doubleStar, .doubleSlash,
            .plusEqual, .minusEqual, .starEqual, .slashEqual, .percentEqual, .amperEqual, .vbarEqual, .circumflexEqual,
            .atEqual, .rarrow, .colonEqual, .lessGreater:
            return 2
        default:
            return 1
        }
    }

    private mutating func openBracket(_ c: UInt8, _ kind: Punctuation) {
        if brackets.count >= Self.maxBracketDepth, !reportedBracketOverflow {
            reportedBracketOverflow = true
            error("too many nested parentheses", pos, pos + 1)
        }
        brackets.append(OpenBracket(byte: c, offset: pos, isFStringField: false))
        emit(.punctuation(kind), pos, pos + 1)
        pos += 1
    }

    private mutating func closeBracket(_ c: UInt8, _ kind: Punctuation) {
        let start = pos
        pos += 1
        if c == UInt8(ascii: "}"), let mode = fstrings.last, fields.count > mode.fieldBase,
           brackets.count == fields[fields.count - 1].bracketDepth {
            closeField(at: start)
            return
        }
        guard let open = brackets.last else {
            if recordsErrors { error("unmatched '\(Character(Unicode.Scalar(c)))'", start, start + 1) }
            emit(.error, start, start + 1)
            return
        }
        let expected: UInt8 = switch open.byte {
        case UInt8(ascii: "("): UInt8(ascii: ")")
        case UInt8(ascii: "["): UInt8(ascii: "]")
        default: UInt8(ascii: "}")
        }
        if c != expected {
            if recordsErrors {
                let openLine = lineNumber(of: open.offset)
                let suffix = openLine == lineNumber(of: start) ? "" : " on line \(openLine)"
                error(
                    "closing parenthesis '\(Character(Unicode.Scalar(c)))' does not match opening parenthesis '\(Character(Unicode.Scalar(open.byte)))'\(suffix)",
                    start, start + 1)
            }
            // Keep an f-string field open so its own `}` can still close it.
            if open.isFStringField {
                emit(.punctuation(kind), start, start + 1)
                return
            }
        }
        brackets.removeLast()
        emit(.punctuation(kind), start, start + 1)
    }
}
