/// Why a dump row did not become (part of) an entry.
public enum DropReason: String, CaseIterable, Codable, Sendable {
    case malformed = "malformed"
    case noCode = "no code"
    case noSecurityVocabulary = "no security vocabulary"
    case belowMinScore = "below min score"
    case tagFilter = "tag filter"
    case questionMissing = "question missing"
    case otherPostType = "not a question or answer"
    case oversized = "body too large"
    case commentNotOnKeptAnswer = "comment not on a kept answer"
}

/// What an ingest did, cumulative across `--resume` runs.
public struct IngestReport: Codable, Sendable, Equatable {
    public var postRowsRead = 0
    public var commentRowsRead = 0
    public var questionsStored = 0
    public var answersStored = 0
    public var commentsStored = 0
    public var entriesKept = 0
    public var dropped: [String: Int] = [:]
    /// The first problems met in individual rows, with file and line.
    public var warnings: [String] = []
    public var bytesRead: Int64 = 0
    public var seconds: Double = 0

    public init() {}

    public var rowsRead: Int { postRowsRead + commentRowsRead }

    public func droppedCount(_ reason: DropReason) -> Int { dropped[reason.rawValue] ?? 0 }

    mutating func drop(_ reason: DropReason) { dropped[reason.rawValue, default: 0] += 1 }

    static let maxWarnings = 20

    mutating func warn(_ message: String) {
        if warnings.count < IngestReport.maxWarnings { warnings.append(message) }
    }

    /// The plain-text summary printed at the end of `kb ingest`.
    public var summary: String {
        var lines = [
            "rows read: \(rowsRead) (\(postRowsRead) posts, \(commentRowsRead) comments)",
            "stored: \(questionsStored) questions, \(answersStored) answers with code, \(commentsStored) comments",
            "entries kept: \(entriesKept)",
        ]
        let drops = DropReason.allCases.filter { droppedCount($0) > 0 }
        if drops.isEmpty {
            lines.append("rows dropped: none")
        } else {
            lines.append("rows dropped:")
            for reason in drops { lines.append("  \(reason.rawValue): \(droppedCount(reason))") }
        }
        if seconds > 0, bytesRead > 0 {
            let mb = Double(bytesRead) / 1_000_000
            lines.append(String(format: "read %.1f MB in %.1f s (%.1f MB/s)", mb, seconds, mb / seconds))
        }
        return lines.joined(separator: "\n")
    }
}

/// A progress snapshot for the terminal bar.
public struct IngestProgress: Sendable {
    public var phase: String
    public var bytesDone: Int64
    public var bytesTotal: Int64?
    public var rows: Int
    public var seconds: Double
}
