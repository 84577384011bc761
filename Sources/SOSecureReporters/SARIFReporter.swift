import SOSecureCore

/// SARIF 2.1.0, for code-scanning dashboards and editors.
///
/// One run: the driver describes every rule the scan ran (with CWE relationships into a CWE
/// taxonomy carried in the same log), results point at their files relative to `%SRCROOT%`,
/// taint paths become `codeFlows`, rule fixes become `fixes`, and scan errors become tool
/// execution notifications. Columns are UTF-16 code units, SARIF's default `columnKind`.
public struct SARIFReporter: Reporter {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// The base id relative artifact URIs are resolved against; consumers map it to the checkout root.
    public static let sourceRootBaseID = "%SRCROOT%"
    /// The `partialFingerprints` key; bumped if the fingerprint recipe ever changes.
    public static let fingerprintKey = "sosecure/v1"

    public var tool: ToolInfo

    public init(tool: ToolInfo = .sosecure) {
        self.tool = tool
    }

    public func render(_ report: ScanReport, sources: [String: String]) -> String {
        document(report, sources: sources).rendered()
    }

    func document(_ report: ScanReport, sources: [String: String]) -> JSONValue {
        let context = Context(report: report, texts: SourceTexts(sources, for: report))
        var run: [String: JSONValue] = [
            "tool": .object(["driver": driver(context)]),
            "taxonomies": .array([cweTaxonomy(context)]),
            "artifacts": .array(context.artifacts.map { artifact($0, context: context) }),
            "invocations": .array([invocation(context)]),
            "results": .array(context.findings.map { result($0, context: context) }),
            "columnKind": .string("utf16CodeUnits"),
        ]
        run["originalUriBaseIds"] = .object([
            Self.sourceRootBaseID: .object([
                "description": .object(["text": .string("The directory the scan was started in; artifact paths are relative to it.")]),
            ]),
        ])
        return .object([
            "$schema": .string(Self.schemaURI),
            "version": .string("2.1.0"),
            "runs": .array([.object(run)]),
        ])
    }

    // MARK: - Indexes shared by the whole run

    /// Rules, taxa and artifacts in a fixed order, so that results can refer to them by index.
    private struct Context {
        let findings: [Finding]
        let errors: [ScanError]
        let rules: [RuleMetadata]
        let ruleIndex: [String: Int]
        let taxa: [CWE]
        let taxonIndex: [Int: Int]
        let artifacts: [String]
        let artifactIndex: [String: Int]
        let texts: SourceTexts

        init(report: ScanReport, texts: SourceTexts) {
            self.texts = texts
            findings = report.sortedFindings
            errors = report.sortedErrors

            // Every rule that ran, plus a description made from the finding for any rule the
            // report does not list (a user rule loaded late, a model's finding).
            var byID: [String: RuleMetadata] = [:]
            for rule in report.rules where byID[rule.id] == nil { byID[rule.id] = rule }
            for finding in findings where byID[finding.ruleID] == nil {
                byID[finding.ruleID] = RuleMetadata(
                    id: finding.ruleID, language: Language(path: finding.path) ?? .python, cwes: finding.cwes,
                    severity: finding.severity, confidence: finding.confidence, summary: finding.message,
                    rationale: finding.message, fixable: finding.fix != nil)
            }
            rules = byID.values.sorted { ReportOrder.precedes($0.id, $1.id) }
            ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })

            var cwes: [Int: CWE] = [:]
            for cwe in rules.flatMap(\.cwes) + findings.flatMap(\.cwes) where cwes[cwe.id] == nil { cwes[cwe.id] = cwe }
            taxa = cwes.values.sorted { $0.id < $1.id }
            taxonIndex = Dictionary(uniqueKeysWithValues: taxa.enumerated().map { ($1.id, $0) })

