extension CFamilyScanner {
    /// Whether the text has a `<?php` or `<?=` tag. Without one, a `.php` file is a snippet of code
    /// (how generators and chats hand PHP around) rather than a page of HTML.
    func hasPHPOpenTag() -> Bool {
        var p = 0
        while p + 1 < end {
            if bytes[p] == UInt8(ascii: "<"), bytes[p + 1] == UInt8(ascii: "?"), let _ = openTagLength(at: p) { return true }
            p += 1
        }
        return false
    }

    /// The length of `<?php` (followed by whitespace or the end) or `<?=` at `index`.
    func openTagLength(at index: Int) -> Int? {
        guard byte(index) == UInt8(ascii: "<"), byte(index + 1) == UInt8(ascii: "?") else { return nil }
        if byte(index + 2) == UInt8(ascii: "=") { return 3 }
        let php: [UInt8] = [UInt8(ascii: "p"), UInt8(ascii: "h"), UInt8(ascii: "p")]
        for offset in 0..<3 where byte(index + 2 + offset) | 0x20 != php[offset] { return nil }
        let after = index + 5
        guard after >= end || [0x20, 0x09, 0x0A, 0x0D].contains(bytes[after]) else { return nil }
        return 5
    }

    /// HTML from `start` (the file's start or a `?>`) through the next `<?php`/`<?=`, as one `.comment`.
    mutating func scanInlineHTML(from start: Int) {
        var p = start
        if byte(p) == UInt8(ascii: "?"), byte(p + 1) == UInt8(ascii: ">") { p += 2 }
        while p < end {
            if bytes[p] == UInt8(ascii: "<"), let length = openTagLength(at: p) {
                p += length
                break
            }
            p += 1
        }
        if p > start { emit(.comment, start, p) }
        pos = p
        regexAllowed = true
    }

    /// `<<<EOT`, `<<<"EOT"` (heredoc) or `<<<'EOT'` (nowdoc) through its closing label, which may be
    /// indented and followed by `;`, `,` or `)` (PHP 7.3). One `.string` token; a `<<<` not followed by
    /// a label is the `<<` and `<` operators.
    mutating func scanHeredoc() {
        let start = pos
        var p = pos + 3
        while p < end, bytes[p] == UInt8(ascii: " ") || bytes[p] == 0x09 { p += 1 }
        var quote: UInt8 = 0
        if byte(p) == UInt8(ascii: "'") || byte(p) == UInt8(ascii: "\"") {
            quote = bytes[p]
            p += 1
        }
        let labelStart = p
        guard p < end, isIdentifierStart(bytes[p]) else {
            scanOperator()
            return
        }
        while p < end, isIdentifierByte(bytes[p]) { p += 1 }
        let label = labelStart..<p
        if quote != 0 {
            guard byte(p) == quote else {
                scanOperator()
                return
            }
            p += 1
        }
        guard p < end, bytes[p] == 0x0A || bytes[p] == 0x0D else {
            scanOperator()
            return
        }
        // Each following line: skip indentation, compare with the label, require a non-identifier after it.
        var line = p
        while line < end {
            while line < end, bytes[line] == 0x0A || bytes[line] == 0x0D { line += 1 }
            var q = line
            while q < end, bytes[q] == UInt8(ascii: " ") || bytes[q] == 0x09 { q += 1 }
            if q + label.count <= end, (0..<label.count).allSatisfy({ bytes[q + $0] == bytes[label.lowerBound + $0] }),
               q + label.count == end || !isIdentifierByte(bytes[q + label.count]) {
                emitLiteral(start, q + label.count)
                return
            }
            line = endOfLine(from: q)
        }
        let kind = quote == UInt8(ascii: "'") ? "nowdoc" : "heredoc"
        endUnterminated(.string, start, openerLength: p - start,
                        "unterminated \(kind): expected a line with '\(String(decoding: bytes[label], as: UTF8.self))'")
    }
}
