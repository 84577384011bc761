import SOSecureCore
import SOSecureRules

/// What `sosecure rules explain ID` shows, as data: the `explain_rule` tool's structured answer.
struct RuleExplanation: Encodable, Sendable {
    struct Weakness: Encodable, Sendable {
        let id: String
        let name: String
        let url: String
    }

    struct FixDescription: Encodable, Sendable {
        let title: String
        /// `safe`, `unsafe` or `display-only`: the spelling rule files and the scan JSON use.
        let applicability: String
    }

    struct Examples: Encodable, Sendable {
        let vulnerable: [String]
        let safe: [String]
    }

    let id: String
    let language: String
    let cwe: [Weakness]
    let severity: String
    let confidence: String
    let summary: String
    let rationale: String
    let fix: FixDescription?
    let examples: Examples
    let references: [String]

    init(_ rule: Rule) {
        id = rule.id
        language = rule.language.rawValue
        cwe = rule.cwes.map { Weakness(id: $0.identifier, name: $0.name, url: $0.url) }
        severity = rule.severity.rawValue
        confidence = rule.confidence.rawValue
        summary = rule.summary
        rationale = rule.rationale
        fix = rule.fix.map { FixDescription(title: $0.title, applicability: Self.spelling($0.applicability)) }
        examples = Examples(vulnerable: rule.examples.vulnerable, safe: rule.examples.safe)
        references = rule.references
    }

    /// Writes `fix: null` rather than leaving the key out, so every answer has the same keys.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(language, forKey: .language)
        try container.encode(cwe, forKey: .cwe)
        try container.encode(severity, forKey: .severity)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(summary, forKey: .summary)
        try container.encode(rationale, forKey: .rationale)
        if let fix { try container.encode(fix, forKey: .fix) } else { try container.encodeNil(forKey: .fix) }
        try container.encode(examples, forKey: .examples)
        try container.encode(references, forKey: .references)
    }

    enum CodingKeys: String, CodingKey {
        case id, language, cwe, severity, confidence, summary, rationale, fix, examples, references
    }

    static func spelling(_ applicability: Applicability) -> String {
        switch applicability {
        case .safe: return "safe"
        case .unsafe: return "unsafe"
        case .displayOnly: return "display-only"
        }
    }
}
