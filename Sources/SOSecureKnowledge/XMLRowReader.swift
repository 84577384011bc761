import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming reader for the Stack Exchange dump shape: one root element holding
/// `<row attr="…"/>` elements. Hand-written because the dumps reach 100 GB: it keeps one
/// chunk (plus the current row) in memory, decodes entities in attribute values, and
/// rejects anything that is not well-formed for this shape with its line and column.
final class XMLRowReader {
    let path: String
    private let source: ByteSource
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private let chunkSize: Int
    /// Valid bytes are `buffer[head..<tail]`; `base` is the stream offset of `buffer[0]`.
    private var head = 0
    private var tail = 0
    private var base: Int64
    private var eof = false
    private let maxTagBytes: Int
    private(set) var position: XMLPosition
    private var sawRoot: Bool

    init(source: ByteSource, start: XMLPosition = .start, chunkSize: Int = 1 << 20, maxTagBytes: Int = 256 << 20) throws {
        self.source = source
        self.path = source.displayPath
        self.capacity = max(chunkSize, 64)
        self.chunkSize = self.capacity
        self.buffer = .allocate(capacity: self.capacity)
        self.maxTagBytes = maxTagBytes
        self.position = start
        self.base = start.offset
        self.sawRoot = !start.openElements.isEmpty
        try source.skip(to: start.offset)
    }

    deinit { buffer.deallocate() }

    /// Stream bytes consumed so far.
    var offset: Int64 { position.offset }

    /// The next row, or nil at the clean end of the document.
    func next() throws -> XMLRow? {
        while true {
            guard try ensure(1) else { return try finish() }
            let byte = buffer[head]
            if byte == UInt8(ascii: "<") {
                guard try ensure(2) else { throw error(at: head, "unexpected end of file after '<'") }
                let second = buffer[head + 1]
                if second == UInt8(ascii: "?") {
                    try skipConstruct(terminator: Array("?>".utf8), what: "processing instruction")
                } else if second == UInt8(ascii: "!") {
                    try skipMarkupDeclaration()
                } else if second == UInt8(ascii: "/") {
                    try readClosingTag()
                } else if let row = try readElement() {
                    return row
                }
            } else if isSpace(byte) {
                consume(1)
            } else {
                let where_ = position.openElements.isEmpty ? "before the root element" : "between rows"
                throw error(at: head, "unexpected text \(where_); expected '<row'")
            }
        }
    }

    // MARK: - Constructs

    private func finish() throws -> XMLRow? {
        if let open = position.openElements.last {
            throw error(at: head, "unexpected end of file: <\(open)> is never closed (truncated file?)")
        }
        if !sawRoot { throw error(at: head, "no root element: the file is empty or not a dump") }
        return nil
    }

    /// `<name attr="v" …/>` or `<name …>`; returns the row for `row` elements.
    private func readElement() throws -> XMLRow? {
        let end = try findTagEnd()
        // end is the index of the closing '>'.
        var index = head + 1
        let nameStart = index
        while index < end, isNameByte(buffer[index]) { index += 1 }
        if index == nameStart { throw error(at: head + 1, "expected an element name after '<'") }
        let isRow = index - nameStart == 3 && buffer[nameStart] == UInt8(ascii: "r") && buffer[nameStart + 1] == UInt8(ascii: "o") && buffer[nameStart + 2] == UInt8(ascii: "w")
        let name = isRow ? "row" : String(decoding: UnsafeBufferPointer(start: buffer + nameStart, count: index - nameStart), as: UTF8.self)
        let selfClosing = end > head && buffer[end - 1] == UInt8(ascii: "/")
        let attributesEnd = selfClosing ? end - 1 : end
        if index < attributesEnd, !isSpace(buffer[index]) {
            throw error(at: index, "expected whitespace, '/>' or '>' after <\(name)")
        }
        var row = XMLRow()
        if isRow {
            if position.openElements.isEmpty { throw error(at: head, "<row> outside of a root element") }
            if position.openElements.count > 1 { throw error(at: head, "<row> nested inside <\(position.openElements.last ?? "")>") }
            let (line, column) = lineColumn(at: head)
            row.line = line
            row.column = column
            row.storage.reserveCapacity(end - head)
            try parseAttributes(from: index, to: attributesEnd, into: &row)
        } else {
            if !position.openElements.isEmpty { throw error(at: head, "unexpected element <\(name)> inside <\(position.openElements.last ?? "")>; expected '<row'") }
            if sawRoot { throw error(at: head, "a second root element <\(name)>") }
            sawRoot = true
            var ignored = XMLRow()
            try parseAttributes(from: index, to: attributesEnd, into: &ignored)
        }
        consume(end + 1 - head)
        if !selfClosing { position.openElements.append(name) }
        return isRow ? row : nil
    }

