import Foundation

/// Maps UTF-8 byte offsets to lines and columns.
/// Line breaks are `\n`, `\r\n` and a lone `\r`, as Python and most editors count them.
public struct LineIndex: Sendable {
    /// Byte offset at which each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]
    private let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        // Most files end lines with `\n` alone: memchr finds those many bytes at a time.
        let hasCarriageReturn = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { memchr($0, Int32(UInt8(ascii: "\r")), buffer.count) != nil } ?? false
        }
        if !hasCarriageReturn {
            bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                var offset = 0
                while offset < buffer.count, let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), buffer.count - offset) {
                    offset = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base + 1
                    starts.append(offset)
                }
            }
            lineStarts = starts
            return
        }
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                starts.append(index + 1)
            } else if byte == UInt8(ascii: "\r") {
                if index + 1 < count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
                starts.append(index + 1)
            }
            index += 1
        }
        lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }

    /// 0-based line number containing `offset` (offsets past the end map to the last line).
    public func lineNumber(containing offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    public func location(of offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        let line = lineNumber(containing: clamped)
        let start = lineStarts[line]
        var utf16 = 0
        var index = start
        while index < clamped {
            let byte = bytes[index]
            // Count one unit per scalar start; 4-byte sequences are surrogate pairs in UTF-16.
            if byte & 0xC0 != 0x80 { utf16 += byte >= 0xF0 ? 2 : 1 }
            index += 1
        }
        return SourceLocation(line: line + 1, column: clamped - start + 1, utf16Column: utf16 + 1)
    }

    /// The byte range of 0-based line `line`, without its line terminator.
    public func rangeOfLine(_ line: Int) -> TextRange {
        let start = lineStarts[line]
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return TextRange(start: start, end: end)
    }

    /// The byte offset of a 1-based line and 1-based UTF-8 column, if it lies in the buffer.
    public func offset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count, column >= 1 else { return nil }
        let offset = lineStarts[line - 1] + column - 1
        return offset <= bytes.count ? offset : nil
    }
}
