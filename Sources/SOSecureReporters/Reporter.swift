import SOSecureCore

/// Everything one scan produced, handed to a reporter.
public struct ScanReport: Sendable {
    public let findings: [Finding]
    /// Files that could not be read or parsed completely, with the reason.
    public let errors: [ScanError]
    /// The rules the scan ran, for reporters that describe rules (SARIF).
    public let rules: [RuleMetadata]
    public let stats: ScanStats

    public init(findings: [Finding], errors: [ScanError], rules: [RuleMetadata], stats: ScanStats) {
        self.findings = findings
        self.errors = errors
        self.rules = rules
        self.stats = stats
    }
}

/// A problem with one input that is not a finding: unreadable file, syntax error, symlink loop.
public struct ScanError: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        case io
        case syntax
        case encoding
        case config
    }

    public let kind: Kind
    public let path: String
    /// 1-based; nil when the error concerns the whole file.
    public let line: Int?
    public let column: Int?
    public let message: String

    public init(kind: Kind, path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.kind = kind
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }
}

public struct ScanStats: Hashable, Sendable, Codable {
    public let filesScanned: Int
    public let linesScanned: Int
    public let rulesRun: Int
    public let durationSeconds: Double
    public let suppressed: Int

    public init(filesScanned: Int, linesScanned: Int, rulesRun: Int, durationSeconds: Double, suppressed: Int = 0) {
        self.filesScanned = filesScanned
        self.linesScanned = linesScanned
        self.rulesRun = rulesRun
        self.durationSeconds = durationSeconds
        self.suppressed = suppressed
    }
}

/// Turns a scan report into text for a terminal, a file or another tool.
public protocol Reporter: Sendable {
    /// Renders the whole report. `sources` maps a path to its text, for code frames and snippets.
    func render(_ report: ScanReport, sources: [String: String]) -> String
}