    private func readClosingTag() throws {
        let end = try findTagEnd()
        var index = head + 2
        let nameStart = index
        while index < end, isNameByte(buffer[index]) { index += 1 }
        let name = String(decoding: UnsafeBufferPointer(start: buffer + nameStart, count: index - nameStart), as: UTF8.self)
        while index < end, isSpace(buffer[index]) { index += 1 }
        if index != end || name.isEmpty { throw error(at: head, "malformed closing tag") }
        guard let open = position.openElements.last else { throw error(at: head, "closing tag </\(name)> without an open element") }
        if open != name { throw error(at: head, "expected </\(open)>, found </\(name)>") }
        consume(end + 1 - head)
        position.openElements.removeLast()
    }

    private func skipMarkupDeclaration() throws {
        guard try ensure(4) else { throw error(at: head, "unexpected end of file in markup declaration") }
        if buffer[head + 2] == UInt8(ascii: "-"), buffer[head + 3] == UInt8(ascii: "-") {
            try skipConstruct(terminator: Array("-->".utf8), what: "comment")
        } else {
            // A DOCTYPE without an internal subset: the dumps never carry one.
            try skipConstruct(terminator: [UInt8(ascii: ">")], what: "declaration")
        }
    }

    private func skipConstruct(terminator: [UInt8], what: String) throws {
        var index = head + 2
        while true {
            while index + terminator.count > tail {
                let relative = index - head
                guard try fill() else { throw error(at: tail, "unexpected end of file inside a \(what)") }
                index = head + relative
            }
            var matched = true
            for (k, byte) in terminator.enumerated() where buffer[index + k] != byte {
                matched = false
                break
            }
            if matched {
                consume(index + terminator.count - head)
                return
            }
            index += 1
            if index - head > maxTagBytes { throw error(at: head, "\(what) longer than \(maxTagBytes) bytes") }
        }
    }

    /// Finds the '>' closing the tag that starts at `head`, skipping quoted attribute values.
    /// Values are most of a dump's bytes, so they are crossed with `memchr` rather than byte by byte.
    private func findTagEnd() throws -> Int {
        var index = head + 1
        var quote: UInt8 = 0
        while true {
            if index >= tail {
                let relative = index - head
                if relative > maxTagBytes {
                    throw error(at: head, "element longer than \(maxTagBytes) bytes; is the file corrupt?")
                }
                guard try fill() else {
                    let (line, column) = lineColumn(at: head)
                    throw error(at: tail, "unexpected end of file inside the element that starts at \(line):\(column) (truncated file?)")
                }
                index = head + relative
                continue
            }
            if quote != 0 {
                let span = tail - index
                let closing = memchr(buffer + index, Int32(quote), span).map { UnsafeMutableRawPointer($0) - UnsafeMutableRawPointer(buffer) }
                let searched = (closing ?? tail) - index
                if searched > 0, let angle = memchr(buffer + index, Int32(UInt8(ascii: "<")), searched) {
                    throw error(at: UnsafeMutableRawPointer(angle) - UnsafeMutableRawPointer(buffer), "'<' inside an attribute value (unterminated quote?)")
                }
                guard let closing else {
                    index = tail
                    continue
                }
                quote = 0
                index = closing + 1
                continue
            }
            let byte = buffer[index]
            if byte == UInt8(ascii: ">") {
                return index
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "<") {
                throw error(at: index, "'<' inside a tag (missing '/>'?)")
            }
            index += 1
        }
    }

