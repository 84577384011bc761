/// What a rule looks for. One case per matcher kind; each kind is evaluated by one file under `Engine/Python/`,
/// except `code`, the C-family matcher evaluated under `Engine/CFamily/`.
public indirect enum Matcher: Sendable {
    case call(CallPattern)
    /// Module names whose import is itself the finding (`telnetlib`).
    case importOf([NamePattern])
    case assign(AssignPattern)
    case hardcodedSecret(SecretPattern)
    case sqlString(SQLStringPattern)
    case function(FunctionPattern)
    case taint(TaintPattern)
    /// Any one of several matchers.
    case any([Matcher])
    /// A C-family rule's code patterns (never part of a Python rule).
    case code(CodeMatch)
}

/// A qualified-name pattern: `yaml.load`, `hashlib.*` (anything under hashlib) or `*.execute` (any receiver).
public struct NamePattern: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) { self.text = text }

    public func matches(_ qualifiedName: String) -> Bool {
        if text.hasPrefix("*.") {
            let suffix = text.dropFirst(1)  // keeps the leading dot
            return qualifiedName.hasSuffix(suffix) || qualifiedName == text.dropFirst(2)
        }
        if text.hasSuffix(".*") {
            let prefix = text.dropLast(1)  // keeps the trailing dot
            return qualifiedName.hasPrefix(prefix)
        }
        return qualifiedName == text
    }

    public var description: String { text }
}

/// Where a rule applies inside a file.
public enum MatchContext: String, Sendable {
    /// The body of a web request handler (Flask/FastAPI route, Django view).
    case handler
    case function
    case module
}

public struct CallPattern: Sendable {
    public let names: [NamePattern]
    public let constraints: [ArgumentConstraint]
    public let inside: MatchContext?

    public init(names: [NamePattern], constraints: [ArgumentConstraint] = [], inside: MatchContext? = nil) {
        self.names = names
        self.constraints = constraints
        self.inside = inside
    }
}

public struct AssignPattern: Sendable {
    /// `DEBUG`, `*.debug`, `*.config[DEBUG]`.
    public let targets: [String]
    public let value: ValueTest
    public let inside: MatchContext?

    public init(targets: [String], value: ValueTest, inside: MatchContext? = nil) {
        self.targets = targets
        self.value = value
        self.inside = inside
    }
}

public struct SecretPattern: Sendable {
    /// Matched against the assigned name, keyword, dict key or parameter (case as written).
    public let names: String
    public let minLength: Int
    /// Shannon entropy in bits per character the value must reach.
    public let minEntropy: Double
    /// Values that are placeholders, not secrets.
    public let ignoreValues: String?

    public init(names: String, minLength: Int = 1, minEntropy: Double = 0, ignoreValues: String? = nil) {
        self.names = names
        self.minLength = minLength
        self.minEntropy = minEntropy
        self.ignoreValues = ignoreValues
    }
}

public struct SQLStringPattern: Sendable {
    /// Matched against the constant text of a string built by formatting.
    public let regex: String

    public init(regex: String) { self.regex = regex }
}

public struct FunctionPattern: Sendable {
    public let decoratedBy: [NamePattern]
    /// Constraints on the decorator call's arguments.
    public let constraints: [ArgumentConstraint]

    public init(decoratedBy: [NamePattern], constraints: [ArgumentConstraint] = []) {
        self.decoratedBy = decoratedBy
        self.constraints = constraints
    }
}
