import SOSecureCore

/// Human-readable output for a terminal, in the style of compiler diagnostics:
///
///     app.py:11:12: critical[subprocess-shell-with-request-data] Request data reaches a shell command
///       = CWE-78: Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')
///       = confidence: high
///       10 |     cmd = "ls -l " + folder
///       11 |     return subprocess.check_output(cmd, shell=True)
///          |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
///       = help: Pass an argument list instead of a shell string (unsafe fix)
///       = taint path:
///           1. source at app.py:9:14: ...
///
/// Findings come in path, line, column, rule order, then the scan errors, then one summary line.
public struct TextReporter: Reporter {
    /// ANSI colours; the CLI turns them on when standard output is a terminal.
    public var color: Bool
    /// Source lines shown above the flagged line.
    public var contextLines: Int

    public init(color: Bool = false, contextLines: Int = 2) {
        self.color = color
        self.contextLines = contextLines
    }

    public func render(_ report: ScanReport, sources: [String: String]) -> String {
        let texts = SourceTexts(sources, for: report)
        let rules = Dictionary(report.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let frame = CodeFrame(contextLines: contextLines, color: color)

        var blocks: [String] = []
        for finding in report.sortedFindings {
            blocks.append(block(for: finding, rule: rules[finding.ruleID], texts: texts, frame: frame))
        }
        for error in report.sortedErrors {
            blocks.append(block(for: error, texts: texts, frame: frame))
        }
        blocks.append(paint(summary(report), Style.bold) + "\n")
        return blocks.joined(separator: "\n")
    }

    // MARK: - Findings

    private func block(for finding: Finding, rule: RuleMetadata?, texts: SourceTexts, frame: CodeFrame) -> String {
        let position = "\(finding.path):\(finding.start.line):\(finding.start.column):"
        var output = paint(position, Style.bold) + " "
            + paint("\(finding.severity.rawValue)[\(finding.ruleID)]", Style.severity(finding.severity))
            + " " + oneLine(finding.message) + "\n"
        for cwe in finding.cwes {
            output += note("\(cwe.identifier): \(cwe.name)")
        }
        output += note("confidence: \(finding.confidence.rawValue)")
        if let file = texts.file(finding.path) {
            output += frame.render(file, range: finding.range)
        }
        if let help = help(for: finding, rule: rule) {
            output += "  " + paint("= help:", Style.help) + " " + help + "\n"
        }
        if !finding.dataflow.isEmpty {
            output += note("taint path:")
            for (number, step) in finding.dataflow.enumerated() {
                output += "      \(number + 1). \(step.role.rawValue) at "
                    + "\(finding.path):\(step.location.line):\(step.location.column): \(oneLine(step.message))\n"
            }
        }
        return output
    }

    /// The fix title when there is a fix, otherwise the rule's summary unless the message already says it.
    private func help(for finding: Finding, rule: RuleMetadata?) -> String? {
        if let fix = finding.fix {
            return oneLine(fix.title) + " (" + Self.describe(fix.applicability) + ")"
        }
        guard let summary = rule?.summary, !summary.isEmpty, summary != finding.message else { return nil }
        return oneLine(summary)
    }

    private static func describe(_ applicability: Applicability) -> String {
        switch applicability {
        case .safe: return "safe fix"
        case .unsafe: return "unsafe fix"
        case .displayOnly: return "suggestion"
        }
    }

    // MARK: - Errors

    private func block(for error: ScanError, texts: SourceTexts, frame: CodeFrame) -> String {
        var position = error.path
        if let line = error.line {
            position += ":\(line)"
            if let column = error.column { position += ":\(column)" }
        }
        var output = paint(position + ":", Style.bold) + " "
            + paint("error[\(error.kind.rawValue)]", Style.error) + ": " + oneLine(error.message) + "\n"
        if let line = error.line, let file = texts.file(error.path), line >= 1, line <= file.lineIndex.lineCount {
            // A column past the end of the line points at its end, never into the next line.
            let lineRange = file.lineIndex.rangeOfLine(line - 1)
            let offset = min(lineRange.start + max(0, (error.column ?? 1) - 1), lineRange.end)
            output += frame.render(file, range: .empty(at: offset))
        }
        return output
    }

    // MARK: - Summary

    private func summary(_ report: ScanReport) -> String {
        let counts = report.countsBySeverity
        var text = Self.count(report.findings.count, "finding")
        let bySeverity = Severity.allCases.reversed()
            .compactMap { severity in counts[severity].flatMap { $0 > 0 ? "\($0) \(severity.rawValue)" : nil } }
        if !bySeverity.isEmpty { text += " (" + bySeverity.joined(separator: ", ") + ")" }
        text += " in " + Self.count(report.stats.filesScanned, "file")
        text += ", " + Self.count(report.errors.count, "error")
        if report.stats.suppressed > 0 { text += ", \(report.stats.suppressed) suppressed" }
        return text
    }

    private static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)" + (value == 1 ? "" : "s")
    }

    // MARK: - Styling

    private func note(_ text: String) -> String {
        "  " + paint("=", Style.help) + " " + text + "\n"
    }

    /// Messages come from rules and models; a stray line break must not break the layout.
    private func oneLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    private func paint(_ text: String, _ style: String) -> String {
        color ? style + text + Style.reset : text
    }

    private enum Style {
        static let reset = "\u{1B}[0m"
        static let bold = "\u{1B}[1m"
        static let help = "\u{1B}[1;36m"
        static let error = "\u{1B}[1;31m"

        static func severity(_ severity: Severity) -> String {
            switch severity {
            case .critical: return "\u{1B}[1;35m"
            case .high: return "\u{1B}[1;31m"
            case .medium: return "\u{1B}[1;33m"
            case .low: return "\u{1B}[1;34m"
            case .info: return "\u{1B}[1;37m"
            }
        }
    }
}
