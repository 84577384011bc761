/// Everything that can go wrong in the knowledge base, phrased for the person at the terminal.
/// Each case names the file (and line/column when there is one) and what was expected.
public enum KnowledgeError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A dump file is not well-formed XML at the given position.
    case malformedXML(path: String, line: Int, column: Int, message: String)
    /// A file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// A knowledge source file (YAML, Markdown) breaks the documented schema.
    case schema([SchemaViolation])
    /// The database file cannot be used.
    case database(path: String, reason: String)
    /// An ingest stopped on request (test hook) after committing whole batches.
    case interrupted(batches: Int)
    /// `--resume` found nothing to resume from, or a different dump than the one being resumed.
    case cannotResume(String)
    /// Talking to the Stack Exchange API failed.
    case api(String)
    /// Invalid user input outside of files (dates, options).
    case invalidInput(String)

    public var description: String {
        switch self {
        case let .malformedXML(path, line, column, message):
            return "\(path):\(line):\(column): malformed XML: \(message)"
        case let .unreadable(path, reason):
            return "\(path): cannot read: \(reason)"
        case let .schema(violations):
            return violations.map(\.description).joined(separator: "\n")
        case let .database(path, reason):
            return "\(path): \(reason)"
        case let .interrupted(batches):
            return "ingest interrupted after \(batches) committed batch(es); re-run with --resume to continue"
        case let .cannotResume(reason):
            return "cannot resume: \(reason)"
        case let .api(message):
            return "Stack Exchange API: \(message)"
        case let .invalidInput(message):
            return message
        }
    }
}

/// One broken rule of the knowledge-base source format, located precisely.
public struct SchemaViolation: Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let column: Int
    /// The field at fault (`comments[1].score`), or `entry` for the entry as a whole.
    public let field: String
    public let message: String

    public init(path: String, line: Int, column: Int, field: String, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String { "\(path):\(line):\(column): \(field): \(message)" }
}
