import SOSecurePython

/// Static facts about expressions that several matchers need: literal values, string building.
enum ExpressionFacts {
    /// True for constants, and tuples/lists/sets/dicts made only of constants (also `-1`).
    static func isLiteral(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .constant: return true
        case let .unaryOp(_, operand): return isLiteral(operand)
        case let .tuple(elts, _), let .list(elts, _), let .set(elts): return elts.allSatisfy(isLiteral)
        case let .dict(keys, values): return keys.allSatisfy { $0.map(isLiteral) ?? false } && values.allSatisfy(isLiteral)
        case let .joinedStr(values): return values.allSatisfy { if case .constant = $0.kind { return true }; return false }
        default: return false
        }
    }

    /// The text of a string or bytes constant (an f-string without replacement fields counts).
    static func stringValue(_ expr: Expr) -> String? {
        switch expr.kind {
        case let .constant(.string(text), _): return text
        case let .constant(.bytes(bytes), _): return String(decoding: bytes, as: UTF8.self)
        case let .joinedStr(values):
            var text = ""
            for value in values {
                guard case let .constant(.string(part), _) = value.kind else { return nil }
                text += part
            }
            return text
        default: return nil
        }
    }

    /// Whether `stringValue` has a value, without building it.
    static func hasStringValue(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .constant(.string, _), .constant(.bytes, _): return true
        case let .joinedStr(values): return values.allSatisfy { if case .constant(.string, _) = $0.kind { return true }; return false }
        default: return false
        }
    }

    /// The value of an integer literal (decimal, hex, octal, binary; negative with unary minus).
    static func intValue(_ expr: Expr) -> Int? {
        switch expr.kind {
        case let .constant(.int(digits), _):
            let lower = digits.lowercased()
            if lower.hasPrefix("0x") { return Int(lower.dropFirst(2), radix: 16) }
            if lower.hasPrefix("0o") { return Int(lower.dropFirst(2), radix: 8) }
            if lower.hasPrefix("0b") { return Int(lower.dropFirst(2), radix: 2) }
            return Int(lower)
        case let .constant(.bool(value), _): return value ? 1 : 0
        case let .unaryOp(.uSub, operand): return intValue(operand).map { -$0 }
        default: return nil
        }
    }

    /// Whether an expression builds a string from constant text and at least one non-constant value
    /// (`"a" + x`, `"%s" % x`, `"{}".format(x)`, `f"{x}"`).
    static func isStringBuilding(_ expr: Expr) -> Bool {
        switch expr.kind {
        case let .joinedStr(values):
            return values.contains { if case let .formattedValue(value, _, _) = $0.kind { return !isLiteral(value) }; return false }
        case let .binOp(left, .mod, right):
            return (hasStringValue(left) || isStringBuilding(left)) && !isLiteral(right)
        case let .binOp(left, .add, right):
            let leftText = hasStringValue(left) || isStringBuilding(left)
            let rightText = hasStringValue(right) || isStringBuilding(right)
            return (leftText || rightText) && (!isLiteral(left) || !isLiteral(right))
        case let .call(function, args, keywords):
            guard case let .attribute(receiver, "format", _) = function.kind, hasStringValue(receiver) else { return false }
            return args.contains { !isLiteral($0) } || keywords.contains { !isLiteral($0.value) }
        default:
            return false
        }
    }

    /// The shapes `isStringBuilding` can accept, told from the node alone: most expressions are not one.
    static func mayBuildString(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .joinedStr: return true
        case .binOp(_, .mod, _), .binOp(_, .add, _): return true
        case let .call(function, _, _):
            if case .attribute(_, "format", _) = function.kind { return true }
            return false
        default: return false
        }
    }

    /// The constant text pieces of a string-building expression, joined (for regex checks on SQL text).
    static func constantText(_ expr: Expr) -> String {
        if let text = stringValue(expr) { return text }
        switch expr.kind {
        case let .joinedStr(values):
            return values.map { value -> String in
                if case let .constant(.string(text), _) = value.kind { return text }
                return "?"
            }.joined()
        case let .binOp(left, .mod, _): return constantText(left)
        case let .binOp(left, .add, right): return constantText(left) + constantText(right)
        case let .call(function, _, _):
            if case let .attribute(receiver, "format", _) = function.kind { return constantText(receiver) }
            return "?"
        default:
            return "?"
        }
    }

    /// `stat.S_I*` permission constants, for mode-bit checks like `stat.S_IRWXU | stat.S_IWOTH`.
    static let statConstants: [String: Int] = [
        "S_ISUID": 0o4000, "S_ISGID": 0o2000, "S_ISVTX": 0o1000,
        "S_IRWXU": 0o700, "S_IRUSR": 0o400, "S_IWUSR": 0o200, "S_IXUSR": 0o100,
        "S_IRWXG": 0o070, "S_IRGRP": 0o040, "S_IWGRP": 0o020, "S_IXGRP": 0o010,
        "S_IRWXO": 0o007, "S_IROTH": 0o004, "S_IWOTH": 0o002, "S_IXOTH": 0o001,
        "S_IREAD": 0o400, "S_IWRITE": 0o200, "S_IEXEC": 0o100,
    ]

    /// The value of a permission expression: integer literals and `stat` constants combined with `|`, `+`.
    static func modeValue(_ expr: Expr) -> Int? {
        if let value = intValue(expr) { return value }
        switch expr.kind {
        case let .binOp(left, op, right) where op == .bitOr || op == .add:
            guard let l = modeValue(left), let r = modeValue(right) else { return nil }
            return l | r
        case let .attribute(_, attr, _): return statConstants[attr]
        case let .name(id, _): return statConstants[id]
        default: return nil
        }
    }
}
