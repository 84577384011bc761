import Foundation
import SOSecureCore

/// Findings accepted as they are: `{"version":1,"findings":[{"rule","path","fingerprint"}…]}`.
/// Fingerprints ignore line numbers, so moved code stays baselined; the comparison counts
/// copies, so a new finding identical to a baselined one is still reported.
public struct Baseline: Sendable, Equatable {
    public static let currentVersion = 1

    public struct Entry: Sendable, Hashable, Codable, Comparable {
        public let rule: String
        public let path: String
        public let fingerprint: String

        public init(rule: String, path: String, fingerprint: String) {
            self.rule = rule
            self.path = path
            self.fingerprint = fingerprint
        }

        public init(_ finding: Finding) {
            self.init(rule: finding.ruleID, path: finding.path, fingerprint: finding.fingerprint)
        }

        public static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.path, lhs.rule, lhs.fingerprint) < (rhs.path, rhs.rule, rhs.fingerprint)
        }
    }

    /// Sorted, so the file does not churn when findings come back in another order.
    public let entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries.sorted()
    }

    public init(findings: [Finding]) {
        self.init(entries: findings.map(Entry.init))
    }

    /// The findings not covered by the baseline, in their original order. Each baseline entry
    /// absorbs at most one finding.
    public func filter(_ findings: [Finding]) -> [Finding] {
        var remaining: [Entry: Int] = [:]
        for entry in entries { remaining[entry, default: 0] += 1 }
        return findings.filter { finding in
            let entry = Entry(finding)
            guard let count = remaining[entry], count > 0 else { return true }
            remaining[entry] = count - 1
            return false
        }
    }

    // MARK: - File

    public static func read(from path: String) throws(BaselineError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw BaselineError(file: path, message: !exists ? "no such file" : isDirectory.boolValue ? "is a folder" : "cannot read the file")
        }
        return try decode(data, file: path)
    }

    /// Decodes by hand rather than with `Codable` so the error says which entry and field are wrong.
    public static func decode(_ data: Data, file: String) throws(BaselineError) -> Baseline {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw BaselineError(file: file, message: "not valid JSON (\((error as NSError).localizedDescription))")
        }
        guard let root = object as? [String: Any] else {
            throw BaselineError(file: file, message: "expected a JSON object with \"version\" and \"findings\"")
        }
        guard let version = root["version"] as? Int else {
            throw BaselineError(file: file, message: "\"version\" is missing or not an integer")
        }
        guard version == currentVersion else {
            throw BaselineError(file: file, message: "version \(version) is not supported (expected \(currentVersion))")
        }
        guard let items = root["findings"] as? [Any] else {
            throw BaselineError(file: file, message: "\"findings\" is missing or not an array")
        }
        let known: Set<String> = ["version", "findings"]
        if let extra = root.keys.filter({ !known.contains($0) }).sorted().first {
            throw BaselineError(file: file, message: "unknown key \"\(extra)\"")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let fields = item as? [String: Any] else {
                throw BaselineError(file: file, message: "findings[\(index)] is not an object")
            }
            func string(_ key: String) throws(BaselineError) -> String {
                guard let value = fields[key] as? String, !value.isEmpty else {
                    throw BaselineError(file: file, message: "findings[\(index)].\(key) is missing or not a non-empty string")
                }
                return value
            }
            entries.append(Entry(rule: try string("rule"), path: try string("path"), fingerprint: try string("fingerprint")))
        }
        return Baseline(entries: entries)
    }

    public func encoded() -> Data {
        struct File: Encodable {
            let version: Int
            let findings: [Entry]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and ints cannot fail.
        var data = (try? encoder.encode(File(version: Self.currentVersion, findings: entries))) ?? Data()
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Writes to a temporary file beside `path`, then renames it over `path`, so a reader never
    /// sees half a baseline and a failed write leaves the old one intact.
    public func write(to path: String) throws(BaselineError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/.\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: encoded()) else {
            throw BaselineError(file: path, message: "cannot write a temporary file in \(folder)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw BaselineError(file: path, message: "cannot replace the file: \(reason)")
        }
    }
}

/// A baseline file that cannot be read or written.
public struct BaselineError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): baseline: \(message)" }
}
