extension CFamilyScanner {
    /// `/` starts a comment, a regex literal (JS/TS, where an operand is expected) or an operator.
    mutating func scanSlash() {
        switch byte(pos + 1) {
        case UInt8(ascii: "/"):
            scanLineComment(from: pos)
        case UInt8(ascii: "*"):
            scanBlockComment()
        default:
            if rules.regexLiterals, regexAllowed, !closesJSXElement(), swiftRegexMayStart(), let stop = regexEnd(from: pos) {
                emit(.regex, pos, stop)
                pos = stop
                regexAllowed = false
            } else {
                scanOperator()
            }
        }
    }

    /// Swift reads `/ x` as an operator: a regex literal cannot start with a space or a tab.
    func swiftRegexMayStart() -> Bool {
        guard rules.swiftRegexLiterals else { return true }
        let next = byte(pos + 1)
        return next != UInt8(ascii: " ") && next != UInt8(ascii: "\t")
    }

    /// Swift's extended regex literal at `pos`: `#/`, or more `#`, up to `/` and as many `#`; it may span
    /// lines. Returns its end, or nil when `pos` does not start one or it is never closed.
    func swiftExtendedRegexEnd() -> Int? {
        guard rules.swiftRegexLiterals else { return nil }
        var p = pos
        while p < end, bytes[p] == UInt8(ascii: "#") { p += 1 }
        let hashes = p - pos
        guard byte(p) == UInt8(ascii: "/") else { return nil }
        p += 1
        while p < end {
            if bytes[p] == UInt8(ascii: "\\") {
                p += 2
                continue
            }
            if bytes[p] == UInt8(ascii: "/"), (0..<hashes).allSatisfy({ p + 1 + $0 < end && bytes[p + 1 + $0] == UInt8(ascii: "#") }) {
                return p + 1 + hashes
            }
            p += 1
        }
        return nil
    }

    /// `/>` right after a `}` ends a JSX element (`<Item {...props} />`), not a regex.
    func closesJSXElement() -> Bool {
        guard byte(pos + 1) == UInt8(ascii: ">"), let previous = tokens.last(where: { $0.kind != .comment }) else { return false }
        return previous.kind == .closeBracket && previous.bracket == .brace
    }

    /// `//…` or PHP `#…` to the end of the line; in PHP a `?>` also ends it.
    mutating func scanLineComment(from start: Int) {
        var p = start + 1
        if rules.phpTags {
            while p < end, bytes[p] != 0x0A, bytes[p] != 0x0D {
                if bytes[p] == UInt8(ascii: "?"), byte(p + 1) == UInt8(ascii: ">") { break }
                p += 1
            }
        } else {
            p = endOfLine(from: p)
        }
        emit(.comment, start, p)
        pos = p
    }

    /// `/* … */`; Swift's nest.
    mutating func scanBlockComment() {
        let start = pos
        var p = pos + 2
        var depth = 1
        while p < end {
            let c = bytes[p]
            if c == UInt8(ascii: "*"), byte(p + 1) == UInt8(ascii: "/") {
                depth -= 1
                p += 2
                if depth == 0 {
                    emit(.comment, start, p)
                    pos = p
                    return
                }
            } else if rules.nestedBlockComments, c == UInt8(ascii: "/"), byte(p + 1) == UInt8(ascii: "*") {
                depth += 1
                p += 2
            } else {
                p += 1
            }
        }
        endUnterminated(.comment, start, openerLength: 2, "unterminated block comment: expected '*/'")
    }

    /// The end of a regex literal starting at `start`, or nil when no closing `/` comes before the line
    /// ends (then the `/` is division after all).
    func regexEnd(from start: Int) -> Int? {
        var p = start + 1
        var inClass = false
        while p < end {
            switch bytes[p] {
            case 0x0A, 0x0D:
                return nil
            case UInt8(ascii: "\\"):
                p += 2
                continue
            case UInt8(ascii: "["):
                inClass = true
            case UInt8(ascii: "]"):
                inClass = false
            case UInt8(ascii: "/") where !inClass:
                if p == start + 1 { return nil }
                p += 1
                // JavaScript's flags (`/x/gi`); Swift has none.
                if !rules.swiftRegexLiterals {
                    while p < end, isIdentifierByte(bytes[p]) { p += 1 }
                }
                return p
            default:
                break
            }
            p += 1
        }
        return nil
    }

    /// A C/C++ `#…` line with its `\` continuations; block comments and literals inside are skipped so
    /// a `/*` or `"` in them cannot end or extend the line wrongly.
    mutating func scanPreprocessorLine() {
        let start = pos
        var p = pos + 1
        scan: while p < end {
            switch bytes[p] {
            case 0x0A, 0x0D:
                break scan
            case UInt8(ascii: "\\"):
                p += 1
                if byte(p) == 0x0D { p += 1 }
                if byte(p) == 0x0A { p += 1 }
            case UInt8(ascii: "/") where byte(p + 1) == UInt8(ascii: "*"):
                p += 2
                while p < end, !(bytes[p] == UInt8(ascii: "*") && byte(p + 1) == UInt8(ascii: "/")) { p += 1 }
                p = min(p + 2, end)
            case UInt8(ascii: "/") where byte(p + 1) == UInt8(ascii: "/"):
                // A line comment runs to the line's end, continuation included.
                p += 2
                while p < end, bytes[p] != 0x0A, bytes[p] != 0x0D {
                    if bytes[p] == UInt8(ascii: "\\") { p += 1; if byte(p) == 0x0D { p += 1 } }
                    p += 1
                }
            case let quote where quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"):
                p += 1
                while p < end, bytes[p] != quote, bytes[p] != 0x0A, bytes[p] != 0x0D {
                    if bytes[p] == UInt8(ascii: "\\") { p += 1; if byte(p) == 0x0D { p += 1 } }
                    p += 1
                }
                if p < end, bytes[p] == quote { p += 1 }
            default:
                p += 1
            }
        }
        p = min(p, end)
        emit(.preprocessor, start, p)
        pos = p
        regexAllowed = true
    }
}
