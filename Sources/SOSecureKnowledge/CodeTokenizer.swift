import SOSecureCore

/// What a term came from; decides its weight in a query.
public enum TermKind: Int, Sendable, Comparable, Codable {
    case literal = 0      // a word inside a string literal or a comment
    case part = 1         // one piece of a split identifier
    case identifier = 2   // a whole identifier
    case api = 3          // a dotted name, a keyword-argument name or a boolean flag
    case boosted = 4      // from a finding: rule API names and CWE name words

    public static func < (lhs: TermKind, rhs: TermKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One occurrence of a search term in code.
struct CodeTerm: Equatable {
    var term: String
    var kind: TermKind
}

/// Receives terms as lowercase UTF-8 bytes, so the index side never builds a `String` per term.
protocol TermSink {
    mutating func add(_ term: UnsafeBufferPointer<UInt8>, _ kind: TermKind)
}

/// Terms as values, for queries.
struct TermList: TermSink {
    var terms: [CodeTerm] = []

    mutating func add(_ term: UnsafeBufferPointer<UInt8>, _ kind: TermKind) {
        terms.append(CodeTerm(term: String(decoding: term, as: UTF8.self), kind: kind))
    }
}

/// Terms joined by single spaces: the text an FTS column is built from.
struct TermText: TermSink {
    var bytes: [UInt8] = []

    mutating func add(_ term: UnsafeBufferPointer<UInt8>, _ kind: TermKind) {
        if !bytes.isEmpty { bytes.append(0x20) }
        bytes.append(contentsOf: term)
    }
}

/// A lexer that is good enough for every language the knowledge base holds: it knows
/// identifiers, dotted/`->`/`::` member chains, keyword arguments, string literals
/// (with prefixes, triple quotes, escapes, templates) and comments, and nothing else.
/// The same terms feed the index and the query, so both sides agree on every token.
enum CodeTokenizer {
    /// Terms in source order. Whole identifiers are normalized to lowercase letters and digits
    /// (`user_input`, `userInput` → `userinput`; `subprocess.call` → `subprocesscall`), so they
    /// survive SQLite's tokenizer as one token, and are followed by their parts.
    static func terms(in code: String, language: Language?) -> [CodeTerm] {
        var sink = TermList()
        scan(code, language: language, into: &sink)
        return sink.terms
    }

    /// The terms joined by single spaces (`terms(in:language:)` as one string), built without a `String` per term.
    static func termText(in code: String, language: Language?) -> String {
        var sink = TermText()
        sink.bytes.reserveCapacity(code.utf8.count)
        scan(code, language: language, into: &sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    static func scan<Sink: TermSink>(_ code: String, language: Language?, into sink: inout Sink) {
        var copy = code
        var scratch = Scratch()
        copy.withUTF8 { bytes in scan(bytes, language: language, scratch: &scratch, into: &sink) }
    }

    /// Buffers reused across identifiers.
    struct Scratch {
        var segments: [Range<Int>] = []
        var lower: [UInt8] = []
        var whole: [UInt8] = []
        var parts: [Range<Int>] = []
    }

    private static func scan<Sink: TermSink>(_ s: UnsafeBufferPointer<UInt8>, language: Language?, scratch: inout Scratch, into output: inout Sink) {
        let hashComments = language.map { [.python, .php].contains($0) } ?? true
        let cFamily = language.map { [.c, .cpp].contains($0) } ?? false
        var index = 0
        var depth = 0   // () and {} nesting, for keyword arguments
        let count = s.count
        while index < count {
            let byte = s[index]
            // Comments.
            if byte == UInt8(ascii: "#"), hashComments, !cFamily, !isPreprocessor(s, index) {
                let end = lineEnd(s, index)
                words(s, index + 1, end, kind: .literal, scratch: &scratch, into: &output)
                index = end
                continue
            }
            if byte == UInt8(ascii: "/"), index + 1 < count {
                if s[index + 1] == UInt8(ascii: "/") {
                    let end = lineEnd(s, index)
                    words(s, index + 2, end, kind: .literal, scratch: &scratch, into: &output)
                    index = end
                    continue
                }
                if s[index + 1] == UInt8(ascii: "*") {
                    var end = index + 2
                    while end + 1 < count, !(s[end] == UInt8(ascii: "*") && s[end + 1] == UInt8(ascii: "/")) { end += 1 }
                    words(s, index + 2, min(end, count), kind: .literal, scratch: &scratch, into: &output)
                    index = min(end + 2, count)
                    continue
                }
            }
            // String literals.
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`") {
                index = literal(s, index, raw: false, scratch: &scratch, into: &output)
                continue
            }
            if isIdentStart(byte) {
                var end = index
                while end < count, isIdentByte(s[end]) { end += 1 }
                // String prefixes: f"…", rb'…', u"…".
                if end < count, s[end] == UInt8(ascii: "\"") || s[end] == UInt8(ascii: "'"), end - index <= 2, isStringPrefix(s, index, end) {
                    let raw = s[index..<end].contains { $0 | 0x20 == UInt8(ascii: "r") }
                    index = literal(s, end, raw: raw, scratch: &scratch, into: &output)
                    continue
                }
                // Member chains: a.b.c, $obj->method, std::system, a?.b.
                scratch.segments.removeAll(keepingCapacity: true)
                scratch.segments.append(index..<end)
                var cursor = end
                while cursor < count {
                    var next = cursor
                    if s[next] == UInt8(ascii: "."), next + 1 < count, isIdentStart(s[next + 1]) {
                        next += 1
                    } else if next + 2 < count, (s[next] == UInt8(ascii: "-") && s[next + 1] == UInt8(ascii: ">")) || (s[next] == UInt8(ascii: ":") && s[next + 1] == UInt8(ascii: ":")) || (s[next] == UInt8(ascii: "?") && s[next + 1] == UInt8(ascii: ".")), isIdentStart(s[next + 2]) {
                        next += 2
                    } else {
                        break
                    }
                    var segmentEnd = next
                    while segmentEnd < count, isIdentByte(s[segmentEnd]) { segmentEnd += 1 }
                    scratch.segments.append(next..<segmentEnd)
                    cursor = segmentEnd
                }
                // name= inside a call (not ==), or name: inside braces → keyword argument.
                var after = cursor
                while after < count, s[after] == UInt8(ascii: " ") || s[after] == UInt8(ascii: "\t") { after += 1 }
                let isKeywordArgument = depth > 0 && scratch.segments.count == 1 && after < count
                    && ((s[after] == UInt8(ascii: "=") && !(after + 1 < count && s[after + 1] == UInt8(ascii: "=")))
                        || (s[after] == UInt8(ascii: ":") && !(after + 1 < count && s[after + 1] == UInt8(ascii: ":"))))
                emit(s, keywordArgument: isKeywordArgument, scratch: &scratch, into: &output)
                index = cursor
                continue
            }
            if byte >= 0x30, byte <= 0x39 {
                while index < count, isIdentByte(s[index]) || s[index] == UInt8(ascii: ".") { index += 1 }
                continue
            }
            if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { depth = max(0, depth - 1) }
            index += 1
        }
    }

    /// Emits the terms of the identifier or member chain in `scratch.segments`.
    private static func emit<Sink: TermSink>(_ s: UnsafeBufferPointer<UInt8>, keywordArgument: Bool, scratch: inout Scratch, into output: inout Sink) {
        let ascii = scratch.segments.allSatisfy { range in !s[range].contains { $0 >= 0x80 } }
        guard ascii else {
            let names = scratch.segments.map { String(decoding: UnsafeBufferPointer(rebasing: s[$0]), as: UTF8.self) }
            emitUnicode(names, keywordArgument: keywordArgument, into: &output)
            return
        }
        if scratch.segments.count == 1 {
            let name = UnsafeBufferPointer(rebasing: s[scratch.segments[0]])
            if let flag = booleanFlag(name) {
                add(flag, .api, into: &output)
                return
            }
            if keywordBytes.contains(name) || isIgnored(name) { return }
            emitName(name, wholeKind: keywordArgument ? .api : .identifier, keepKeywordWhole: name.first == UInt8(ascii: "_"),
                     checkWholeAgainst: .normalized, scratch: &scratch, into: &output)
            return
        }
        // A dotted name: the whole chain, its last link, then each segment and its parts.
        let meaningful = scratch.segments.filter { !isIgnored(UnsafeBufferPointer(rebasing: s[$0])) }
        if meaningful.count >= 2 {
            scratch.whole.removeAll(keepingCapacity: true)
            for range in meaningful { appendNormalized(UnsafeBufferPointer(rebasing: s[range]), to: &scratch.whole) }
            scratch.whole.withUnsafeBufferPointer { output.add($0, .api) }
            if meaningful.count > 2 {
                scratch.whole.removeAll(keepingCapacity: true)
                for range in meaningful.suffix(2) { appendNormalized(UnsafeBufferPointer(rebasing: s[range]), to: &scratch.whole) }
                scratch.whole.withUnsafeBufferPointer { output.add($0, .api) }
            }
        }
        for range in meaningful {
            emitName(UnsafeBufferPointer(rebasing: s[range]), wholeKind: .identifier, keepKeywordWhole: false,
                     checkWholeAgainst: .written, scratch: &scratch, into: &output)
        }
    }

    private enum KeywordCheck { case normalized, written }

    /// An ASCII name: its normalized whole (unless a keyword) and, when it splits, its parts.
    private static func emitName<Sink: TermSink>(_ name: UnsafeBufferPointer<UInt8>, wholeKind: TermKind, keepKeywordWhole: Bool,
                                                 checkWholeAgainst: KeywordCheck, scratch: inout Scratch, into output: inout Sink) {
        scratch.whole.removeAll(keepingCapacity: true)
        appendNormalized(name, to: &scratch.whole)
        splitASCII(name, scratch: &scratch)
        if scratch.whole.count >= 2 {
            let isKeyword: Bool
            switch checkWholeAgainst {
            case .normalized: isKeyword = scratch.whole.withUnsafeBufferPointer { keywordBytes.contains($0) } && !keepKeywordWhole
            case .written: isKeyword = keywordBytes.contains(name)
            }
            if !isKeyword { scratch.whole.withUnsafeBufferPointer { output.add($0, wholeKind) } }
        }
        emitParts(.part, skipKeywords: true, scratch: &scratch, into: &output)
    }

    /// Parts found by `splitASCII`, when there are at least two.
    private static func emitParts<Sink: TermSink>(_ kind: TermKind, skipKeywords: Bool, scratch: inout Scratch, into output: inout Sink) {
        guard scratch.parts.count > 1 else { return }
        scratch.lower.withUnsafeBufferPointer { lower in
            for range in scratch.parts {
                let part = UnsafeBufferPointer(rebasing: lower[range])
                if skipKeywords, keywordBytes.contains(part) { continue }
                output.add(part, kind)
            }
        }
    }

    /// The original `String` path, for names with non-ASCII letters.
    private static func emitUnicode<Sink: TermSink>(_ names: [String], keywordArgument: Bool, into output: inout Sink) {
        if names.count == 1 {
            let name = names[0]
            if let flag = booleanFlag(name) {
                add(flag, .api, into: &output)
                return
            }
            if keywords.contains(name) || ignoredNames.contains(name) { return }
            let whole = normalize(name)
            let parts = split(name)
            if whole.count >= 2, !keywords.contains(whole) || name.hasPrefix("_") {
                add(whole, keywordArgument ? .api : .identifier, into: &output)
            }
            if parts.count > 1 {
                for part in parts where !keywords.contains(part) { add(part, .part, into: &output) }
            }
            return
        }
        let meaningful = names.filter { !ignoredNames.contains($0) }
        if meaningful.count >= 2 {
            add(normalize(meaningful.joined()), .api, into: &output)
            if meaningful.count > 2 {
                add(normalize(meaningful.suffix(2).joined()), .api, into: &output)
            }
        }
        for name in meaningful {
            let whole = normalize(name)
            if whole.count >= 2, !keywords.contains(name) { add(whole, .identifier, into: &output) }
            let parts = split(name)
            if parts.count > 1 {
                for part in parts where !keywords.contains(part) { add(part, .part, into: &output) }
            }
        }
    }

    private static func add<Sink: TermSink>(_ term: String, _ kind: TermKind, into output: inout Sink) {
        var copy = term
        copy.withUTF8 { output.add($0, kind) }
    }

    /// Words of a string literal; returns the index after its closing quote.
    private static func literal<Sink: TermSink>(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, raw: Bool, scratch: inout Scratch, into output: inout Sink) -> Int {
        let quote = s[start]
        let count = s.count
        var triple = false
        if start + 2 < count, s[start + 1] == quote, s[start + 2] == quote, quote != UInt8(ascii: "`") {
            triple = true
        }
        var index = start + (triple ? 3 : 1)
        let contentStart = index
        while index < count {
            let byte = s[index]
            if byte == UInt8(ascii: "\\"), !raw {
                index += 2
                continue
            }
            if byte == quote {
                if !triple { break }
                if index + 2 < count, s[index + 1] == quote, s[index + 2] == quote { break }
            }
            // An unterminated ordinary string ends at the line end.
            if byte == 0x0A, !triple, quote != UInt8(ascii: "`") { break }
            index += 1
        }
        let contentEnd = min(index, count)
        words(s, contentStart, contentEnd, kind: .literal, scratch: &scratch, into: &output, limit: 24)
        if index >= count { return count }
        if s[index] == 0x0A { return index }
        return index + (triple ? 3 : 1)
    }

    /// Lowercase words of at least two characters in `s[start..<end]`, identifier-split like code.
    private static func words<Sink: TermSink>(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, kind: TermKind, scratch: inout Scratch,
                                              into output: inout Sink, limit: Int = 40) {
        var index = start
        var emitted = 0
        while index < end, emitted < limit {
            guard isIdentStart(s[index]) else {
                index += 1
                continue
            }
            var wordEnd = index
            var ascii = true
            while wordEnd < end, isIdentByte(s[wordEnd]) {
                if s[wordEnd] >= 0x80 { ascii = false }
                wordEnd += 1
            }
            let bytes = UnsafeBufferPointer(rebasing: s[index..<wordEnd])
            if ascii {
                scratch.whole.removeAll(keepingCapacity: true)
                appendNormalized(bytes, to: &scratch.whole)
                if scratch.whole.count >= 2, scratch.whole.count <= 40 {
                    scratch.whole.withUnsafeBufferPointer { output.add($0, kind) }
                    emitted += 1
                    splitASCII(bytes, scratch: &scratch)
                    emitParts(kind, skipKeywords: false, scratch: &scratch, into: &output)
                }
            } else {
                let word = String(decoding: bytes, as: UTF8.self)
                let whole = normalize(word)
                if whole.count >= 2, whole.count <= 40 {
                    add(whole, kind, into: &output)
                    emitted += 1
                    let parts = split(word)
                    if parts.count > 1 { for part in parts { add(part, kind, into: &output) } }
                }
            }
            index = wordEnd
        }
    }

    /// ASCII letters and digits of `name`, lowercased: `normalize` without a `String`.
    @inline(__always) private static func appendNormalized(_ name: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        for byte in name {
            if byte >= 0x41 && byte <= 0x5A { output.append(byte | 0x20) } else if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) { output.append(byte) }
        }
    }

    /// Lowercase letters and digits only: the form SQLite's unicode61 tokenizer keeps as one token.
    static func normalize(_ name: String) -> String {
        // ASCII fast path: this runs for every identifier of every indexed entry.
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(name.utf8.count)
            for byte in name.utf8 {
                if byte >= 0x41 && byte <= 0x5A { bytes.append(byte | 0x20) } else if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) { bytes.append(byte) }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var result = ""
        result.reserveCapacity(name.utf8.count)
        for scalar in name.unicodeScalars where scalar.properties.isAlphabetic || (scalar.value >= 0x30 && scalar.value <= 0x39) {
            result.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
        }
        return result
    }

    /// `getUserInput` → get, user, input; `HTTPServer` → http, server; `user_input` → user, input.
    /// Parts shorter than two characters are dropped.
    static func split(_ name: String) -> [String] {
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return splitASCII(Array(name.utf8)) }
        var parts: [String] = []
        var current: [Character] = []
        let characters = Array(name)
        func flush() {
            if current.count >= 2 { parts.append(String(current).lowercased()) }
            current.removeAll()
        }
        for (offset, character) in characters.enumerated() {
            if character == "_" || character == "$" || character == "-" || character == "." {
                flush()
                continue
            }
            if character.isUppercase, let previous = current.last {
                let nextIsLower = offset + 1 < characters.count && characters[offset + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { flush() }
            }
            current.append(character)
        }
        flush()
        return parts
    }

    /// `split` for ASCII names, on bytes: leaves the lowercased name in `scratch.lower` and the
    /// ranges of its parts (two characters or more) in `scratch.parts`.
    private static func splitASCII(_ bytes: UnsafeBufferPointer<UInt8>, scratch: inout Scratch) {
        scratch.parts.removeAll(keepingCapacity: true)
        scratch.lower.removeAll(keepingCapacity: true)
        var start = -1
        func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        for (index, byte) in bytes.enumerated() {
            scratch.lower.append(isUpper(byte) ? byte | 0x20 : byte)
            guard isUpper(byte) || isLower(byte) || isDigit(byte) else {
                if start >= 0, index - start >= 2 { scratch.parts.append(start..<index) }
                start = -1
                continue
            }
            if isUpper(byte), start >= 0 {
                let previous = bytes[index - 1]
                let nextIsLower = index + 1 < bytes.count && isLower(bytes[index + 1])
                if isLower(previous) || isDigit(previous) || (isUpper(previous) && nextIsLower) {
                    if index - start >= 2 { scratch.parts.append(start..<index) }
                    start = -1
                }
            }
            if start < 0 { start = index }
        }
        if start >= 0, bytes.count - start >= 2 { scratch.parts.append(start..<bytes.count) }
    }

    /// `split` for ASCII names, on bytes.
    private static func splitASCII(_ bytes: [UInt8]) -> [String] {
        var parts: [String] = []
        var start = -1
        func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func flush(_ end: Int) {
            if start >= 0, end - start >= 2 {
                parts.append(String(decoding: bytes[start..<end].map { isUpper($0) ? $0 | 0x20 : $0 }, as: UTF8.self))
            }
            start = -1
        }
        for (index, byte) in bytes.enumerated() {
            guard isUpper(byte) || isLower(byte) || isDigit(byte) else {
                flush(index)
                continue
            }
            if isUpper(byte), start >= 0 {
                let previous = bytes[index - 1]
                let nextIsLower = index + 1 < bytes.count && isLower(bytes[index + 1])
                if isLower(previous) || isDigit(previous) || (isUpper(previous) && nextIsLower) { flush(index) }
            }
            if start < 0 { start = index }
        }
        flush(bytes.count)
        return parts
    }

    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)

    private static func booleanFlag(_ name: UnsafeBufferPointer<UInt8>) -> String? {
        switch name.count {
        case 4:
            let lower = (name[0] | 0x20, name[1] | 0x20, name[2] | 0x20, name[3] | 0x20)
            guard lower == (UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "u"), UInt8(ascii: "e")) else { return nil }
        case 5:
            guard zip(name, falseBytes).allSatisfy({ $0 | 0x20 == $1 }) else { return nil }
        default:
            return nil
        }
        return booleanFlag(String(decoding: name, as: UTF8.self))
    }

    private static func isIgnored(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count >= 3, name.count <= 5 else { return false }
        return ignoredBytes.contains(name)
    }

    private static func booleanFlag(_ name: String) -> String? {
        switch name {
        case "True", "true", "TRUE": return "true"
        case "False", "false", "FALSE": return "false"
        default: return nil
        }
    }

    private static func isStringPrefix(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        for index in start..<end {
            switch s[index] | 0x20 {
            case UInt8(ascii: "f"), UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "u"): continue
            default: return false
            }
        }
        return true
    }

