import MCP

/// The tools `sosecure mcp` offers, with the schemas a coding agent reads before calling them.
/// Output schemas name the keys every answer has; the answers are the JSON the CLI prints, which may
/// grow new keys, so the schemas never forbid extra ones.
enum MCPTool: String, CaseIterable, Sendable {
    case scanCode = "scan_code"
    case secureCode = "secure_code"
    case searchKnowledge = "search_knowledge"
    case explainRule = "explain_rule"

    /// The argument names the tool accepts: the input schema's properties.
    var argumentNames: [String] {
        guard case let .object(schema) = inputSchema, case let .object(properties)? = schema["properties"] else { return [] }
        return properties.keys.sorted()
    }

    /// The SDK's description of the tool. `secureCodeCallsModel` says whether secure_code reaches out to a model endpoint.
    func definition(secureCodeCallsModel: Bool) -> Tool {
        let annotations = Tool.Annotations(title: title, readOnlyHint: true, destructiveHint: false, idempotentHint: self != .secureCode || !secureCodeCallsModel,
                                           openWorldHint: self == .secureCode && secureCodeCallsModel)
        return Tool(name: rawValue, title: title, description: summary, inputSchema: inputSchema, annotations: annotations, outputSchema: outputSchema)
    }

    var title: String {
        switch self {
        case .scanCode: return "Scan code for security flaws"
        case .secureCode: return "Revise code until re-analysis finds it clean"
        case .searchKnowledge: return "Find community warnings about a pattern"
        case .explainRule: return "Explain a security rule"
        }
    }

    var summary: String {
        switch self {
        case .scanCode:
            return """
            Scan a piece of code (Python, JavaScript, TypeScript, Java, Go, C, C++, PHP or Swift) for security flaws, as \
            `sosecure scan --format json` does. Each finding has the rule id, \
            CWE ids, severity, confidence, message, 1-based line and UTF-8 column range (end exclusive), and for data-flow \
            findings the path from the untrusted source to the dangerous call. Nothing is executed.
            """
        case .secureCode:
            return """
            Revise a piece of code (any language scan_code reads) so it no longer has the flaws SOSecure finds, as \
            `sosecure fix --format json` does: rule fixes (Python rules have them), then (when the server was started with a model) a model revision backed by Stack Overflow discussions. \
            Every change is re-analyzed and kept only if the code still parses, the targeted findings are gone and nothing \
            new appears. Returns revised_code, the diff, per-change explanations with the findings each change resolves, the \
            cited discussions (evidence), and the findings before and after.
            """
        case .searchKnowledge:
            return """
            Search the knowledge base of Stack Overflow discussions in which the community warned about a security pattern. \
            The query may be code (its calls and imports drive the search) or plain text. Returns the best discussions with \
            title, url, BM25 score, the answer's code and the warning sentences from the thread.
            """
        case .explainRule:
            return """
            Explain one of SOSecure's rules (the `rule` of a finding): CWEs, severity, summary, rationale, its fix if any, and \
            vulnerable and safe examples.
            """
        }
    }

    var inputSchema: Value {
        let language: Value = .object([
            "type": "string",
            "description": "Language of the code: python (the default), javascript, typescript, java, go, c, cpp, php or swift.",
        ])
        switch self {
        case .scanCode:
            return Self.objectSchema(required: ["code"], properties: [
                "code": ["type": "string", "description": "The source code to scan."],
                "language": language,
                "path": ["type": "string", "description": "A file name for the findings (its extension also picks the language)."],
            ])
        case .secureCode:
            return Self.objectSchema(required: ["code"], properties: [
                "code": ["type": "string", "description": "The source code to revise."],
                "language": language,
            ])
        case .searchKnowledge:
            return Self.objectSchema(required: ["query"], properties: [
                "query": ["type": "string", "description": "Code, or a text question, to find discussions about."],
                "language": ["type": "string", "description": "Only discussions about this language (python, javascript, java, go, c, cpp, php, ...)."],
                "k": ["type": "integer", "minimum": 1, "maximum": 50, "description": "How many discussions to return (default 5)."],
            ])
        case .explainRule:
            return Self.objectSchema(required: ["id"], properties: [
                "id": ["type": "string", "description": "The rule id, like yaml-load-without-safe-loader."],
            ])
        }
    }

