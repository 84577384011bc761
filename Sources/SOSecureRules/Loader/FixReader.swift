import SOSecureCore

/// Reads a rule's `fix:` section.
enum FixReader {
    static let operations = ["rename-callee", "remove-keyword", "set-keyword", "replace-value"]

    static func fix(_ reader: YAMLReader) throws -> FixSpec {
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
        default: operation = .replaceValue(try value.nonEmptyString())
        }
        return FixSpec(title: title, applicability: applicability, operation: operation)
    }
}
