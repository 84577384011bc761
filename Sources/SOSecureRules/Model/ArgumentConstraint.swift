/// A test on one argument of a call (or on an assigned value).
public struct ArgumentConstraint: Sendable {
    /// 0-based position; nil when the argument can only be passed by keyword.
    public let position: Int?
    public let keyword: String?
    public let test: ValueTest

    public init(position: Int?, keyword: String?, test: ValueTest) {
        self.position = position
        self.keyword = keyword
        self.test = test
    }
}

/// A literal a rule compares against. Written in YAML as a scalar.
public enum LiteralValue: Sendable, Hashable {
    case none
    case bool(Bool)
    case int(Int)
    case string(String)
    /// A qualified name such as `yaml.SafeLoader` (a YAML string containing a dot or an identifier).
    case name(String)
}

/// What must hold for a selected argument.
public enum ValueTest: Sendable {
    case absent
    case present
    case equals(LiteralValue)
    case oneOf([LiteralValue])
    case notOneOf([LiteralValue])
    case kind(ValueKind)
    /// The constant string value matches this regular expression.
    case regex(String)
    /// An integer literal below this bound.
    case lessThan(Int)
    /// The expression mentions one of these qualified names.
    case containsName([NamePattern])
    /// An integer literal with any of these permission bits set.
    case modeBits(Int)
}

public enum ValueKind: String, Sendable, CaseIterable {
    case literal
    case nonLiteral = "non-literal"
    /// Built by `%`, `.format`, an f-string or `+` with a non-constant part.
    case dynamicString = "dynamic-string"
    case stringLiteral = "string-literal"
    case list
}
