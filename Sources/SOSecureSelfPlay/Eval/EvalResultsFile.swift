import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A results-file line that cannot be read (not the last line: that one may be cut by a crash).
public struct EvalResultsFileError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let message: String

    public var description: String { line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)" }
}

/// The append-only JSONL file of finished samples that makes `eval` resumable.
///
/// Every sample is written as one line with a single `write` and synced before the next request, so a
/// crash loses at most the sample in progress. A last line without its newline (cut mid-write) is
/// dropped from the file with a warning; a bad line anywhere else is an error naming the line.
public final class EvalResultsFile {
    public let path: String
    /// The records read when the file was opened, in file order.
    public let existing: [EvalSampleRecord]
    /// What was repaired on opening (a cut last line).
    public let warnings: [String]
    private let handle: FileHandle

    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw EvalResultsFileError(path: path, line: 0, message: "cannot create the results file")
            }
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EvalResultsFileError(path: path, line: 0, message: "cannot read the results file (\(error.localizedDescription))")
        }
        let parsed = try Self.parse(data, path: path)
        existing = parsed.records
        var warnings: [String] = []
        do {
            handle = try FileHandle(forUpdating: url)
            if let keep = parsed.validLength, keep < data.count {
                // Cut the partial line off so the next record starts on a line of its own.
                try handle.truncate(atOffset: UInt64(keep))
                warnings.append("\(path):\(parsed.lineCount): ignored an incomplete last line (an interrupted write)")
                try handle.seekToEnd()
            } else {
                try handle.seekToEnd()
                // A whole last record that only lost its newline: end its line before appending.
                if let last = data.last, last != UInt8(ascii: "\n") { try handle.write(contentsOf: Data("\n".utf8)) }
            }
        } catch {
            throw EvalResultsFileError(path: path, line: 0, message: "cannot open the results file for writing (\(error.localizedDescription))")
        }
        self.warnings = warnings
    }

    deinit { try? handle.close() }

    /// Appends one record as one line and makes it durable before returning.
    public func append(_ record: EvalSampleRecord) throws {
        var line = try Self.encoder.encode(record)
        line.append(UInt8(ascii: "\n"))
        do {
            try handle.write(contentsOf: line)
            try handle.synchronize()
        } catch {
            throw EvalResultsFileError(path: path, line: 0, message: "cannot append to the results file (\(error.localizedDescription))")
        }
    }

    /// The latest record of every (task, sample) pair.
    public static func latest(_ records: [EvalSampleRecord]) -> [SampleKey: EvalSampleRecord] {
        var byKey: [SampleKey: EvalSampleRecord] = [:]
        for record in records { byKey[SampleKey(task: record.task, sample: record.sample)] = record }
        return byKey
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    struct Parsed {
        var records: [EvalSampleRecord]
        /// Bytes to keep when the last line is incomplete; nil when the file is whole.
        var validLength: Int?
        var lineCount: Int
    }

    /// Reads every line; blank lines are skipped. Only a last line without a final newline may be broken.
    static func parse(_ data: Data, path: String) throws -> Parsed {
        let bytes = [UInt8](data)
        var records: [EvalSampleRecord] = []
        var lineStart = 0
        var lineNumber = 0
        let decoder = JSONDecoder()
        while lineStart < bytes.count {
            lineNumber += 1
            let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n"))
            let lineEnd = newline ?? bytes.count
            let line = bytes[lineStart..<lineEnd]
            defer { lineStart = lineEnd + 1 }
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) { continue }
            do {
                let record = try decoder.decode(EvalSampleRecord.self, from: Data(line))
                guard record.version == EvalSampleRecord.currentVersion else {
                    throw EvalResultsFileError(path: path, line: lineNumber,
                                               message: "results format version \(record.version) is not supported (expected \(EvalSampleRecord.currentVersion))")
                }
                records.append(record)
            } catch let error as EvalResultsFileError {
                throw error
            } catch {
                if newline == nil {
                    return Parsed(records: records, validLength: lineStart, lineCount: lineNumber)
                }
                throw EvalResultsFileError(path: path, line: lineNumber,
                                           message: "not a sample record (\(Self.describe(error))); expected one JSON object per line as written by sosecure eval")
            }
        }
        return Parsed(records: records, validLength: nil, lineCount: lineNumber)
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return field.isEmpty ? context.debugDescription : "field '\(field)': \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return field.isEmpty ? "invalid JSON" : "field '\(field)': \(context.debugDescription)"
        default: return "\(error)"
        }
    }
}

/// A sample's place: its task and its index within the task.
public struct SampleKey: Hashable, Sendable, Comparable {
    public let task: String
    public let sample: Int

    public init(task: String, sample: Int) {
        self.task = task
        self.sample = sample
    }

    public static func < (lhs: SampleKey, rhs: SampleKey) -> Bool {
        (lhs.task, lhs.sample) < (rhs.task, rhs.sample)
    }
}
