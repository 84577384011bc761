import SOSecureCore

extension ScanRunner {
    /// Scans a JavaScript, TypeScript, Java, Go, C, C++, PHP or Swift file with the C-family rules.
    /// Lexing problems (an unterminated string, an unclosed bracket) are reported beside the findings;
    /// the rest of the file is still matched.
    func scanCFamily(_ file: SourceFile, language: Language, reportSyntaxErrors: Bool = true) -> FileResult {
        var result = FileResult(path: file.path)
        result.lines = file.lineIndex.lineCount
        if let longest = Self.minifiedLineLength(file) {
            // Bundled, minified code is nobody's source: matching one endless line costs minutes.
            result.issues.append(FileIssue(kind: .io, path: file.path, message:
                "looks minified (a line of \(longest) bytes, over \(Self.minifiedLineBytes)); not scanned"))
            return result
        }
        result.scanned = true
        guard cFamilyAnalyzer.hasRules(for: language), let analysis = cFamilyAnalyzer.analysis(file, language: language) else {
            return result
        }
        let diagnostics = reportSyntaxErrors ? analysis.document.diagnostics : []
        for diagnostic in diagnostics.prefix(Self.syntaxErrorsPerFile) {
            let location = file.location(of: diagnostic.range.start)
            result.issues.append(FileIssue(kind: .syntax, path: file.path, line: location.line, column: location.column, message: diagnostic.message))
        }
        if diagnostics.count > Self.syntaxErrorsPerFile {
            result.issues.append(FileIssue(kind: .syntax, path: file.path,
                                           message: "\(diagnostics.count - Self.syntaxErrorsPerFile) more syntax errors"))
        }
        var suppressions = CFamilySuppressions(document: analysis.document, honorNosec: config.honorNosec)
        result.record(analysis.findings, config: config, suppressions: &suppressions)
        return result
    }

    /// Lines longer than this mark a C-family file as minified; hand-written code stays far below it.
    public static let minifiedLineBytes = 20_000

    /// The length of the file's longest line when it is over `minifiedLineBytes`, else nil.
    static func minifiedLineLength(_ file: SourceFile) -> Int? {
        let starts = file.lineIndex.lineStarts
        var longest = 0
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : file.bytes.count
            longest = max(longest, end - start)
        }
        return longest > minifiedLineBytes ? longest : nil
    }

    /// Scans each fenced code block whose fence names a known language with that language's rules;
    /// findings point at lines and columns of the Markdown file. Blocks in documentation are often
    /// fragments, so their syntax errors are not reported.
    func scanMarkdown(_ file: SourceFile) -> FileResult {
        var result = FileResult(path: file.path)
        result.scanned = true
        result.lines = file.lineIndex.lineCount
        for block in MarkdownCodeBlocks.blocks(in: file) {
            let inner = block.language.usesCodePatterns
                ? scanCFamily(block.source, language: block.language, reportSyntaxErrors: false)
                : scanPython(block.source, reportSyntaxErrors: false)
            result.findings += inner.findings.map { Self.relocated($0, block: block, in: file) }
            result.issues += inner.issues
            result.suppressed += inner.suppressed
            result.unused += inner.unused.map { suppression in
                let range = block.range(suppression.range)
                return Suppression(kind: suppression.kind, line: file.location(of: range.start).line, ruleIDs: suppression.ruleIDs,
                                   reason: suppression.reason, range: range)
            }
        }
        return result
    }

    /// A block's finding moved to the Markdown file's offsets, lines and columns.
    static func relocated(_ finding: Finding, block: MarkdownCodeBlock, in file: SourceFile) -> Finding {
        let range = block.range(finding.range)
        let flow = finding.dataflow.map { step in
            let stepRange = block.range(step.range)
            return DataflowStep(role: step.role, range: stepRange, location: file.location(of: stepRange.start), message: step.message)
        }
        let fix = finding.fix.flatMap { fix in
            try? Fix(title: fix.title, edits: fix.edits.map { Edit(range: block.range($0.range), replacement: $0.replacement) },
                     applicability: fix.applicability, origin: fix.origin)
        }
        return Finding(ruleID: finding.ruleID, message: finding.message, cwes: finding.cwes, severity: finding.severity,
                       confidence: finding.confidence, path: file.path, range: range, start: file.location(of: range.start),
                       end: file.location(of: range.end), dataflow: flow, fix: fix, flaggedCode: file.text(in: range))
    }
}

extension MarkdownCodeBlock {
    func range(_ range: TextRange) -> TextRange {
        let start = markdownOffset(range.start)
        return TextRange(start: start, end: max(start, markdownOffset(range.end)))
    }
}
