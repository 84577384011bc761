/// One line of a unified diff.
public struct DiffLine: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case context, removed, added }
    public let kind: Kind
    /// The line without its terminator.
    public let text: String
    /// False for a last line that has no newline (shown as `\ No newline at end of file`).
    public let hasNewline: Bool
}

/// A block of changed lines with surrounding context, in unified-diff coordinates (1-based lines).
public struct DiffHunk: Sendable, Hashable {
    public let oldStart: Int
    public let oldCount: Int
    public let newStart: Int
    public let newCount: Int
    public let lines: [DiffLine]

    public var header: String {
        "@@ -\(Self.span(oldStart, oldCount)) +\(Self.span(newStart, newCount)) @@"
    }

    /// Old lines this hunk covers, context included (empty when the hunk only inserts).
    public var oldLines: ClosedRange<Int>? {
        oldCount == 0 ? nil : oldStart...(oldStart + oldCount - 1)
    }

    /// Old lines the hunk removes or replaces; for a pure insertion, the line it follows.
    public var changedOldLines: ClosedRange<Int> {
        var line = oldStart
        var first: Int?
        var last: Int?
        for diffLine in lines {
            switch diffLine.kind {
            case .context: line += 1
            case .removed:
                first = first ?? line
                last = line
                line += 1
            case .added:
                first = first ?? max(1, line - 1)
                last = last ?? max(1, line - 1)
            }
        }
        let start = first ?? oldStart
        return start...max(start, last ?? start)
    }

    /// The hunk as unified-diff text, header first, each line ending in a newline.
    public var text: String {
        var out = header + "\n"
        for line in lines {
            let marker: String
            switch line.kind {
            case .context: marker = " "
            case .removed: marker = "-"
            case .added: marker = "+"
            }
            out += marker + line.text + "\n"
            if !line.hasNewline { out += "\\ No newline at end of file\n" }
        }
        return out
    }

    /// Unified format writes an empty range's start as the line before it.
    private static func span(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(count == 0 ? start - 1 : start),\(count)"
    }
}

/// Line diff of two texts (Myers' O(ND) shortest edit script), grouped into unified-diff hunks.
public struct LineDiff: Sendable {
    public let hunks: [DiffHunk]

    /// Past this many differences the texts are treated as replaced wholesale: the edit graph's trace
    /// grows with the square of the difference, and such a diff explains nothing anyway.
    static let maximumDifferences = 4_000

    public init(old: String, new: String, context: Int = 3) {
        let a = Self.lines(old)
        let b = Self.lines(new)
        let script = Self.editScript(a.map(\.key), b.map(\.key))
        hunks = Self.hunks(script, a, b, context: context)
    }

    public var isEmpty: Bool { hunks.isEmpty }

    /// A `---`/`+++` file label in git's style: `a/src/x.py`, and `a/tmp/x.py` for `/tmp/x.py`.
    public static func label(_ side: String, _ path: String) -> String {
        path.hasPrefix("/") ? side + path : "\(side)/\(path)"
    }

    /// The whole diff with `---`/`+++` headers; empty when the texts are equal.
    public func unified(oldPath: String, newPath: String) -> String {
        guard !hunks.isEmpty else { return "" }
        return "--- \(oldPath)\n+++ \(newPath)\n" + hunks.map(\.text).joined()
    }

    struct Line {
        let text: String
        let hasNewline: Bool
        /// Lines compare with their terminator, so a lost final newline is a change.
        var key: String { hasNewline ? text + "\n" : text }
    }

    static func lines(_ text: String) -> [Line] {
        var result: [Line] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                result.append(Line(text: String(decoding: current, as: UTF8.self), hasNewline: true))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty { result.append(Line(text: String(decoding: current, as: UTF8.self), hasNewline: false)) }
        return result
    }

    enum Step: Equatable {
        case keep(Int, Int)
        case delete(Int)
        case insert(Int)
    }

    /// The shortest sequence of keeps, deletes and inserts turning `a` into `b`.
    static func editScript(_ a: [String], _ b: [String]) -> [Step] {
        // Common prefix and suffix cost nothing to find and shrink the search.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        var steps = (0..<prefix).map { Step.keep($0, $0) }
        steps += myers(middleA, middleB).map { step in
            switch step {
            case let .keep(i, j): return .keep(i + prefix, j + prefix)
            case let .delete(i): return .delete(i + prefix)
            case let .insert(j): return .insert(j + prefix)
            }
        }
        steps += (0..<suffix).map { Step.keep(a.count - suffix + $0, b.count - suffix + $0) }
        return steps
    }

    private static func myers(_ a: [String], _ b: [String]) -> [Step] {
        let n = a.count, m = b.count
        if n == 0 { return (0..<m).map(Step.insert) }
        if m == 0 { return (0..<n).map(Step.delete) }
        let limit = min(n + m, maximumDifferences)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var found = false
        search: for d in 0...limit {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m {
                    found = true
                    break search
                }
            }
        }
        guard found else { return (0..<n).map(Step.delete) + (0..<m).map(Step.insert) }
        // Walk the trace back from the end to recover the path.
        var steps: [Step] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1
            let previousX = d == 0 ? 0 : v[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                x -= 1
                y -= 1
                steps.append(.keep(x, y))
            }
            if d > 0 {
                if x == previousX { steps.append(.insert(previousY)) } else { steps.append(.delete(previousX)) }
            }
            x = previousX
            y = previousY
        }
        return steps.reversed()
    }

    private static func hunks(_ script: [Step], _ a: [Line], _ b: [Line], context: Int) -> [DiffHunk] {
        let changeIndices = script.indices.filter { if case .keep = script[$0] { return false } else { return true } }
        guard !changeIndices.isEmpty else { return [] }
        // Group changes whose context windows touch.
        var groups: [ClosedRange<Int>] = []
        for index in changeIndices {
            if let last = groups.last, index - last.upperBound <= 2 * context + 1 {
                groups[groups.count - 1] = last.lowerBound...index
            } else {
                groups.append(index...index)
            }
        }
        return groups.map { group in
            let start = max(0, group.lowerBound - context)
            let end = min(script.count - 1, group.upperBound + context)
            var lines: [DiffLine] = []
            var oldStart: Int?
            var newStart: Int?
            var oldCount = 0, newCount = 0
            // Where the hunk sits when one side is empty: the position of the first step in that text.
            var oldPosition = 0, newPosition = 0
            for step in script[..<start] {
                switch step {
                case .keep: oldPosition += 1; newPosition += 1
                case .delete: oldPosition += 1
                case .insert: newPosition += 1
                }
            }
            for step in script[start...end] {
                switch step {
                case let .keep(i, j):
                    oldStart = oldStart ?? i + 1
                    newStart = newStart ?? j + 1
                    oldCount += 1
                    newCount += 1
                    lines.append(DiffLine(kind: .context, text: a[i].text, hasNewline: a[i].hasNewline))
                case let .delete(i):
                    oldStart = oldStart ?? i + 1
                    oldCount += 1
                    lines.append(DiffLine(kind: .removed, text: a[i].text, hasNewline: a[i].hasNewline))
                case let .insert(j):
                    newStart = newStart ?? j + 1
                    newCount += 1
                    lines.append(DiffLine(kind: .added, text: b[j].text, hasNewline: b[j].hasNewline))
                }
            }
            return DiffHunk(oldStart: oldStart ?? oldPosition + 1, oldCount: oldCount,
                            newStart: newStart ?? newPosition + 1, newCount: newCount, lines: lines)
        }
    }
}
