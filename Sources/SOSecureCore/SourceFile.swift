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
    /// `maximumBytes`: a larger file is not read (`SourceFileError.tooLarge`).
    public static func read(path: String, reportedAs displayPath: String? = nil, maximumBytes: Int = .max) throws -> SourceFile {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return SourceFile(path: "<stdin>", bytes: [UInt8](data))
        }
        return SourceFile(path: displayPath ?? path, bytes: try readBytes(path, maximumBytes: maximumBytes))
    }

    /// The file's bytes, read straight into the array: a scan reads thousands of small files, and going
    /// through `Data` cost a second copy and a few more system calls each.
    private static func readBytes(_ path: String, maximumBytes: Int) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SourceFileError.unreadable(path: path, reason: errno == ENOENT || errno == ENOTDIR ? "no such file" : "permission denied")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw SourceFileError.unreadable(path: path, reason: "permission denied") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw SourceFileError.unreadable(path: path, reason: "is a directory") }
        if Int(info.st_size) > maximumBytes { throw SourceFileError.tooLarge(path: path, bytes: Int(info.st_size)) }
        let regular = (info.st_mode & S_IFMT) == S_IFREG
        var bytes: [UInt8] = []
        // The size is a hint: a file may change while it is read, and some files report none.
        var chunk = max(Int(info.st_size), 0) + 1
        while true {
            let count = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: chunk))
            let read = bytes.withUnsafeMutableBufferPointer { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + count, chunk)
            }
            if read < 0 && errno == EINTR {
                bytes.removeLast(chunk)
                continue
            }
            guard read >= 0 else {
                throw SourceFileError.unreadable(path: path, reason: "cannot read: \(String(cString: strerror(errno)))")
            }
            bytes.removeLast(chunk - read)
            // A regular file returns less than asked only at its end.
            if read == 0 || (regular && read < chunk) { return bytes }
            chunk = 65_536
        }
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
    /// Over the size the reader was given.
    case tooLarge(path: String, bytes: Int)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read file: \(reason)"
        case let .tooLarge(path, bytes): return "\(path): file is \(bytes) bytes, over the size limit; not read"
        }
    }
}
