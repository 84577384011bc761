/// Replace the bytes of `range` with `replacement`. An empty range inserts.
public struct Edit: Hashable, Sendable, Codable {
    public let range: TextRange
    public let replacement: String

    public init(range: TextRange, replacement: String) {
        self.range = range
        self.replacement = replacement
    }

    public static func insert(_ text: String, at offset: Int) -> Edit { Edit(range: .empty(at: offset), replacement: text) }
    public static func delete(_ range: TextRange) -> Edit { Edit(range: range, replacement: "") }
}

/// Whether a fix may be applied without a human looking at it.
public enum Applicability: String, Sendable, Codable, Comparable, CaseIterable {
    /// Shown to the user only; never applied by `fix`.
    case displayOnly
    /// Changes behaviour in ways the user should review; applied only on request.
    case unsafe
    /// Keeps the program's intent; applied by default.
    case safe

    private var rank: Int { Applicability.allCases.firstIndex(of: self)! }
    public static func < (lhs: Applicability, rhs: Applicability) -> Bool { lhs.rank < rhs.rank }
}

/// Where a fix came from: a rule's deterministic rewrite or a model's revision.
public enum FixOrigin: Hashable, Sendable, Codable {
    case rule(id: String)
    case llm(model: String, citations: [String])
}

/// A titled set of edits. Edits are kept sorted and are guaranteed not to overlap.
public struct Fix: Hashable, Sendable, Codable {
    public let title: String
    public let edits: [Edit]
    public let applicability: Applicability
    public let origin: FixOrigin

    public init(title: String, edits: [Edit], applicability: Applicability, origin: FixOrigin) throws {
        self.title = title
        self.edits = try EditApplier.sortedNonOverlapping(edits)
        self.applicability = applicability
        self.origin = origin
    }
}

public enum EditError: Error, Equatable, CustomStringConvertible {
    case overlapping(TextRange, TextRange)
    case outOfBounds(TextRange, size: Int)

    public var description: String {
        switch self {
        case let .overlapping(a, b): return "edits overlap: \(a) and \(b)"
        case let .outOfBounds(range, size): return "edit \(range) lies outside a buffer of \(size) bytes"
        }
    }
}

/// Applies edits to a byte buffer, all at once, against the original offsets.
public enum EditApplier {
    /// Sorts edits by position and rejects any two that touch the same bytes.
    /// Two insertions at one offset are ambiguous too, so they count as overlapping.
    public static func sortedNonOverlapping(_ edits: [Edit]) throws -> [Edit] {
        let sorted = edits.sorted { ($0.range.start, $0.range.end) < ($1.range.start, $1.range.end) }
        for (previous, next) in zip(sorted, sorted.dropFirst()) {
            let bothInsertAtSameOffset = previous.range.isEmpty && next.range.isEmpty && previous.range.start == next.range.start
            if previous.range.end > next.range.start || bothInsertAtSameOffset {
                throw EditError.overlapping(previous.range, next.range)
            }
        }
        return sorted
    }

    public static func apply(_ edits: [Edit], to bytes: [UInt8]) throws -> [UInt8] {
        let sorted = try sortedNonOverlapping(edits)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var cursor = 0
        for edit in sorted {
            guard edit.range.start >= 0, edit.range.end <= bytes.count else {
                throw EditError.outOfBounds(edit.range, size: bytes.count)
            }
            output.append(contentsOf: bytes[cursor..<edit.range.start])
            output.append(contentsOf: Array(edit.replacement.utf8))
            cursor = edit.range.end
        }
        output.append(contentsOf: bytes[cursor...])
        return output
    }

    public static func apply(_ edits: [Edit], to text: String) throws -> String {
        String(decoding: try apply(edits, to: Array(text.utf8)), as: UTF8.self)
    }
}
