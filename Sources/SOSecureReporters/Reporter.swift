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

/// Who produced a report, as JSON and SARIF state it.
public struct ToolInfo: Hashable, Sendable {
    public let name: String
    public let version: String
    /// The tool's home page, for SARIF's `informationUri`; left out when nil.
    public let informationURI: String?

    public init(name: String, version: String, informationURI: String? = nil) {
        self.name = name
        self.version = version
        self.informationURI = informationURI
    }

    /// The version the `sosecure` command reports with `--version`.
    public static let sosecure = ToolInfo(name: "sosecure", version: "0.1.0")
}

extension ScanReport {
    /// Findings in reading order: path, line, column, rule, then the rest of the finding so that
    /// equal positions still come out the same way every run.
    public var sortedFindings: [Finding] {
        findings.sorted { lhs, rhs in
            if lhs.path != rhs.path { return ReportOrder.precedes(lhs.path, rhs.path) }
            if lhs.start.line != rhs.start.line { return lhs.start.line < rhs.start.line }
            if lhs.start.column != rhs.start.column { return lhs.start.column < rhs.start.column }
            if lhs.ruleID != rhs.ruleID { return ReportOrder.precedes(lhs.ruleID, rhs.ruleID) }
            if lhs.range != rhs.range { return lhs.range < rhs.range }
            if lhs.message != rhs.message { return ReportOrder.precedes(lhs.message, rhs.message) }
            return ReportOrder.precedes(lhs.fingerprint, rhs.fingerprint)
        }
    }

    /// Errors by path and position; whole-file errors (no line) come first in their file.
    public var sortedErrors: [ScanError] {
        errors.sorted { lhs, rhs in
            if lhs.path != rhs.path { return ReportOrder.precedes(lhs.path, rhs.path) }
            if lhs.line != rhs.line { return (lhs.line ?? 0) < (rhs.line ?? 0) }
            if lhs.column != rhs.column { return (lhs.column ?? 0) < (rhs.column ?? 0) }
            if lhs.kind != rhs.kind { return ReportOrder.precedes(lhs.kind.rawValue, rhs.kind.rawValue) }
            return ReportOrder.precedes(lhs.message, rhs.message)
        }
    }

    /// How many findings have each severity; every severity is present, zero when unused.
    public var countsBySeverity: [Severity: Int] {
        var counts = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0, 0) })
        for finding in findings { counts[finding.severity, default: 0] += 1 }
        return counts
    }
}

/// String order that does not depend on locale or Unicode normalization: UTF-8 bytes.
enum ReportOrder {
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}

/// The texts of the files a report points into, indexed once per render.
struct SourceTexts {
    private let files: [String: SourceFile]

    /// Indexes only the files that findings and errors refer to: the caller may pass the text of
    /// every scanned file, and most of them have nothing to show.
    init(_ sources: [String: String], for report: ScanReport) {
        let needed = Set(report.findings.map(\.path) + report.errors.map(\.path))
        var files: [String: SourceFile] = [:]
        for path in needed {
            if let text = sources[path] { files[path] = SourceFile(path: path, text: text) }
        }
        self.files = files
    }

    func file(_ path: String) -> SourceFile? { files[path] }

    /// The text of the line (1-based) without its terminator, if the file and line exist.
    func line(_ number: Int, in path: String) -> String? {
        guard let file = files[path], number >= 1, number <= file.lineIndex.lineCount else { return nil }
        return file.text(in: file.lineIndex.rangeOfLine(number - 1))
    }

    /// Line and columns of a byte offset, when the file is known and the offset lies inside it.
    func location(of offset: Int, in path: String) -> SourceLocation? {
        guard let file = files[path], offset >= 0, offset <= file.bytes.count else { return nil }
        return file.location(of: offset)
    }
}
