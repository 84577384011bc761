/// A half-open range of UTF-8 byte offsets into a source buffer.
/// Byte offsets are the one coordinate every front end agrees on; lines and
/// columns are derived from them through a `LineIndex`.
public struct TextRange: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        precondition(start <= end, "TextRange start \(start) is after end \(end)")
        self.start = start
        self.end = end
    }

    public static func empty(at offset: Int) -> TextRange { TextRange(start: offset, end: offset) }

    public var length: Int { end - start }
    public var isEmpty: Bool { start == end }

    public func contains(_ offset: Int) -> Bool { offset >= start && offset < end }
    public func contains(_ other: TextRange) -> Bool { other.start >= start && other.end <= end }
    public func overlaps(_ other: TextRange) -> Bool { start < other.end && other.start < end }

    /// The smallest range covering both.
    public func union(_ other: TextRange) -> TextRange {
        TextRange(start: min(start, other.start), end: max(end, other.end))
    }

    public static func < (lhs: TextRange, rhs: TextRange) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }

    public var description: String { "\(start)..<\(end)" }
}
