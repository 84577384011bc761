import SOSecureCFamily
import SOSecureCore

/// One C-family file judged as `scan` judges it: the findings left after the configuration's filters and
/// the file's suppression comments, and the lexer's syntax diagnostics. For comparing versions of one file
/// (the revision judge); whole scans go through `ScanRunner`.
public struct CFamilyFileCheck: Sendable {
    public let findings: [Finding]
    /// Unterminated strings and comments, unbalanced brackets; a minified file, which is not matched, says so here.
    public let syntaxErrors: [SyntaxError]
}

extension CFamilyAnalyzer {
    /// Whether the token trees have a dialect for `language`.
    public static func reads(_ language: Language) -> Bool { Dialect(language: language) != nil }

    /// Findings and syntax diagnostics of `file` read as `language`, filtered and suppressed exactly as `scan` does.
    public func check(_ file: SourceFile, language: Language, config: ScanConfig) -> CFamilyFileCheck {
        if let longest = ScanRunner.minifiedLineLength(file) {
            // As in scan: matching one endless line costs minutes, so the file is not judged, and says why.
            let message = "looks minified (a line of \(longest) bytes, over \(ScanRunner.minifiedLineBytes)); not analyzed"
            return CFamilyFileCheck(findings: [], syntaxErrors: [SyntaxError(message: message, range: .empty(at: 0))])
        }
        guard let analysis = analysis(file, language: language) else {
            return CFamilyFileCheck(findings: [], syntaxErrors: [SyntaxError(message: "no analyzer reads \(language.rawValue); not judged",
                                                                             range: .empty(at: 0))])
        }
        var kept = ScanRunner.FileResult(path: file.path)
        var suppressions = CFamilySuppressions(document: analysis.document, honorNosec: config.honorNosec)
        kept.record(analysis.findings, config: config, suppressions: &suppressions)
        let errors = analysis.document.diagnostics.map { SyntaxError(message: $0.message, range: $0.range) }
        return CFamilyFileCheck(findings: kept.findings, syntaxErrors: errors)
    }
}
