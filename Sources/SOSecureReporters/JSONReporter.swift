import SOSecureCore

/// Machine-readable output with the stable schema documented in `Docs/json-output.md`.
///
/// Keys are sorted and the layout is fixed, so the same report always gives the same bytes.
/// Lines and columns are 1-based; columns count UTF-8 bytes; offsets are 0-based byte offsets.
public struct JSONReporter: Reporter {
    /// Bumped only when a field is removed or changes meaning; new fields may appear at any time.
    public static let schemaVersion = 1

    public var tool: ToolInfo

    public init(tool: ToolInfo = .sosecure) {
        self.tool = tool
    }

    public func render(_ report: ScanReport, sources: [String: String]) -> String {
        document(report, sources: sources).rendered()
    }

    func document(_ report: ScanReport, sources: [String: String]) -> JSONValue {
        let texts = SourceTexts(sources, for: report)
        return .object([
            "version": .int(Self.schemaVersion),
            "tool": .object(["name": .string(tool.name), "version": .string(tool.version)]),
            "findings": .array(report.sortedFindings.map { finding($0, texts: texts) }),
            "errors": .array(report.sortedErrors.map(error)),
            "stats": stats(report),
        ])
    }

    private func finding(_ finding: Finding, texts: SourceTexts) -> JSONValue {
        .object([
            "rule": .string(finding.ruleID),
            "cwe": .array(finding.cwes.map { .int($0.id) }),
            "severity": .string(finding.severity.rawValue),
            "confidence": .string(finding.confidence.rawValue),
            "message": .string(finding.message),
            "path": .string(finding.path),
            "line": .int(finding.start.line),
            "column": .int(finding.start.column),
            "end_line": .int(finding.end.line),
            "end_column": .int(finding.end.column),
            "start_offset": .int(finding.range.start),
            "end_offset": .int(finding.range.end),
            "fingerprint": .string(finding.fingerprint),
            "fix": .from(finding.fix) { fix($0, path: finding.path, texts: texts) },
            "flow": .array(finding.dataflow.map { step($0, path: finding.path) }),
            "snippet": .from(texts.line(finding.start.line, in: finding.path)) { .string(Self.snippet($0, column: finding.start.column)) },
        ])
    }

    /// The longest snippet written whole, in UTF-8 bytes. A minified file is one huge line, and
    /// repeating it for every finding would make the report grow with findings × file size.
    static let snippetLimit = 400

    /// `line`, or for a line over the limit a window of it around the 1-based byte `column`, cut at
    /// character boundaries and marked with `…` where text was left out.
    static func snippet(_ line: String, column: Int) -> String {
        let bytes = Array(line.utf8)
        guard bytes.count > snippetLimit else { return line }
        func isContinuation(_ index: Int) -> Bool { index < bytes.count && bytes[index] & 0xC0 == 0x80 }
        var start = min(max(0, column - 1 - snippetLimit / 4), bytes.count)
        while isContinuation(start) { start += 1 }
        var end = min(bytes.count, start + snippetLimit)
        while end > start, isContinuation(end) { end -= 1 }
        return (start > 0 ? "…" : "") + String(decoding: bytes[start..<end], as: UTF8.self) + (end < bytes.count ? "…" : "")
    }

    private func fix(_ fix: Fix, path: String, texts: SourceTexts) -> JSONValue {
        .object([
            "title": .string(fix.title),
            "applicability": .string(Self.name(of: fix.applicability)),
            "edits": .array(fix.edits.map { edit($0, path: path, texts: texts) }),
        ])
    }

    /// Edits are byte ranges; their lines and columns need the source, so they are null without it.
    private func edit(_ edit: Edit, path: String, texts: SourceTexts) -> JSONValue {
        let start = texts.location(of: edit.range.start, in: path)
        let end = texts.location(of: edit.range.end, in: path)
        return .object([
            "start_offset": .int(edit.range.start),
            "end_offset": .int(edit.range.end),
            "line": .from(start) { .int($0.line) },
            "column": .from(start) { .int($0.column) },
            "end_line": .from(end) { .int($0.line) },
            "end_column": .from(end) { .int($0.column) },
            "replacement": .string(edit.replacement),
        ])
    }

    private func step(_ step: DataflowStep, path: String) -> JSONValue {
        .object([
            "role": .string(step.role.rawValue),
            "path": .string(path),
            "line": .int(step.location.line),
            "column": .int(step.location.column),
            "start_offset": .int(step.range.start),
            "end_offset": .int(step.range.end),
            "message": .string(step.message),
        ])
    }

    private func error(_ error: ScanError) -> JSONValue {
        .object([
            "kind": .string(error.kind.rawValue),
            "path": .string(error.path),
            "line": .from(error.line) { .int($0) },
            "column": .from(error.column) { .int($0) },
            "message": .string(error.message),
        ])
    }

    private func stats(_ report: ScanReport) -> JSONValue {
        let counts = report.countsBySeverity
        return .object([
            "files": .int(report.stats.filesScanned),
            "lines": .int(report.stats.linesScanned),
            "rules": .int(report.stats.rulesRun),
            // Milliseconds are all a reader can use, and fewer digits keep diffs of saved reports quiet.
            "duration_seconds": .double((report.stats.durationSeconds * 1000).rounded() / 1000),
            "suppressed": .int(report.stats.suppressed),
            "findings": .int(report.findings.count),
            "errors": .int(report.errors.count),
            "by_severity": .object(Dictionary(uniqueKeysWithValues: Severity.allCases.map {
                ($0.rawValue, JSONValue.int(counts[$0] ?? 0))
            })),
        ])
    }

    /// The spelling rule files use (`display-only`), not the Swift case name.
    static func name(of applicability: Applicability) -> String {
        switch applicability {
        case .safe: return "safe"
        case .unsafe: return "unsafe"
        case .displayOnly: return "display-only"
        }
    }
}