            // The files results and notifications point into; a file without either needs no entry.
            let paths = Set(findings.map(\.path) + errors.map(\.path))
            artifacts = paths.sorted(by: ReportOrder.precedes)
            artifactIndex = Dictionary(uniqueKeysWithValues: artifacts.enumerated().map { ($1, $0) })
        }
    }

    // MARK: - Driver and rules

    private func driver(_ context: Context) -> JSONValue {
        var driver: [String: JSONValue] = [
            "name": .string(tool.name),
            "version": .string(tool.version),
            "semanticVersion": .string(tool.version),
            "rules": .array(context.rules.map { rule($0, context: context) }),
            "supportedTaxonomies": .array([.object(["name": .string("CWE"), "index": .int(0)])]),
        ]
        if let uri = tool.informationURI { driver["informationUri"] = .string(uri) }
        return .object(driver)
    }

    private func rule(_ rule: RuleMetadata, context: Context) -> JSONValue {
        var tags: [JSONValue] = [.string("security")]
        tags += rule.cwes.map { .string(Self.cweTag($0)) }
        var help = rule.summary + "\n\n" + rule.rationale.trimmingTrailingNewlines()
        var markdown = "**" + rule.summary + "**\n\n" + rule.rationale.trimmingTrailingNewlines()
        if !rule.cwes.isEmpty {
            help += "\n\n" + rule.cwes.map(\.description).joined(separator: "\n")
            markdown += "\n\n" + rule.cwes.map { "- [\($0.identifier)](\($0.url)): \($0.name)" }.joined(separator: "\n")
        }
        if !rule.references.isEmpty {
            help += "\n\nReferences:\n" + rule.references.joined(separator: "\n")
            markdown += "\n\nReferences:\n\n" + rule.references.map { "- <\($0)>" }.joined(separator: "\n")
        }
        var descriptor: [String: JSONValue] = [
            "id": .string(rule.id),
            "name": .string(Self.pascalCase(rule.id)),
            "shortDescription": .object(["text": .string(rule.summary)]),
            "fullDescription": .object(["text": .string(rule.rationale.trimmingTrailingNewlines())]),
            "help": .object(["text": .string(help), "markdown": .string(markdown)]),
            "defaultConfiguration": .object(["level": .string(Self.level(rule.severity))]),
            "properties": .object([
                "tags": .array(tags),
                "security-severity": .string(Self.securitySeverity(rule.severity)),
                "precision": .string(rule.confidence.rawValue),
                "problem.severity": .string(Self.level(rule.severity) == "note" ? "recommendation" : Self.level(rule.severity)),
                "fixable": .bool(rule.fixable),
            ]),
            "relationships": .array(rule.cwes.compactMap { cwe in
                context.taxonIndex[cwe.id].map { index in
                    .object([
                        "target": .object([
                            "id": .string(String(cwe.id)),
                            "index": .int(index),
                            "toolComponent": .object(["name": .string("CWE"), "index": .int(0)]),
                        ]),
                        // The rule flags a subset of what the weakness covers.
                        "kinds": .array([.string("superset")]),
                    ])
                }
            }),
        ]
        if let uri = rule.references.first ?? rule.cwes.first?.url { descriptor["helpUri"] = .string(uri) }
        return .object(descriptor)
    }

    private func cweTaxonomy(_ context: Context) -> JSONValue {
        .object([
            "name": .string("CWE"),
            "organization": .string("MITRE"),
            "shortDescription": .object(["text": .string("The MITRE Common Weakness Enumeration")]),
            "informationUri": .string("https://cwe.mitre.org/"),
            "isComprehensive": .bool(false),
            "taxa": .array(context.taxa.map { cwe in
                .object([
                    "id": .string(String(cwe.id)),
                    "name": .string(cwe.name),
                    "shortDescription": .object(["text": .string(cwe.description)]),
                    "helpUri": .string(cwe.url),
                ])
            }),
        ])
    }

    // MARK: - Artifacts and invocation

    private func artifact(_ path: String, context: Context) -> JSONValue {
        var artifact: [String: JSONValue] = [
            // An artifact's own location carries no index: it would only point at itself.
            "location": .object(Self.location(forPath: path)),
            "roles": .array([.string("analysisTarget")]),
        ]
        if let file = context.texts.file(path) { artifact["length"] = .int(file.bytes.count) }
        if let language = Language(path: path) { artifact["sourceLanguage"] = .string(language.rawValue) }
        return .object(artifact)
    }

    /// io and config errors mean something was not scanned at all; a syntax or encoding problem
    /// still lets the rest of the file be scanned, so it is a warning.
    private func invocation(_ context: Context) -> JSONValue {
        let failed = context.errors.contains { $0.kind == .io || $0.kind == .config }
        return .object([
            "executionSuccessful": .bool(!failed),
            "toolExecutionNotifications": .array(context.errors.map { error in
                var notification: [String: JSONValue] = [
                    "level": .string(error.kind == .io || error.kind == .config ? "error" : "warning"),
                    "message": .object(["text": .string(error.message)]),
                    "descriptor": .object(["id": .string(error.kind.rawValue)]),
                ]
                var region: [String: JSONValue] = [:]
                if let line = error.line, line >= 1 {
                    region["startLine"] = .int(line)
                    // The error's column counts UTF-8 bytes; SARIF wants UTF-16 units.
                    if let column = error.column, column >= 1 {
                        region["startColumn"] = .int(utf16Column(line: line, utf8Column: column, path: error.path, context: context))
                    }
                }
                var physical: [String: JSONValue] = ["artifactLocation": artifactLocation(error.path, context: context)]
                if !region.isEmpty { physical["region"] = .object(region) }
                notification["locations"] = .array([.object(["physicalLocation": .object(physical)])])
                return .object(notification)
            }),
        ])
    }

    private func utf16Column(line: Int, utf8Column: Int, path: String, context: Context) -> Int {
        guard let file = context.texts.file(path), line <= file.lineIndex.lineCount else { return utf8Column }
        let lineRange = file.lineIndex.rangeOfLine(line - 1)
        let offset = min(lineRange.start + utf8Column - 1, lineRange.end)
        return file.location(of: offset).utf16Column
    }

    // MARK: - Results

    private func result(_ finding: Finding, context: Context) -> JSONValue {
        var region: [String: JSONValue] = [
            "startLine": .int(finding.start.line),
            "startColumn": .int(finding.start.utf16Column),
            "endLine": .int(finding.end.line),
            "endColumn": .int(finding.end.utf16Column),
            "byteOffset": .int(finding.range.start),
            "byteLength": .int(finding.range.length),
        ]
        if let file = context.texts.file(finding.path), finding.range.end <= file.bytes.count {
            region["snippet"] = .object(["text": .string(file.text(in: finding.range))])
        }
        var result: [String: JSONValue] = [
            "ruleId": .string(finding.ruleID),
            "ruleIndex": .int(context.ruleIndex[finding.ruleID]!),
            "level": .string(Self.level(finding.severity)),
            "message": .object(["text": .string(finding.message)]),
            "locations": .array([.object([
                "physicalLocation": .object([
                    "artifactLocation": artifactLocation(finding.path, context: context),
                    "region": .object(region),
                ]),
            ])]),
            "partialFingerprints": .object([Self.fingerprintKey: .string(finding.fingerprint)]),
            "taxa": .array(finding.cwes.compactMap { cwe in
                context.taxonIndex[cwe.id].map { index in
                    .object([
                        "id": .string(String(cwe.id)),
                        "index": .int(index),
                        "toolComponent": .object(["name": .string("CWE"), "index": .int(0)]),
                    ])
                }
            }),
            "properties": .object([
                "severity": .string(finding.severity.rawValue),
                "confidence": .string(finding.confidence.rawValue),
                "security-severity": .string(Self.securitySeverity(finding.severity)),
            ]),
        ]
        if !finding.dataflow.isEmpty { result["codeFlows"] = codeFlows(finding, context: context) }
        if let fix = finding.fix { result["fixes"] = .array([self.fix(fix, path: finding.path, context: context)]) }
        return .object(result)
    }

    private func codeFlows(_ finding: Finding, context: Context) -> JSONValue {
        let locations: [JSONValue] = finding.dataflow.enumerated().map { order, step in
            let end = context.texts.location(of: step.range.end, in: finding.path)
            var region: [String: JSONValue] = [
                "startLine": .int(step.location.line),
                "startColumn": .int(step.location.utf16Column),
                "byteOffset": .int(step.range.start),
                "byteLength": .int(step.range.length),
            ]
            if let end {
                region["endLine"] = .int(end.line)
                region["endColumn"] = .int(end.utf16Column)
            }
            return .object([
                "location": .object([
                    "physicalLocation": .object([
                        "artifactLocation": artifactLocation(finding.path, context: context),
                        "region": .object(region),
                    ]),
                    "message": .object(["text": .string(step.message)]),
                ]),
                "kinds": .array([.string("taint")]),
                "nestingLevel": .int(0),
                "executionOrder": .int(order + 1),
                "properties": .object(["role": .string(step.role.rawValue)]),
            ])
        }
        return .array([.object([
            "message": .object(["text": .string("Untrusted data flows from a source to this sink in \(finding.dataflow.count) steps")]),
            "threadFlows": .array([.object(["locations": .array(locations)])]),
        ])])
    }

    private func fix(_ fix: Fix, path: String, context: Context) -> JSONValue {
        let replacements: [JSONValue] = fix.edits.map { edit in
            var deleted: [String: JSONValue] = [
                "byteOffset": .int(edit.range.start),
                "byteLength": .int(edit.range.length),
            ]
            // Line and column make the change readable to consumers that ignore byte offsets.
            if let start = context.texts.location(of: edit.range.start, in: path),
               let end = context.texts.location(of: edit.range.end, in: path) {
                deleted["startLine"] = .int(start.line)
                deleted["startColumn"] = .int(start.utf16Column)
                deleted["endLine"] = .int(end.line)
                deleted["endColumn"] = .int(end.utf16Column)
            }
            return .object([
                "deletedRegion": .object(deleted),
                "insertedContent": .object(["text": .string(edit.replacement)]),
            ])
        }
        return .object([
            "description": .object(["text": .string(fix.title)]),
            "artifactChanges": .array([.object([
                "artifactLocation": artifactLocation(path, context: context),
                "replacements": .array(replacements),
            ])]),
            "properties": .object(["applicability": .string(JSONReporter.name(of: fix.applicability))]),
        ])
    }

    private func artifactLocation(_ path: String, context: Context) -> JSONValue {
        var location = Self.location(forPath: path)
        if let index = context.artifactIndex[path] { location["index"] = .int(index) }
        return .object(location)
    }

    // MARK: - Mappings

    /// A relative path becomes a relative URI under `%SRCROOT%`; an absolute one a `file:` URI.
    static func location(forPath path: String) -> [String: JSONValue] {
        var normalized = path.replacingBackslashes()
        while normalized.hasPrefix("./") { normalized.removeFirst(2) }
        if normalized.hasPrefix("/") {
            return ["uri": .string("file://" + percentEncoded(normalized))]
        }
        return ["uri": .string(percentEncoded(normalized)), "uriBaseId": .string(sourceRootBaseID)]
    }

    /// Percent-encodes every byte outside the unreserved set and the path separators, so that
    /// spaces, `<stdin>` or a `:` in a file name cannot be read as URI syntax.
    static func percentEncoded(_ path: String) -> String {
        var output = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return output
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low, .info: return "note"
        }
    }

    /// The 0–10 score code-scanning services read: above 9 is critical, 7–8.9 high, 4–6.9 medium.
    static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: return "9.5"
        case .high: return "8.0"
        case .medium: return "5.5"
        case .low: return "3.0"
        case .info: return "0.0"
        }
    }

    /// The tag code-scanning services group CWE results by (`external/cwe/cwe-078`).
    static func cweTag(_ cwe: CWE) -> String {
        let digits = String(cwe.id)
        return "external/cwe/cwe-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    /// `subprocess-shell-true` → `SubprocessShellTrue`, SARIF's readable rule name.
    static func pascalCase(_ id: String) -> String {
        id.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }
}

private extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while let last = text.last, last.isNewline || last == " " { text.removeLast() }
        return text
    }

    func replacingBackslashes() -> String {
        String(map { $0 == "\\" ? "/" : $0 })
    }
}
