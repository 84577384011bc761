import SOSecureCore

/// Reads a rule's `fix:` section.
enum FixReader {
    /// The operations of Python rules, which edit the matched call or assignment.
    static let pythonOperations = ["rename-callee", "remove-keyword", "set-keyword", "replace-value"]
    /// The operation of C-family rules, which replaces the matched code.
    static let codeOperations = ["replace"]

    /// `match`: the rule's match, read before the fix, so a C-family template can be checked against the
    /// metavariables its patterns bind.
    static func fix(_ reader: YAMLReader, language: Language, match: Matcher) throws -> FixSpec {
        let operations = language.usesCodePatterns ? codeOperations : pythonOperations
        try reader.checkKeys(["title", "applicability"] + operations)
        let title = try reader.required("title").nonEmptyString()
        let applicabilityReader = try reader.required("applicability")
        let applicability: Applicability
        switch try applicabilityReader.string() {
        case "safe": applicability = .safe
        case "unsafe": applicability = .unsafe
        case "display-only": applicability = .displayOnly
        case let other: throw applicabilityReader.error("'\(other)' is not one of safe, unsafe, display-only")
        }
        let present = reader.keys.filter { operations.contains($0) }
        guard present.count == 1, let key = present.first else {
            throw reader.error("give exactly one operation: \(operations.joined(separator: ", "))")
        }
        let value = try reader.required(key)
        let operation: FixSpec.Operation
        switch key {
        case "rename-callee":
            let name = try value.nonEmptyString()
            guard YAMLReader.isQualifiedName(name) else { throw value.error("expected an identifier or a dotted name") }
            operation = .renameCallee(name)
        case "remove-keyword": operation = .removeKeyword(try value.nonEmptyString())
        case "set-keyword":
            try value.checkKeys(["name", "value"])
            operation = .setKeyword(name: try value.required("name").nonEmptyString(), value: try value.required("value").nonEmptyString())
        case "replace":
            let template = try value.string()
            guard case let .code(code) = match, case let .search(formula) = code.mode else {
                throw value.error("a fix replaces what a search rule matches; taint rules have none")
            }
            for name in CodePatternText.metavariables(in: template) where !CodeMatchReader.binds(formula, name) {
                throw value.error("no positive pattern binds \(name)")
            }
            operation = .replaceMatch(template)
        default: operation = .replaceValue(try value.nonEmptyString())
        }
        return FixSpec(title: title, applicability: applicability, operation: operation)
    }
}
