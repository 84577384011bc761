import Foundation
import SOSecureCore

/// Reads the `match:` section of a rule file into a `Matcher`.
enum MatcherReader {
    static let kinds = ["call", "import", "assign", "hardcoded-secret", "sql-string", "function", "taint", "any"]

    static func matcher(_ reader: YAMLReader) throws -> Matcher {
        let keys = reader.keys
        guard keys.count == 1, let kind = keys.first else {
            throw reader.error("give exactly one matcher: \(kinds.joined(separator: ", "))")
        }
        try reader.checkKeys(kinds)
        let body = try reader.required(kind)
        switch kind {
        case "call": return .call(try call(body))
        case "import": return .importOf(try body.strings().map(NamePattern.init))
        case "assign": return .assign(try assign(body))
        case "hardcoded-secret": return .hardcodedSecret(try secret(body))
        case "sql-string":
            try body.checkKeys(["regex"])
            let regexReader = try body.required("regex")
            return .sqlString(SQLStringPattern(regex: try checkedRegex(regexReader)))
        case "function": return .function(try function(body))
        case "taint": return .taint(try taint(body))
        default:
            let alternatives = try body.sequence().map { try matcher($0) }
            if alternatives.isEmpty { throw body.error("list at least one matcher") }
            return .any(alternatives)
        }
    }

    static func call(_ reader: YAMLReader) throws -> CallPattern {
        try reader.checkKeys(["names", "where", "inside"])
        return CallPattern(names: try names(reader.required("names")),
                           constraints: try constraints(reader.optional("where")),
                           inside: try reader.optional("inside").map { try $0.oneOf(MatchContext.self, [.handler, .function, .module]) })
    }

    static func names(_ reader: YAMLReader) throws -> [NamePattern] {
        let names = try reader.strings()
        if names.isEmpty { throw reader.error("list at least one qualified name") }
        return names.map(NamePattern.init)
    }

    static func constraints(_ reader: YAMLReader?) throws -> [ArgumentConstraint] {
        guard let reader else { return [] }
        return try reader.sequence().map { try constraint($0) }
    }

    static let testKeys = ["absent", "present", "equals", "one-of", "not-one-of", "is", "regex", "less-than",
                           "contains-name", "mode-bits"]

    static func constraint(_ reader: YAMLReader) throws -> ArgumentConstraint {
        try reader.checkKeys(["argument", "keyword"] + testKeys)
        let position = try reader.optional("argument")?.int()
        let keyword = try reader.optional("keyword")?.nonEmptyString()
        return ArgumentConstraint(position: position, keyword: keyword, test: try valueTest(reader))
    }

    /// Exactly one of `testKeys` in `reader`'s mapping.
    static func valueTest(_ reader: YAMLReader) throws -> ValueTest {
        let present = reader.keys.filter { testKeys.contains($0) }
        guard present.count == 1, let key = present.first else {
            throw reader.error("give exactly one test: \(testKeys.joined(separator: ", "))")
        }
        let value = try reader.required(key)
        switch key {
        case "absent":
            guard try value.bool() else { throw value.error("write `present: true` instead of `absent: false`") }
            return .absent
        case "present":
            guard try value.bool() else { throw value.error("write `absent: true` instead of `present: false`") }
            return .present
        case "equals": return .equals(try value.literal())
        case "one-of": return .oneOf(try value.sequence().map { try $0.literal() })
        case "not-one-of": return .notOneOf(try value.sequence().map { try $0.literal() })
        case "is": return .kind(try value.oneOf(ValueKind.self, ValueKind.allCases))
        case "regex": return .regex(try checkedRegex(value))
        case "less-than": return .lessThan(try value.int())
        case "contains-name": return .containsName(try names(value))
        default: return .modeBits(try value.int())
        }
    }

    static func checkedRegex(_ reader: YAMLReader) throws -> String {
        let pattern = try reader.nonEmptyString()
        // Compiled into the scan-wide cache, where the analyzers find it again.
        guard RegexCache.shared.regex(pattern) != nil else {
            throw reader.error("not a valid regular expression (ICU syntax): \(pattern)")
        }
        return pattern
    }

    static func assign(_ reader: YAMLReader) throws -> AssignPattern {
        try reader.checkKeys(["targets", "value", "inside"])
        let valueReader = try reader.required("value")
        try valueReader.checkKeys(testKeys)
        return AssignPattern(targets: try reader.required("targets").strings(), value: try valueTest(valueReader),
                             inside: try reader.optional("inside").map { try $0.oneOf(MatchContext.self, [.handler, .function, .module]) })
    }

    static func secret(_ reader: YAMLReader) throws -> SecretPattern {
        try reader.checkKeys(["names", "min-length", "min-entropy", "ignore-values"])
        return SecretPattern(names: try checkedRegex(reader.required("names")),
                             minLength: try reader.optional("min-length")?.int() ?? 1,
                             minEntropy: try reader.optional("min-entropy")?.double() ?? 0,
                             ignoreValues: try reader.optional("ignore-values").map { try checkedRegex($0) })
    }

    static func function(_ reader: YAMLReader) throws -> FunctionPattern {
        try reader.checkKeys(["decorated-by", "where"])
        return FunctionPattern(decoratedBy: try names(reader.required("decorated-by")),
                               constraints: try constraints(reader.optional("where")))
    }

    static func taint(_ reader: YAMLReader) throws -> TaintPattern {
        try reader.checkKeys(["sources", "sinks", "sanitizers"])
        let sources = try reader.optional("sources").map { list in
            Set(try list.sequence().map { try $0.oneOf(TaintSourceKind.self, TaintSourceKind.allCases) })
        } ?? TaintSourceKind.defaultKinds
        let sinksReader = try reader.required("sinks")
        let sinks = try sinksReader.sequence().map { try sink($0) }
        if sinks.isEmpty { throw sinksReader.error("list at least one sink") }
        return TaintPattern(sources: sources, sinks: sinks,
                            sanitizers: try reader.optional("sanitizers").map { try names($0) } ?? [])
    }

    static func sink(_ reader: YAMLReader) throws -> TaintSink {
        if let returnReader = try reader.optional("return") {
            try reader.checkKeys(["return", "html"])
            guard try returnReader.string() == "handler" else { throw returnReader.error("the only return sink is `handler`") }
            return .handlerReturn(html: try reader.optional("html")?.bool() ?? false)
        }
        try reader.checkKeys(["names", "argument", "keyword", "where"])
        return .call(names: try names(reader.required("names")), position: try reader.optional("argument")?.int(),
                     keyword: try reader.optional("keyword")?.nonEmptyString(),
                     constraints: try constraints(reader.optional("where")))
    }
}
