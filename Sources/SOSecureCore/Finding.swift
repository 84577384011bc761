/// One security problem found in one file.
public struct Finding: Hashable, Sendable, Codable {
    public let ruleID: String
    public let message: String
    public let cwes: [CWE]
    public let severity: Severity
    public let confidence: Confidence
    public let path: String
    public let range: TextRange
    public let start: SourceLocation
    public let end: SourceLocation
    /// Source → sink path for taint findings; empty otherwise.
    public let dataflow: [DataflowStep]
    public let fix: Fix?
    /// Stable across edits elsewhere in the file: rule, path and the flagged code, not its line.
    public let fingerprint: String

    public init(
        ruleID: String, message: String, cwes: [CWE], severity: Severity, confidence: Confidence,
        path: String, range: TextRange, start: SourceLocation, end: SourceLocation,
        dataflow: [DataflowStep] = [], fix: Fix? = nil, flaggedCode: String
    ) {
        self.ruleID = ruleID
        self.message = message
        self.cwes = cwes
        self.severity = severity
        self.confidence = confidence
        self.path = path
        self.range = range
        self.start = start
        self.end = end
        self.dataflow = dataflow
        self.fix = fix
        self.fingerprint = Fingerprint.make(ruleID: ruleID, path: path, code: flaggedCode)
    }
}

/// A short, stable hash of a finding's identity (FNV-1a over normalized text).
public enum Fingerprint {
    public static func make(ruleID: String, path: String, code: String) -> String {
        // Whitespace differences (re-indentation, reflowed arguments) must not change identity.
        let normalizedCode = code.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in "\(ruleID)\u{0}\(path)\u{0}\(normalizedCode)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100000001b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
