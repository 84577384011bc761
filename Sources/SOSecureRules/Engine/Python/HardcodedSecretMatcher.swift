import Foundation
import SOSecurePython

/// `hardcoded-secret:` — a string literal given to something whose name says it is a secret:
/// an assignment, a keyword argument, a dict entry, a parameter default or an `==` comparison.
enum HardcodedSecretMatcher {
    /// Checks one expression or statement node; the analyzer calls it for assignments, calls, dicts,
    /// comparisons and function definitions.
    static func matches(_ pattern: SecretPattern, statement: Stmt) -> [Match] {
        var found: [Match] = []
        switch statement.kind {
        case let .assign(targets, value):
            for target in targets {
                if let name = name(of: target) { check(pattern, name: name, value: value, into: &found) }
                // `user, password = "admin", "s3cret"`
                if case let .tuple(names, _) = target.kind, case let .tuple(values, _) = value.kind, names.count == values.count {
                    for (element, elementValue) in zip(names, values) {
                        if let name = name(of: element) { check(pattern, name: name, value: elementValue, into: &found) }
                    }
                }
            }
        case let .annAssign(target, _, value?, _):
            if let name = name(of: target) { check(pattern, name: name, value: value, into: &found) }
        case let .functionDef(_, _, args, _, _, _, _):
            let positional = args.posonlyargs + args.args
            for (arg, value) in zip(positional.suffix(args.defaults.count), args.defaults) {
                check(pattern, name: arg.arg, value: value, into: &found)
            }
            for (arg, value) in zip(args.kwonlyargs, args.kwDefaults) {
                if let value { check(pattern, name: arg.arg, value: value, into: &found) }
            }
        default:
            break
        }
        return found
    }

    static func matches(_ pattern: SecretPattern, expression: Expr) -> [Match] {
        var found: [Match] = []
        switch expression.kind {
        case let .call(_, _, keywords):
            for keyword in keywords {
                if let name = keyword.arg { check(pattern, name: name, value: keyword.value, into: &found) }
            }
        case let .dict(keys, values):
            for (key, value) in zip(keys, values) {
                if let key, let name = ExpressionFacts.stringValue(key) { check(pattern, name: name, value: value, into: &found) }
            }
        case let .compare(left, ops, comparators) where ops.count == 1 && (ops[0] == .eq || ops[0] == .notEq):
            let right = comparators[0]
            if let name = name(of: left) { check(pattern, name: name, value: right, into: &found) }
            if let name = name(of: right) { check(pattern, name: name, value: left, into: &found) }
        default:
            break
        }
        return found
    }

    /// Whether `matches(_:statement:)` has any name and constant pair to test (see `hasCandidates(expression:)`).
    static func hasCandidates(statement: Stmt) -> Bool {
        switch statement.kind {
        case let .assign(_, value):
            // A tuple value pairs its elements with a tuple target's names.
            if case .tuple = value.kind { return true }
            return isTextConstant(value)
        case let .annAssign(_, _, value?, _):
            return isTextConstant(value)
        case let .functionDef(_, _, args, _, _, _, _):
            return args.defaults.contains(where: isTextConstant) || args.kwDefaults.contains { $0.map(isTextConstant) ?? false }
        default:
            return false
        }
    }

    /// Whether `matches(_:expression:)` has any name and constant pair to test: most calls, dicts and
    /// comparisons have none, and then no pattern needs to run.
    static func hasCandidates(expression: Expr) -> Bool {
        switch expression.kind {
        case let .call(_, _, keywords):
            return keywords.contains { $0.arg != nil && isTextConstant($0.value) }
        case let .dict(keys, values):
            return zip(keys, values).contains { key, value in
                guard let key, ExpressionFacts.stringValue(key) != nil else { return false }
                return isTextConstant(value)
            }
        case let .compare(left, ops, comparators) where ops.count == 1 && (ops[0] == .eq || ops[0] == .notEq):
            let right = comparators[0]
            return (isTextConstant(right) && name(of: left) != nil) || (isTextConstant(left) && name(of: right) != nil)
        default:
            return false
        }
    }

    /// The values `check` looks at: string and bytes literals.
    private static func isTextConstant(_ value: Expr) -> Bool {
        switch value.kind {
        case .constant(.string, _), .constant(.bytes, _): return true
        default: return false
        }
    }

    private static func name(of target: Expr) -> String? {
        switch target.kind {
        case let .name(id, _): return id
        case let .attribute(_, attr, _): return attr
        case let .subscript(_, slice, _): return ExpressionFacts.stringValue(slice)
        default: return nil
        }
    }

    private static func check(_ pattern: SecretPattern, name: String, value: Expr, into found: inout [Match]) {
        let secret: String
        switch value.kind {
        case let .constant(.string(text), _): secret = text
        // Keys are often written as bytes (`ENCRYPTION_KEY = b"..."`).
        case let .constant(.bytes(bytes), _): secret = String(decoding: bytes, as: UTF8.self)
        default: return
        }
        guard RegexCache.shared.matches(pattern.names, name), looksLikeSecret(secret, name: name, pattern: pattern) else { return }
        found.append(Match(range: value.range, guessed: false, message: "hard-coded value for `\(name)`"))
    }

    static func looksLikeSecret(_ value: String, name: String, pattern: SecretPattern) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= max(1, pattern.minLength) else { return false }
        if let ignore = pattern.ignoreValues, RegexCache.shared.matches(ignore, trimmed) { return false }
        // A value that merely names a field (`PASSWORD_FIELD = "password"`, `TOKEN_HEADER = "X-Token"`) is a
        // label, not a secret; but `password="password"` is a weak credential and stays reported.
        let lowerValue = trimmed.lowercased()
        let lowerName = name.lowercased()
        let labelSuffixes = ["field", "name", "label", "param", "header", "column", "key_name", "env", "var", "attr",
                             "prompt", "url", "path", "file", "type", "pattern", "regex", "prefix", "id"]
        if labelSuffixes.contains(where: { lowerName.hasSuffix($0) }), lowerName != "password", lowerName != "passwd" {
            if trimmed.range(of: "^[A-Za-z_-]+$", options: .regularExpression) != nil { return false }
        }
        return entropy(trimmed) >= pattern.minEntropy
    }

    /// Shannon entropy in bits per character.
    static func entropy(_ text: String) -> Double {
        var counts: [Character: Int] = [:]
        for character in text { counts[character, default: 0] += 1 }
        let total = Double(text.count)
        return counts.values.reduce(0) { sum, count in
            let p = Double(count) / total
            return sum - p * log2(p)
        }
    }
}