    /// Parses `name="value"` pairs in `buffer[from..<to]`, decoding entities into `row.storage`.
    private func parseAttributes(from: Int, to: Int, into row: inout XMLRow) throws {
        var index = from
        while true {
            while index < to, isSpace(buffer[index]) { index += 1 }
            if index >= to { return }
            let nameStart = index
            while index < to, isNameByte(buffer[index]) { index += 1 }
            if index == nameStart { throw error(at: index, "expected an attribute name") }
            let storedNameStart = row.storage.count
            row.storage.append(contentsOf: UnsafeBufferPointer(start: buffer + nameStart, count: index - nameStart))
            let storedNameEnd = row.storage.count
            while index < to, isSpace(buffer[index]) { index += 1 }
            guard index < to, buffer[index] == UInt8(ascii: "=") else {
                throw error(at: index, "expected '=' after attribute name")
            }
            index += 1
            while index < to, isSpace(buffer[index]) { index += 1 }
            guard index < to, buffer[index] == UInt8(ascii: "\"") || buffer[index] == UInt8(ascii: "'") else {
                throw error(at: index, "expected a quoted attribute value")
            }
            let quote = buffer[index]
            index += 1
            let valueStart = row.storage.count
            // The closing quote bounds the value: entities never contain one.
            guard let closingPointer = memchr(buffer + index, Int32(quote), to - index) else {
                throw error(at: to, "unterminated attribute value")
            }
            let valueEnd = UnsafeMutableRawPointer(closingPointer) - UnsafeMutableRawPointer(buffer)
            // Copy runs of ordinary bytes at once; stop only at '&' and at literal line breaks and tabs.
            var runStart = index
            while index < valueEnd {
                let byte = buffer[index]
                if byte != UInt8(ascii: "&"), byte > 0x0D || (byte != 0x0A && byte != 0x0D && byte != 0x09) {
                    index += 1
                    continue
                }
                if index > runStart { row.storage.append(contentsOf: UnsafeBufferPointer(start: buffer + runStart, count: index - runStart)) }
                if byte == UInt8(ascii: "&") {
                    index = try decodeEntity(at: index, limit: valueEnd, into: &row.storage)
                } else {
                    // Attribute-value normalization: literal line breaks and tabs read as spaces.
                    if byte == 0x0D, index + 1 < valueEnd, buffer[index + 1] == 0x0A { index += 1 }
                    row.storage.append(0x20)
                    index += 1
                }
                runStart = index
            }
            if index > runStart { row.storage.append(contentsOf: UnsafeBufferPointer(start: buffer + runStart, count: index - runStart)) }
            row.spans.append((storedNameStart, storedNameEnd, valueStart, row.storage.count))
            index += 1
            if index < to, !isSpace(buffer[index]) {
                throw error(at: index, "expected whitespace between attributes")
            }
        }
    }

    /// Decodes `&…;` at `index`; returns the index after the ';'.
    private func decodeEntity(at index: Int, limit: Int, into output: inout [UInt8]) throws -> Int {
        var end = index + 1
        while end < limit, end - index <= 12, buffer[end] != UInt8(ascii: ";") { end += 1 }
        guard end < limit, buffer[end] == UInt8(ascii: ";") else {
            throw error(at: index, "'&' not followed by an entity reference ending in ';'")
        }
        let body = UnsafeBufferPointer(start: buffer + index + 1, count: end - index - 1)
        if let scalar = HTMLEntities.decodeXMLEntity(body) {
            HTMLEntities.appendUTF8(scalar, to: &output)
        } else {
            let name = String(decoding: body, as: UTF8.self)
            throw error(at: index, "unknown entity '&\(name);' (XML knows &lt; &gt; &amp; &quot; &apos; and numeric references)")
        }
        return end + 1
    }

    // MARK: - Buffer

    /// Makes sure `count` bytes are available from `head`; false at end of stream.
    private func ensure(_ count: Int) throws -> Bool {
        while tail - head < count {
            if !(try fill()) { return false }
        }
        return true
    }

    /// Reads more bytes, moving the unread part to the front and growing when one element fills the buffer.
    private func fill() throws -> Bool {
        if eof { return false }
        if head > 0 {
            let remaining = tail - head
            if remaining > 0 { buffer.update(from: buffer + head, count: remaining) }
            base += Int64(head)
            head = 0
            tail = remaining
            // After a huge row, give the memory back so the reader returns to one chunk.
            if capacity > chunkSize * 2, tail < chunkSize / 2 {
                let shrunk = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
                shrunk.update(from: buffer, count: tail)
                buffer.deallocate()
                buffer = shrunk
                capacity = chunkSize
            }
        }
        if tail == capacity {
            let newCapacity = capacity * 2
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: buffer, count: tail)
            buffer.deallocate()
            buffer = grown
            capacity = newCapacity
        }
        let n = try source.read(into: buffer + tail, capacity: capacity - tail)
        if n == 0 {
            eof = true
            return false
        }
        tail += n
        return true
    }

    /// Marks `count` bytes from `head` as read, keeping the line count.
    private func consume(_ count: Int) {
        var index = head
        let end = head + count
        while index < end, let newline = memchr(buffer + index, 0x0A, end - index) {
            index = UnsafeMutableRawPointer(newline) - UnsafeMutableRawPointer(buffer) + 1
            position.line += 1
            position.lineStart = base + Int64(index)
        }
        head = end
        position.offset = base + Int64(head)
    }

    /// Line and byte column of buffer index `index` (which must not precede `head`).
    private func lineColumn(at index: Int) -> (Int, Int) {
        var line = position.line
        var lineStart = position.lineStart
        var cursor = head
        while cursor < index, cursor < tail {
            if buffer[cursor] == 0x0A {
                line += 1
                lineStart = base + Int64(cursor + 1)
            }
            cursor += 1
        }
        return (line, Int(base + Int64(index) - lineStart) + 1)
    }

    private func error(at index: Int, _ message: String) -> KnowledgeError {
        let (line, column) = lineColumn(at: index)
        return .malformedXML(path: path, line: line, column: column, message: message)
    }

    @inline(__always) private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    @inline(__always) private func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".") || byte >= 0x80
    }
}