    private static func isPreprocessor(_ s: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        var cursor = index + 1
        while cursor < s.count, s[cursor] == UInt8(ascii: " ") { cursor += 1 }
        var end = cursor
        while end < s.count, isIdentByte(s[end]) { end += 1 }
        let word = String(decoding: UnsafeBufferPointer(rebasing: s[cursor..<end]), as: UTF8.self)
        return ["include", "define", "ifdef", "ifndef", "endif", "pragma", "undef", "elif"].contains(word)
    }

    private static func lineEnd(_ s: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        var end = index
        while end < s.count, s[end] != 0x0A { end += 1 }
        return end
    }

    @inline(__always) static func isIdentStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || b == UInt8(ascii: "$") || b >= 0x80
    }

    @inline(__always) static func isIdentByte(_ b: UInt8) -> Bool {
        isIdentStart(b) || (b >= 0x30 && b <= 0x39)
    }

    /// Receivers that say nothing about what the code does.
    private static let ignoredNames: Set<String> = ["self", "this", "cls", "super", "$this"]
    private static let ignoredBytes = ByteWordSet(ignoredNames)
    private static let keywordBytes = ByteWordSet(keywords)

    /// Keywords and primitive type names of the supported languages. Booleans are not here:
    /// `shell=True` is exactly the kind of flag a query must keep.
    static let keywords: Set<String> = [
        // Python
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
        "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
        "raise", "return", "try", "while", "with", "yield", "None", "none", "print", "match", "case",
        // C family, Java, JavaScript, Go, PHP, Swift
        "auto", "bool", "boolean", "byte", "char", "const", "default", "do", "double", "enum", "extern", "final",
        "float", "func", "function", "go", "goto", "int", "interface", "let", "long", "namespace", "new", "null",
        "nil", "package", "private", "protected", "public", "register", "short", "signed", "sizeof", "static",
        "struct", "switch", "template", "throw", "throws", "typedef", "typename", "typeof", "union", "unsigned",
        "using", "var", "void", "volatile", "extends", "implements", "instanceof", "abstract", "synchronized",
        "transient", "native", "strictfp", "export", "undefined", "catch", "delete", "of", "chan", "defer",
        "fallthrough", "map", "range", "select", "type", "echo", "elseif", "endif", "endforeach", "foreach",
        "require_once", "include_once", "include", "define", "ifdef", "ifndef", "pragma", "guard", "inout",
        "mutating", "override", "protocol", "extension", "fileprivate", "internal", "where", "some", "any",
        "string", "String", "str", "uint", "int32", "int64", "uint8", "size_t", "std", "end",
    ]
}
