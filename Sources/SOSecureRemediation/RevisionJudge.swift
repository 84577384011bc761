import SOSecureCore
import SOSecurePython
import SOSecureRules

/// What the judge saw in one version of a file.
public struct Judgement: Sendable {
    public let text: String
    /// The language the file was read as; a revision of it is judged as the same language.
    public let language: Language
    public let findings: [Finding]
    public let syntaxErrors: [SyntaxError]
    /// False when the front end read the bytes as different text (a byte-order mark or PEP 263 encoding in
    /// Python, invalid UTF-8 anywhere): finding offsets then do not point into `text`, and byte edits would miss.
    public let offsetsMatchText: Bool
    /// Lines of the judged bytes, so a syntax error can be placed without indexing the text again.
    let lineIndex: LineIndex

    public var parses: Bool { syntaxErrors.isEmpty }

    /// `message at line N`, for reasons and reports.
    public func describe(_ error: SyntaxError) -> String {
        "\(error.message) at line \(lineIndex.location(of: error.range.start).line)"
    }
}

/// The product's judge: reads a version of a file exactly as `scan` does (the same front end for its
/// language, rules, configuration filters and suppression comments), so a revision is measured by the
/// scanner's own yardstick. Python goes through the Python parser and analyzer; JavaScript, TypeScript,
/// Java, Go, C, C++, PHP and Swift through the C-family token trees, whose lexing diagnostics (an
/// unterminated string, an unbalanced bracket) are the "does it parse" check.
public struct RevisionJudge: Sendable {
    public let pythonAnalyzer: PythonAnalyzer
    public let cFamilyAnalyzer: CFamilyAnalyzer
    public let config: ScanConfig

    public init(rules: [Rule], config: ScanConfig = ScanConfig()) {
        let enabled = rules.filter { config.isEnabled($0.metadata) }
        self.pythonAnalyzer = PythonAnalyzer(rules: enabled)
        self.cFamilyAnalyzer = CFamilyAnalyzer(rules: enabled)
        self.config = config
    }

    /// Every rule the judge applies, all languages.
    public var rules: [Rule] { pythonAnalyzer.rules + cFamilyAnalyzer.rules }

    /// Whether a front end reads `language`. A language without one is judged as not parsing ("no analyzer
    /// reads …"), so nothing in it is accepted, fixed or counted as safe.
    public static func reads(_ language: Language) -> Bool {
        language == .python || CFamilyAnalyzer.reads(language)
    }

    /// The language a file is judged as when the caller does not say: its extension's, else Python (as `scan`
    /// reads a source without a known extension).
    public static func language(ofPath path: String) -> Language {
        Language(path: path) ?? .python
    }

    public func judge(_ text: String, path: String, language: Language? = nil) -> Judgement {
        judge(SourceFile(path: path, text: text), language: language)
    }

    public func judge(_ file: SourceFile, language: Language? = nil) -> Judgement {
        let language = language ?? Self.language(ofPath: file.path)
        // Deeply nested input must not overflow the caller's stack: parse and walk on a large-stack thread.
        return LargeStackThread.run {
            language.usesCodePatterns ? judgeCFamily(file, language: language) : judgePython(file)
        }
    }

    private func judgePython(_ file: SourceFile) -> Judgement {
        let parse = PythonParser.parseOnCurrentThread(file)
        var suppressions = SuppressionIndex(parse: parse, honorNosec: config.honorNosec)
        let findings = pythonAnalyzer.analyze(parse, path: file.path).filter { finding in
            config.keeps(finding) && !suppressions.suppresses(ruleID: finding.ruleID, range: finding.range)
        }
        return Judgement(text: String(decoding: file.bytes, as: UTF8.self), language: .python, findings: findings,
                         syntaxErrors: parse.errors.map { SyntaxError(message: $0.message, range: $0.range) },
                         offsetsMatchText: parse.text == file.bytes, lineIndex: file.lineIndex)
    }

    private func judgeCFamily(_ file: SourceFile, language: Language) -> Judgement {
        let check = cFamilyAnalyzer.check(file, language: language, config: config)
        let text = String(decoding: file.bytes, as: UTF8.self)
        // The token trees index the bytes themselves; only invalid UTF-8 (repaired in `text`) moves offsets.
        return Judgement(text: text, language: language, findings: check.findings, syntaxErrors: check.syntaxErrors,
                         offsetsMatchText: text.utf8.elementsEqual(file.bytes), lineIndex: file.lineIndex)
    }
}
