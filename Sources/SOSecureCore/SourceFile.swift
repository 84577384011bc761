import Foundation

/// One file handed to SOSecure: a display path and its raw bytes.
/// Bytes are kept as read; front ends decide how to decode them and report
/// invalid input as diagnostics rather than refusing the file.
public struct SourceFile: Sendable {
    public let path: String
    public let bytes: [UInt8]
    public let lineIndex: LineIndex

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        self.lineIndex = LineIndex(bytes)
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// Reads a file from disk; `-` reads standard input. `reportedAs` names it in findings when that
    /// should differ from the path it is read from (`src/a.py` for `./src/a.py`).
    public static func read(path: String, reportedAs displayPath: String? = nil) throws -> SourceFile {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return SourceFile(path: "<stdin>", bytes: [UInt8](data))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw SourceFileError.unreadable(path: path, reason: isDirectory.boolValue ? "is a directory" : "permission denied")
            }
            throw SourceFileError.unreadable(path: path, reason: "no such file")
        }
        return SourceFile(path: displayPath ?? path, bytes: [UInt8](data))
    }

    public var language: Language? { Language(path: path) }

    public func location(of offset: Int) -> SourceLocation { lineIndex.location(of: offset) }

    /// Source text of a range, with invalid UTF-8 repaired for display.
    public func text(in range: TextRange) -> String {
        let clamped = max(0, min(range.start, bytes.count))..<max(0, min(range.end, bytes.count))
        return String(decoding: bytes[clamped], as: UTF8.self)
    }
}

public enum SourceFileError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read file: \(reason)"
        }
    }
}
