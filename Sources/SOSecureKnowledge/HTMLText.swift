#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A post body split the way the knowledge base needs it: prose as plain text (with URLs and
/// e-mail addresses masked) and each `<pre>` code block kept verbatim on its own.
struct HTMLText: Sendable, Equatable {
    var prose: String
    var codeBlocks: [String]
    /// A language named by a block's `class="lang-…"` hint, when one was given.
    var languageHint: String?

    static let urlMask = "[url]"
    static let emailMask = "[email]"

    /// Splits Stack Overflow body HTML. Never fails: unknown tags are dropped, stray `<` kept as text.
    /// Runs of plain bytes are copied at once: this runs over every post of a dump.
    static func parse(_ html: UnsafeBufferPointer<UInt8>) -> HTMLText {
        var prose: [UInt8] = []
        prose.reserveCapacity(html.count / 2)
        var blocks: [String] = []
        var hint: String?
        var code: [UInt8] = []
        var inPre = false
        var index = 0
        var runStart = 0
        let count = html.count
        func flushRun(_ end: Int) {
            guard end > runStart, let base = html.baseAddress else { return }
            let run = UnsafeBufferPointer(start: base + runStart, count: end - runStart)
            if inPre { code.append(contentsOf: run) } else { prose.append(contentsOf: run) }
        }
        while index < count {
            let byte = html[index]
            if byte != UInt8(ascii: "<"), byte != UInt8(ascii: "&") {
                index += 1
                continue
            }
            if byte == UInt8(ascii: "<") {
                guard let tag = Tag.read(html, at: index) else {
                    index += 1
                    continue
                }
                flushRun(index)
                index = tag.end
                runStart = index
                switch tag.kind {
                case .pre:
                    if tag.closing {
                        if inPre {
                            blocks.append(String(decoding: trimNewlines(code), as: UTF8.self))
                            code.removeAll(keepingCapacity: true)
                            inPre = false
                            prose.append(0x0A)
                        }
                    } else {
                        if inPre { blocks.append(String(decoding: trimNewlines(code), as: UTF8.self)); code.removeAll(keepingCapacity: true) }
                        inPre = true
                        if hint == nil, let language = tag.languageClass { hint = language }
                    }
                case .block where !inPre:
                    prose.append(0x0A)
                case .code where !inPre:
                    prose.append(UInt8(ascii: "`"))
                default:
                    break
                }
                continue
            }
            var end = index + 1
            while end < count, end - index <= 10, html[end] != UInt8(ascii: ";") { end += 1 }
            if end < count, html[end] == UInt8(ascii: ";"),
               let scalar = HTMLEntities.decodeHTMLEntity(UnsafeBufferPointer(rebasing: html[(index + 1)..<end])) {
                flushRun(index)
                if inPre { HTMLEntities.appendUTF8(scalar, to: &code) } else { HTMLEntities.appendUTF8(scalar, to: &prose) }
                index = end + 1
                runStart = index
                continue
            }
            index += 1
        }
        flushRun(count)
        if inPre, !code.isEmpty { blocks.append(String(decoding: trimNewlines(code), as: UTF8.self)) }
        let masked = maskAddresses(collapseSpace(prose))
        return HTMLText(prose: String(decoding: masked, as: UTF8.self), codeBlocks: blocks.filter { !$0.isEmpty }, languageHint: hint)
    }

    static func parse(_ html: String) -> HTMLText {
        var copy = html
        return copy.withUTF8 { parse($0) }
    }

