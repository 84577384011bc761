import SOSecureCore

/// What an identifier right before a quote turns out to be.
enum LiteralPrefix {
    /// `L"…"`, `u8'…'`
    case encoding
    /// `R"d(…)d"`, `u8R"(…)"`
    case raw
}

/// The shared state machine over UTF-8 bytes; dialect differences come from `DialectDescription`.
/// One pass, no String per token.
struct CFamilyScanner {
    /// Diagnostics kept per file; past this a single summary says how many more there were.
    static let maxDiagnostics = 1000
    /// Unterminated multi-line constructs cut back to their first line; after that they run to the end.
    /// Bounds the rescanning a file full of unclosed openers can cause.
    static let maxRecoveries = 16

    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    let rules: DialectDescription
    var pos = 0
    var tokens: [Token] = []
    var diagnostics: [CFamilyDiagnostic] = []
    var droppedDiagnostics = 0
    /// Open `${…}` / `\(…)` expressions, innermost last.
    var interpolations: [InterpolationFrame] = []
    /// Whether a `/` here starts a regex (JS/TS): true when the previous significant token cannot end an operand.
    var regexAllowed = true
    /// Only whitespace since the last line break (a `#` here starts a C preprocessor line).
    var atLineStart = true
    var recoveriesLeft = CFamilyScanner.maxRecoveries
    /// JS/TS: for each open `(`, whether it follows `if`/`while`/`for`/`with` (then its `)` ends a
    /// condition, not an operand). Only kept while the dialect has regex literals.
    var parenFollowsCondition: [Bool] = []
    var lastWasConditionKeyword = false
    /// JS/TS: for each open `{`, whether it opened an expression (an object literal, a JSX or template
    /// value) rather than a block: after its `}` a `/` divides instead of starting a regex.
    var braceOpensExpression: [Bool] = []
    /// See `rememberIfMultiLine`.
    var earliestMultiLineTemplate: LiteralCheckpoint?

    init(bytes: UnsafeBufferPointer<UInt8>, dialect: Dialect) {
        self.bytes = bytes
        self.end = bytes.count
        self.rules = dialect.description
        tokens.reserveCapacity(bytes.count / 5 + 16)
    }

    @inline(__always)
    func byte(_ index: Int) -> UInt8 {
        index < end ? bytes[index] : 0
    }

    @inline(__always)
    mutating func emit(_ kind: TokenKind, _ start: Int, _ stop: Int, bracket: BracketShape? = nil) {
        tokens.append(Token(kind: kind, range: TextRange(start: start, end: stop), bracket: bracket))
        atLineStart = false
        lastWasConditionKeyword = false
    }

    mutating func report(_ message: String, _ start: Int, _ stop: Int) {
        guard diagnostics.count < Self.maxDiagnostics else {
            droppedDiagnostics += 1
            return
        }
        let from = min(start, end)
        diagnostics.append(CFamilyDiagnostic(range: TextRange(start: from, end: max(from, min(stop, end))), message: message))
    }

    /// In source order: an open interpolation is only reported at the end of the file.
    func finishedDiagnostics() -> [CFamilyDiagnostic] {
        let sorted = diagnostics.sorted { $0.range < $1.range }
        guard droppedDiagnostics > 0 else { return sorted }
        let last = sorted.last?.range ?? .empty(at: 0)
        return sorted + [CFamilyDiagnostic(range: last, message: "\(droppedDiagnostics) more lexing errors not listed")]
    }

    /// The index of the line break ending the line that holds `index` (or `end`).
    func endOfLine(from index: Int) -> Int {
        var p = index
        while p < end, bytes[p] != 0x0A, bytes[p] != 0x0D { p += 1 }
        return p
    }

    /// Ends an unterminated construct that began at `start`: at its first line's end while recoveries
    /// last (so the rest of the file lexes), else at the end of the input.
    mutating func endUnterminated(_ kind: TokenKind, _ start: Int, openerLength: Int, _ message: String) {
        report(message, start, start + openerLength)
        var stop = end
        if recoveriesLeft > 0 {
            recoveriesLeft -= 1
            stop = max(endOfLine(from: start), min(start + openerLength, end))
        }
        emit(kind, start, stop)
        pos = stop
        if kind != .comment { regexAllowed = false }
    }

