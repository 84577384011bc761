import Yams

/// Reads a composed YAML node tree field by field, turning every mismatch into a `RuleLoadError`
/// that names the file, the line and the field path.
struct YAMLReader {
    let file: String
    let node: Node
    let path: String

    var line: Int { (node.mark?.line ?? 0) }

    func error(_ message: String, field: String? = nil, at other: Node? = nil) -> RuleLoadError {
        RuleLoadError(file: file, line: (other ?? node).mark?.line ?? line, field: field ?? path, message: message)
    }

    private func child(_ node: Node, _ name: String) -> YAMLReader {
        YAMLReader(file: file, node: node, path: path.isEmpty ? name : "\(path).\(name)")
    }

    // MARK: mappings

    func mapping() throws -> Node.Mapping {
        guard let mapping = node.mapping else { throw error("expected a mapping of field: value") }
        return mapping
    }

    /// Fails on any key outside `allowed`, so a typo is not silently ignored.
    func checkKeys(_ allowed: [String]) throws {
        for (key, _) in try mapping() {
            guard let name = key.scalar?.string else { throw error("field names must be plain words", at: key) }
            if !allowed.contains(name) {
                throw error("unknown field; expected one of \(allowed.joined(separator: ", "))",
                            field: path.isEmpty ? name : "\(path).\(name)", at: key)
            }
        }
    }

    func optional(_ name: String) throws -> YAMLReader? {
        // A linear search by key text: subscripting a mapping hashes its keys as YAML nodes, which
        // resolves each key's tag with regular expressions, and that dominated loading the built-in rules.
        guard let value = try mapping().first(where: { $0.key.scalar?.string == name })?.value else { return nil }
        if case .scalar(let scalar) = value, scalar.style == .plain, ["~", "null", "Null", "NULL", ""].contains(scalar.string) {
            return nil
        }
        return child(value, name)
    }

    func required(_ name: String) throws -> YAMLReader {
        guard let value = try optional(name) else {
            throw error("missing required field", field: path.isEmpty ? name : "\(path).\(name)")
        }
        return value
    }

    var keys: [String] { node.mapping.map { $0.keys.compactMap { $0.scalar?.string } } ?? [] }

    // MARK: scalars

    func string() throws -> String {
        guard let scalar = node.scalar else { throw error("expected text") }
        return scalar.string
    }

    func nonEmptyString() throws -> String {
        let value = try string()
        if value.trimmingWhitespace().isEmpty { throw error("must not be empty") }
        return value
    }

    func int() throws -> Int {
        guard let scalar = node.scalar, let value = Int.construct(from: Self.typed(scalar)) else { throw error("expected an integer") }
        return value
    }

    func double() throws -> Double {
        guard let scalar = node.scalar, let value = Double.construct(from: Self.typed(scalar)) else { throw error("expected a number") }
        return value
    }

    func bool() throws -> Bool {
        guard let scalar = node.scalar, let value = Bool.construct(from: Self.typed(scalar)) else { throw error("expected true or false") }
        return value
    }

    func oneOf<T: RawRepresentable>(_ type: T.Type, _ allowed: [T]) throws -> T where T.RawValue == String {
        let raw = try string()
        guard let value = T(rawValue: raw) else {
            throw error("'\(raw)' is not one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    // MARK: sequences

    func sequence() throws -> [YAMLReader] {
        guard let items = node.sequence else { throw error("expected a list") }
        return items.enumerated().map { index, item in YAMLReader(file: file, node: item, path: "\(path)[\(index)]") }
    }

    /// A list of strings; a single string counts as a list of one.
    func strings() throws -> [String] {
        if node.scalar != nil { return [try nonEmptyString()] }
        return try sequence().map { try $0.nonEmptyString() }
    }

    /// The YAML scalar as a literal: booleans, null (also `None`), integers keep their YAML type;
    /// an unquoted identifier or dotted name (`yaml.SafeLoader`) is a qualified name; quoted text is a string.
    func literal() throws -> LiteralValue {
        guard let scalar = node.scalar else { throw error("expected a literal value") }
        if scalar.style == .plain {
            if ["~", "null", "Null", "NULL", "None"].contains(scalar.string) { return .none }
            if let value = Bool.construct(from: Self.typed(scalar)) { return .bool(value) }
            if let value = Int.construct(from: Self.typed(scalar)) { return .int(value) }
            if Self.isQualifiedName(scalar.string) { return .name(scalar.string) }
        }
        return .string(scalar.string)
    }

    /// The scalar with its tag left to be inferred from its text: rule files are composed with the basic
    /// resolver, which would call every scalar text, so a field that wants a number or a boolean hands
    /// YAML's constructors a plain scalar with an unresolved tag (a quoted one stays text, as YAML says).
    /// The default resolver is not used: building it compiles a dozen regular expressions.
    static func typed(_ scalar: Node.Scalar) -> Node.Scalar {
        guard scalar.style == .plain else { return scalar }
        return Node.Scalar(scalar.string, Tag(.implicit, .basic, .default), scalar.style, scalar.mark)
    }

    static func isQualifiedName(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            guard let first = part.first, first == "_" || first.isLetter else { return false }
            return part.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
        }
    }
}

extension String {
    /// The text without leading and trailing Unicode white space (what Foundation's
    /// `.whitespacesAndNewlines` holds), worked out on scalars: Foundation's version bridges
    /// through UTF-16 and was a sixth of loading the built-in rules.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