    /// Collapses runs of spaces and blank lines so stored prose stays compact.
    private static func collapseSpace(_ text: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: text.count) { output, written in
            var count = 0
            var pendingSpace = false
            var pendingNewline = false
            text.withUnsafeBufferPointer { input in
                for byte in input {
                    if byte > 0x20 {
                        if pendingNewline || pendingSpace {
                            if count > 0 {
                                output[count] = pendingNewline ? 0x0A : 0x20
                                count += 1
                            }
                            pendingSpace = false
                            pendingNewline = false
                        }
                        output[count] = byte
                        count += 1
                    } else if byte == 0x0A || byte == 0x0D {
                        pendingNewline = true
                    } else if byte == 0x20 || byte == 0x09 {
                        pendingSpace = true
                    } else {
                        if count > 0 {
                            if pendingNewline { output[count] = 0x0A; count += 1 } else if pendingSpace { output[count] = 0x20; count += 1 }
                        }
                        pendingSpace = false
                        pendingNewline = false
                        output[count] = byte
                        count += 1
                    }
                }
            }
            written = count
        }
    }

    private static func trimNewlines(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x0A || bytes[start] == 0x0D { start += 1 }
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D || bytes[end - 1] == 0x20 { end -= 1 }
        return bytes[start..<end]
    }

    /// Replaces whitespace-separated words that are URLs or e-mail addresses with a mask,
    /// keeping trailing punctuation so sentences still read.
    static func maskAddresses(_ text: [UInt8]) -> [UInt8] {
        if !mayHoldAddress(text) { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == 0x20 || byte == 0x0A {
                output.append(byte)
                index += 1
                continue
            }
            var end = index
            while end < text.count, text[end] != 0x20, text[end] != 0x0A { end += 1 }
            var wordEnd = end
            while wordEnd > index, isTrailingPunctuation(text[wordEnd - 1]) { wordEnd -= 1 }
            let word = text[index..<wordEnd]
            if isURL(word) {
                output.append(contentsOf: Array(urlMask.utf8))
                output.append(contentsOf: text[wordEnd..<end])
            } else if let (start, stop) = emailSpan(word) {
                output.append(contentsOf: text[index..<start])
                output.append(contentsOf: Array(emailMask.utf8))
                output.append(contentsOf: text[stop..<end])
            } else {
                output.append(contentsOf: text[index..<end])
            }
            index = end
        }
        return output
    }

    /// False when no word can be masked: no '@', no "://" and no "www.". Most prose has none,
    /// and this check costs a few `memchr` calls instead of a word-by-word copy.
    static func mayHoldAddress(_ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count >= 5 else { return false }
            let count = buffer.count
            if memchr(base, Int32(UInt8(ascii: "@")), count) != nil { return true }
            var offset = 0
            while offset < count, let colon = memchr(base + offset, Int32(UInt8(ascii: ":")), count - offset) {
                let at = UnsafeRawPointer(colon) - UnsafeRawPointer(base)
                if at + 2 < count, base[at + 1] == UInt8(ascii: "/"), base[at + 2] == UInt8(ascii: "/") { return true }
                offset = at + 1
            }
            offset = 3
            while offset < count, let dot = memchr(base + offset, Int32(UInt8(ascii: ".")), count - offset) {
                let at = UnsafeRawPointer(dot) - UnsafeRawPointer(base)
                if at >= 3, base[at - 1] | 0x20 == UInt8(ascii: "w"), base[at - 2] | 0x20 == UInt8(ascii: "w"), base[at - 3] | 0x20 == UInt8(ascii: "w") { return true }
                offset = at + 1
            }
            return false
        }
    }

    private static func isTrailingPunctuation(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: ";")
            || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "`")
    }

    private static let schemes: [[UInt8]] = ["http://", "https://", "ftp://", "www."].map { Array($0.utf8) }

    private static func isURL(_ word: ArraySlice<UInt8>) -> Bool {
        guard word.count >= 5 else { return false }
        var start = word.startIndex
        while start < word.endIndex, word[start] == UInt8(ascii: "(") || word[start] == UInt8(ascii: "`") || word[start] == UInt8(ascii: "\"") { start += 1 }
        guard start < word.endIndex else { return false }
        // Cheap first-letter test before comparing whole schemes (this runs on every word of every post).
        let first = word[start] | 0x20
        guard first == UInt8(ascii: "h") || first == UInt8(ascii: "f") || first == UInt8(ascii: "w") else { return false }
        for scheme in schemes where word.endIndex - start >= scheme.count {
            var matches = true
            for (offset, byte) in scheme.enumerated() where word[start + offset] | 0x20 != byte {
                matches = false
                break
            }
            if matches { return true }
        }
        return false
    }

    /// The local@domain.tld part of a word, if it holds an e-mail address.
    private static func emailSpan(_ word: ArraySlice<UInt8>) -> (Int, Int)? {
        guard let at = word.firstIndex(of: UInt8(ascii: "@")) else { return nil }
        func isLocal(_ b: UInt8) -> Bool {
            isAlnum(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
        }
        var start = at
        while start > word.startIndex, isLocal(word[start - 1]) { start -= 1 }
        var end = at + 1
        var dots = 0
        while end < word.endIndex, isAlnum(word[end]) || word[end] == UInt8(ascii: ".") || word[end] == UInt8(ascii: "-") {
            if word[end] == UInt8(ascii: ".") { dots += 1 }
            end += 1
        }
        guard start < at, end > at + 1, dots > 0, word[end - 1] != UInt8(ascii: ".") else { return nil }
        return (start, end)
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// Masks URLs and addresses in plain text (comments, API prose).
    static func maskAddresses(_ text: String) -> String {
        // Most comments hold neither; skip the copy.
        let bytes = Array(text.utf8)
        if !mayHoldAddress(bytes) { return text }
        return String(decoding: maskAddresses(bytes), as: UTF8.self)
    }
}

/// An HTML tag as far as text extraction cares: what kind, direction, and a `lang-…` class.
private struct Tag {
    enum Kind { case pre, code, block, other }
    var kind: Kind
    var closing: Bool
    var end: Int
    var languageClass: String?

    /// Reads a tag at `start`, or nil when the `<` does not open one (e.g. `a < b` in prose).
    static func read(_ html: UnsafeBufferPointer<UInt8>, at start: Int) -> Tag? {
        var index = start + 1
        var closing = false
        if index < html.count, html[index] == UInt8(ascii: "/") {
            closing = true
            index += 1
        }
        let nameStart = index
        while index < html.count, isLetterOrDigit(html[index]) { index += 1 }
        guard index > nameStart, index - nameStart <= 10 else { return nil }
        guard isLetter(html[nameStart]) else { return nil }
        let kind = classify(UnsafeBufferPointer(rebasing: html[nameStart..<index]))
        var quote: UInt8 = 0
        let attributesStart = index
        while index < html.count {
            let byte = html[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            } else if byte == UInt8(ascii: "<") {
                return nil
            }
            index += 1
        }
        guard index < html.count else { return nil }
        var tag = Tag(kind: kind, closing: closing, end: index + 1)
        if kind == .pre, !closing {
            tag.languageClass = languageClass(String(decoding: UnsafeBufferPointer(rebasing: html[attributesStart..<index]), as: UTF8.self))
        }
        return tag
    }

    /// The tag name's kind, compared case-insensitively on bytes (no String per tag).
    private static func classify(_ name: UnsafeBufferPointer<UInt8>) -> Kind {
        func lower(_ offset: Int) -> UInt8 { name[offset] | 0x20 }
        func isDigit(_ offset: Int) -> Bool { name[offset] >= 0x31 && name[offset] <= 0x36 }
        switch name.count {
        case 1:
            return lower(0) == UInt8(ascii: "p") ? .block : .other
        case 2:
            let (a, b) = (lower(0), lower(1))
            if a == UInt8(ascii: "h"), isDigit(1) { return .block }
            switch (a, b) {
            case (UInt8(ascii: "b"), UInt8(ascii: "r")), (UInt8(ascii: "l"), UInt8(ascii: "i")), (UInt8(ascii: "u"), UInt8(ascii: "l")),
                 (UInt8(ascii: "o"), UInt8(ascii: "l")), (UInt8(ascii: "h"), UInt8(ascii: "r")), (UInt8(ascii: "t"), UInt8(ascii: "r")),
                 (UInt8(ascii: "d"), UInt8(ascii: "d")), (UInt8(ascii: "d"), UInt8(ascii: "t")):
                return .block
            default:
                return .other
            }
        case 3:
            if lower(0) == UInt8(ascii: "p"), lower(1) == UInt8(ascii: "r"), lower(2) == UInt8(ascii: "e") { return .pre }
            if lower(0) == UInt8(ascii: "d"), lower(1) == UInt8(ascii: "i"), lower(2) == UInt8(ascii: "v") { return .block }
            return .other
        case 4:
            if lower(0) == UInt8(ascii: "c"), lower(1) == UInt8(ascii: "o"), lower(2) == UInt8(ascii: "d"), lower(3) == UInt8(ascii: "e") { return .code }
            return .other
        case 5:
            let table: [UInt8] = Array("table".utf8)
            for offset in 0..<5 where lower(offset) != table[offset] { return .other }
            return .block
        case 10:
            let blockquote: [UInt8] = Array("blockquote".utf8)
            for offset in 0..<10 where lower(offset) != blockquote[offset] { return .other }
            return .block
        default:
            return .other
        }
    }

    /// `class="lang-py prettyprint-override"` → `py`.
    private static func languageClass(_ attributes: String) -> String? {
        guard let range = attributes.range(of: "lang-") else { return nil }
        let name = attributes[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "#" }
        return name.isEmpty ? nil : String(name).lowercased()
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
    private static func isLetterOrDigit(_ b: UInt8) -> Bool { isLetter(b) || (b >= 0x30 && b <= 0x39) }
}
