import SOSecureCore
import SOSecurePython
import SOSecureRules

/// What the judge saw in one version of a file.
public struct Judgement: Sendable {
    public let text: String
    public let findings: [Finding]
    public let syntaxErrors: [PythonSyntaxError]
    /// False when the parser decoded the bytes into different text (a byte-order mark, a PEP 263
    /// encoding): finding offsets then point into the decoded text, and byte edits on the file would miss.
    public let offsetsMatchText: Bool
    /// Lines of the judged bytes, so a syntax error can be placed without indexing the text again.
    let lineIndex: LineIndex

    public var parses: Bool { syntaxErrors.isEmpty }

    /// `message at line N`, for reasons and reports.
    public func describe(_ error: PythonSyntaxError) -> String {
        "\(error.message) at line \(lineIndex.location(of: error.range.start).line)"
    }
}

/// The product's judge: parses and analyzes a version of a file exactly as `scan` does (the same rules,
/// configuration filters and suppression comments), so a revision is measured by the scanner's own yardstick.
public struct RevisionJudge: Sendable {
    public let analyzer: PythonAnalyzer
    public let config: ScanConfig

    public init(rules: [Rule], config: ScanConfig = ScanConfig()) {
        self.analyzer = PythonAnalyzer(rules: rules.filter { config.isEnabled($0.metadata) })
        self.config = config
    }

    public func judge(_ text: String, path: String) -> Judgement {
        judge(SourceFile(path: path, text: text))
    }

    public func judge(_ file: SourceFile) -> Judgement {
        let analyzer = self.analyzer
        let config = self.config
        // Deeply nested input must not overflow the caller's stack: parse and walk on a large-stack thread.
        return LargeStackThread.run {
            let parse = PythonParser.parseOnCurrentThread(file)
            var suppressions = SuppressionIndex(parse: parse, honorNosec: config.honorNosec)
            let findings = analyzer.analyze(parse, path: file.path).filter { finding in
                config.keeps(finding) && !suppressions.suppresses(ruleID: finding.ruleID, range: finding.range)
            }
            return Judgement(text: String(decoding: file.bytes, as: UTF8.self), findings: findings, syntaxErrors: parse.errors,
                             offsetsMatchText: parse.text == file.bytes, lineIndex: file.lineIndex)
        }
    }
}