    mutating func run() {
        if rules.phpTags, hasPHPOpenTag() {
            scanInlineHTML(from: 0)
        } else {
            // A byte-order mark is no code: kept as a comment so a `#include` after it still starts a line.
            if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                emit(.comment, 0, 3)
                atLineStart = true
                pos = 3
            }
            if pos + 2 <= end, bytes[pos] == UInt8(ascii: "#"), bytes[pos + 1] == UInt8(ascii: "!") {
                let stop = endOfLine(from: pos)
                emit(.comment, pos, stop)
                pos = stop
            }
        }
        while true {
            skipWhitespace()
            if pos >= end {
                if interpolations.isEmpty { break }
                unterminatedInterpolation()
                continue
            }
            // Progress guard: every token consumes input, except a recovery that rewinds (bounded by its budget).
            let before = (pos, recoveriesLeft)
            scanToken()
            assert(pos > before.0 || recoveriesLeft < before.1, "lexer made no progress at offset \(before.0)")
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0B, 0x0C:
                pos += 1
            case 0x0A, 0x0D:
                pos += 1
                atLineStart = true
            default:
                return
            }
        }
    }

    mutating func scanToken() {
        let c = bytes[pos]
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), 0x80...0xFF:
            scanIdentifier()
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            scanNumber(from: pos)
        case UInt8(ascii: "\""):
            scanDoubleQuote(from: pos, prefixLength: 0)
        case UInt8(ascii: "'"):
            scanSingleQuote(from: pos, prefixLength: 0)
        case UInt8(ascii: "`"):
            scanBackquote()
        case UInt8(ascii: "/"):
            scanSlash()
        case UInt8(ascii: "#"):
            scanHash()
        case UInt8(ascii: "$"):
            scanDollar()
        case UInt8(ascii: "."):
            if rules.leadingDotInNumbers, isDigit(byte(pos + 1)) {
                scanNumber(from: pos)
            } else {
                scanOperator()
            }
        case UInt8(ascii: "("):
            openBracket(.paren)
        case UInt8(ascii: "["):
            openBracket(.square)
        case UInt8(ascii: "{"):
            openBracket(.brace)
        case UInt8(ascii: ")"):
            closeBracket(.paren)
        case UInt8(ascii: "]"):
            closeBracket(.square)
        case UInt8(ascii: "}"):
            closeBracket(.brace)
        case UInt8(ascii: "<") where rules.heredocs && byte(pos + 1) == UInt8(ascii: "<") && byte(pos + 2) == UInt8(ascii: "<"):
            scanHeredoc()
        case UInt8(ascii: "?") where rules.phpTags && byte(pos + 1) == UInt8(ascii: ">"):
            scanInlineHTML(from: pos)
        case 0x21...0x7E:
            scanOperator()
        default:
            // Control bytes and DEL: kept as one token each so nothing is lost.
            emit(.unknown, pos, pos + 1)
            pos += 1
        }
    }

    @inline(__always)
    func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    @inline(__always)
    func isIdentifierByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), 0x80...0xFF:
            return true
        case UInt8(ascii: "$"):
            return rules.dollarInIdentifiers
        default:
            return false
        }
    }

    @inline(__always)
    func isIdentifierStart(_ c: UInt8) -> Bool { isIdentifierByte(c) && !isDigit(c) }

    mutating func scanIdentifier() {
        let start = pos
        var p = pos + 1
        while p < end, isIdentifierByte(bytes[p]) { p += 1 }
        let next = byte(p)
        if next == UInt8(ascii: "\"") || next == UInt8(ascii: "'"), let prefix = literalPrefix(start, p - start, quote: next) {
            pos = start
            if prefix == .raw {
                scanCppRawString(from: start, prefixLength: p - start)
            } else if next == UInt8(ascii: "\"") {
                scanDoubleQuote(from: start, prefixLength: p - start)
            } else {
                scanSingleQuote(from: start, prefixLength: p - start)
            }
            return
        }
        if rules.keywords.contains(bytes, start, p - start) {
            emit(.keyword, start, p)
            regexAllowed = !rules.valueKeywords.contains(bytes, start, p - start)
            if rules.regexLiterals { lastWasConditionKeyword = rules.conditionKeywords.contains(bytes, start, p - start) }
        } else {
            emit(.identifier, start, p)
            regexAllowed = false
        }
        pos = p
    }

    /// Whether an identifier right before a quote is a literal prefix: `L`, `u`, `U`, `u8`, and with `"`
    /// in C++ also `R`, `LR`, `uR`, `UR`, `u8R`.
    func literalPrefix(_ start: Int, _ length: Int, quote: UInt8) -> LiteralPrefix? {
        guard rules.encodingPrefixes, length <= 3 else { return nil }
        var p = start
        let stop = start + length
        switch bytes[p] {
        case UInt8(ascii: "L"), UInt8(ascii: "U"):
            p += 1
        case UInt8(ascii: "u"):
            p += 1
            if p < stop, bytes[p] == UInt8(ascii: "8") { p += 1 }
        default:
            break
        }
        if p == stop { return p > start ? .encoding : nil }
        if rules.cppRawStrings, quote == UInt8(ascii: "\""), p + 1 == stop, bytes[p] == UInt8(ascii: "R") { return .raw }
        return nil
    }

    mutating func openBracket(_ shape: BracketShape) {
        if var top = interpolations.last, top.closer == shape {
            top.depth += 1
            interpolations[interpolations.count - 1] = top
        }
        if rules.regexLiterals, shape == .paren { parenFollowsCondition.append(lastWasConditionKeyword) }
        if rules.regexLiterals, shape == .brace { braceOpensExpression.append(previousTokenExpectsValue()) }
        emit(.openBracket, pos, pos + 1, bracket: shape)
        pos += 1
        regexAllowed = true
    }

    mutating func closeBracket(_ shape: BracketShape) {
        if var top = interpolations.last, top.closer == shape {
            if top.depth == 0 {
                interpolations.removeLast()
                continueInterpolatedLiteral(top)
                return
            }
            top.depth -= 1
            interpolations[interpolations.count - 1] = top
        }
        emit(.closeBracket, pos, pos + 1, bracket: shape)
        pos += 1
        // After `)` or `]` an operand ended, unless the `)` closed an `if (…)` condition; after `}` a block
        // usually did, so a statement may start.
        regexAllowed = shape == .brace
        if rules.regexLiterals, shape == .paren, let condition = parenFollowsCondition.popLast() { regexAllowed = condition }
        if rules.regexLiterals, shape == .brace, let expression = braceOpensExpression.popLast() { regexAllowed = !expression }
    }

    /// Whether the token before a `{` leaves a value to come (`=`, `(`, `,`, `:`, `return`, an operator),
    /// so the `{` opens an object literal or a JSX value; after `)`, a name, `=>`, `;` or `}` it opens a block.
    func previousTokenExpectsValue() -> Bool {
        guard let previous = tokens.last(where: { $0.kind != .comment }) else { return false }
        let start = previous.range.start
        let length = previous.range.end - start
        switch previous.kind {
        case .openBracket:
            return previous.bracket != .brace
        case .punctuation:
            let isArrow = length == 2 && bytes[start] == UInt8(ascii: "=") && bytes[start + 1] == UInt8(ascii: ">")
            let isSemicolon = length == 1 && bytes[start] == UInt8(ascii: ";")
            return !isArrow && !isSemicolon
        case .keyword:
            return Self.keywordsBeforeValue.contains(bytes, start, length)
        default:
            return false
        }
    }

    /// Keywords after which a `{` is a value: `return {…}` returns an object literal.
    private static let keywordsBeforeValue = KeywordSet(["return", "yield", "await", "typeof", "in", "of", "new", "void", "delete"])

    mutating func scanOperator() {
        let start = pos
        var length = rules.operators.matchLength(bytes, start, end)
        // `a?.5:1` is a conditional, not optional chaining.
        if length == 2, bytes[start] == UInt8(ascii: "?"), bytes[start + 1] == UInt8(ascii: "."), isDigit(byte(start + 2)) {
            length = 1
        }
        emit(.punctuation, start, start + length)
        pos = start + length
        // `a++ / b` divides; every other operator leaves an operand to come.
        regexAllowed = !(length == 2 && (bytes[start] == UInt8(ascii: "+") || bytes[start] == UInt8(ascii: "-"))
            && bytes[start + 1] == bytes[start])
    }

    mutating func scanDollar() {
        if rules.phpVariables, isIdentifierStart(byte(pos + 1)) {
            let start = pos
            var p = pos + 2
            while p < end, isIdentifierByte(bytes[p]) { p += 1 }
            emit(.variable, start, p)
            pos = p
            regexAllowed = false
        } else if rules.dollarInIdentifiers {
            scanIdentifier()
        } else {
            emit(.punctuation, pos, pos + 1)
            pos += 1
            regexAllowed = true
        }
    }

    mutating func scanBackquote() {
        if rules.templateLiterals {
            scanTemplateStart()
        } else if rules.backquoteStrings {
            scanBackquoteString()
        } else if rules.backquoteIdentifiers, let close = backquoteIdentifierEnd() {
            emit(.identifier, pos, close)
            pos = close
            regexAllowed = false
        } else {
            emit(.unknown, pos, pos + 1)
            pos += 1
        }
    }

    /// Swift's `` `default` ``: the index after the closing backquote on the same line.
    func backquoteIdentifierEnd() -> Int? {
        var p = pos + 1
        while p < end {
            switch bytes[p] {
            case UInt8(ascii: "`"): return p > pos + 1 ? p + 1 : nil
            case 0x0A, 0x0D: return nil
            default: p += 1
            }
        }
        return nil
    }

    mutating func scanHash() {
        let next = byte(pos + 1)
        if rules.hashComments, next != UInt8(ascii: "[") {
            scanLineComment(from: pos)
        } else if rules.preprocessor, atLineStart {
            scanPreprocessorLine()
        } else if rules.swiftStrings, let hashes = swiftRawStringHashes() {
            scanSwiftString(from: pos, hashes: hashes)
        } else if let stop = swiftExtendedRegexEnd() {
            emit(.regex, pos, stop)
            pos = stop
            regexAllowed = false
        } else {
            emit(.punctuation, pos, pos + 1)
            pos += 1
            regexAllowed = true
        }
    }

    /// The number of `#` before a `"` at `pos` (Swift raw string), or nil.
    func swiftRawStringHashes() -> Int? {
        var p = pos
        while p < end, bytes[p] == UInt8(ascii: "#") { p += 1 }
        return byte(p) == UInt8(ascii: "\"") ? p - pos : nil
    }
}