    var outputSchema: Value {
        let finding = Self.objectSchema(
            required: ["rule", "cwe", "severity", "confidence", "message", "line", "column", "end_line", "end_column", "flow"],
            properties: [
                "rule": ["type": "string"], "cwe": Self.array(of: ["type": "integer"]), "severity": ["type": "string"],
                "confidence": ["type": "string"], "message": ["type": "string"], "line": ["type": "integer"],
                "column": ["type": "integer"], "end_line": ["type": "integer"], "end_column": ["type": "integer"],
                "flow": Self.array(of: ["type": "object"]),
            ], closed: false)
        let reported = Self.objectSchema(
            required: ["rule", "cwe", "severity", "message", "line", "column"],
            properties: [
                "rule": ["type": "string"], "cwe": Self.array(of: ["type": "integer"]), "severity": ["type": "string"],
                "message": ["type": "string"], "line": ["type": "integer"], "column": ["type": "integer"],
            ], closed: false)
        let citation = Self.objectSchema(
            required: ["id", "url", "title"],
            properties: ["id": ["type": "string"], "url": ["type": "string"], "title": ["type": "string"]], closed: false)
        switch self {
        case .scanCode:
            return Self.objectSchema(required: ["version", "findings", "errors", "stats"], properties: [
                "version": ["type": "integer"],
                "findings": Self.array(of: finding),
                "errors": Self.array(of: ["type": "object"]),
                "stats": ["type": "object"],
            ], closed: false)
        case .secureCode:
            return Self.objectSchema(
                required: ["status", "revised_code", "diff", "changes", "evidence", "findings_before", "findings_after", "attempts", "notes"],
                properties: [
                    "status": ["type": "string", "enum": ["fixed", "partially_fixed", "unchanged", "failed"]],
                    "revised_code": ["type": "string"],
                    "diff": ["type": "string"],
                    "changes": Self.array(of: Self.objectSchema(required: ["hunk", "resolves", "evidence"], properties: [
                        "hunk": ["type": "string"], "resolves": Self.array(of: ["type": "object"]), "evidence": Self.array(of: citation),
                    ], closed: false)),
                    "evidence": Self.array(of: citation),
                    "findings_before": Self.array(of: reported),
                    "findings_after": Self.array(of: reported),
                    "attempts": Self.array(of: ["type": "object"]),
                    "notes": Self.array(of: ["type": "string"]),
                    "model": ["type": "string"],
                ], closed: false)
        case .searchKnowledge:
            return Self.objectSchema(required: ["query_terms", "results"], properties: [
                "query_terms": Self.array(of: ["type": "string"]),
                "results": Self.array(of: Self.objectSchema(required: ["id", "title", "url", "score", "code", "warnings"], properties: [
                    "id": ["type": "string"], "title": ["type": "string"], "url": ["type": "string"], "score": ["type": "number"],
                    "code": ["type": "string"], "warnings": Self.array(of: ["type": "string"]),
                ], closed: false)),
            ], closed: false)
        case .explainRule:
            return Self.objectSchema(
                required: ["id", "language", "cwe", "severity", "confidence", "summary", "rationale", "fix", "examples", "references"],
                properties: [
                    "id": ["type": "string"], "language": ["type": "string"],
                    "cwe": Self.array(of: Self.objectSchema(required: ["id", "name", "url"], properties: [
                        "id": ["type": "string"], "name": ["type": "string"], "url": ["type": "string"],
                    ], closed: false)),
                    "severity": ["type": "string"], "confidence": ["type": "string"],
                    "summary": ["type": "string"], "rationale": ["type": "string"],
                    "fix": ["type": ["object", "null"]],
                    "examples": Self.objectSchema(required: ["vulnerable", "safe"], properties: [
                        "vulnerable": Self.array(of: ["type": "string"]), "safe": Self.array(of: ["type": "string"]),
                    ], closed: false),
                    "references": Self.array(of: ["type": "string"]),
                ], closed: false)
        }
    }

    /// An object schema; `closed` input schemas reject argument names they do not list.
    static func objectSchema(required: [String], properties: [String: Value], closed: Bool = true) -> Value {
        var schema: [String: Value] = [
            "type": "object",
            "properties": .object(properties),
            "required": .array(required.map { .string($0) }),
        ]
        if closed { schema["additionalProperties"] = false }
        return .object(schema)
    }

    static func array(of items: Value) -> Value {
        .object(["type": "array", "items": items])
    }
}
