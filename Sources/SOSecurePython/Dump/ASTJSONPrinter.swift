import SOSecureCore

/// The `--format json` tree. Every node is
/// `{"type": "Call", "range": {...}, "fields": {...}}` with CPython's field names in
/// CPython's order; `range` is null for the kinds CPython gives no position. Ranges hold
/// 1-based lines and UTF-8 columns (end exclusive) plus the UTF-8 byte offsets.
///
/// Constants are JSON values where JSON can hold them exactly (None, bools, ints of any
/// size, finite floats, strings); bytes, complex numbers, `...` and non-finite floats are
/// `{"pythonType": "bytes", "repr": "b'\\x00'"}`.
public enum ASTJSONPrinter {
    /// One file: `{"path": ..., "ast": <Module>, "errors": [...]}`.
    public static func renderFile(
        path: String, module: Module, lineIndex: LineIndex, errors: [PythonSyntaxError], indentLevel: Int = 0
    ) -> String {
        let outer = String(repeating: "  ", count: indentLevel)
        let inner = outer + "  "
        var output = "{\n"
        output += inner + "\"path\": " + quoted(path) + ",\n"
        output += inner + "\"ast\": " + render(.module(module), lineIndex: lineIndex, indentLevel: indentLevel + 1) + ",\n"
        if errors.isEmpty {
            output += inner + "\"errors\": []\n"
        } else {
            output += inner + "\"errors\": [\n"
            output += errors.map { error in
                inner + "  {\"message\": " + quoted(error.message) + ", \"range\": " + range(error.range, lineIndex) + "}"
            }.joined(separator: ",\n")
            output += "\n" + inner + "]\n"
        }
        output += outer + "}"
        return output
    }

    /// One node and everything under it, pretty-printed with two-space indentation.
    public static func render(_ root: ASTNodeRef, lineIndex: LineIndex, indentLevel: Int = 0) -> String {
        var writer = Writer(lineIndex: lineIndex, level: indentLevel)
        root.forEachFieldEvent { writer.consume($0) }
        return writer.output
    }

    private enum Container {
        case fields(first: Bool)
        case list(first: Bool)
        case emptyList
    }

    private struct Writer {
        let lineIndex: LineIndex
        var level: Int
        var output = ""
        var stack: [Container] = []

        init(lineIndex: LineIndex, level: Int) {
            self.lineIndex = lineIndex
            self.level = level
        }

        mutating func consume(_ event: ASTFieldEvent) {
            switch event {
            case let .beginNode(node):
                startValue()
                level += 1
                output += "{\n" + indent + "\"type\": " + quoted(node.kindName) + ",\n"
                output += indent + "\"range\": " + (node.range.map { range($0, lineIndex) } ?? "null") + ",\n"
                output += indent + "\"fields\": {"
                level += 1
                stack.append(.fields(first: true))
            case .endNode:
                let hadFields: Bool
                if case let .fields(first)? = stack.popLast() { hadFields = !first } else { hadFields = false }
                level -= 1
                output += hadFields ? "\n" + indent + "}" : "}"
                level -= 1
                output += "\n" + indent + "}"
            case let .field(name):
                if case let .fields(first)? = stack.last {
                    output += first ? "\n" : ",\n"
                    stack[stack.count - 1] = .fields(first: false)
                }
                output += indent + quoted(name) + ": "
            case let .scalar(scalar):
                startValue()
                output += json(scalar)
            case .none:
                startValue()
                output += "null"
            case let .beginList(count):
                startValue()
                if count == 0 {
                    output += "[]"
                    stack.append(.emptyList)
                } else {
                    output += "["
                    level += 1
                    stack.append(.list(first: true))
                }
            case .endList:
                if case .list? = stack.popLast() {
                    level -= 1
                    output += "\n" + indent + "]"
                }
            }
        }

        /// Separates list items; a field's value needs nothing, its key was just written.
        mutating func startValue() {
            guard case let .list(first)? = stack.last else { return }
            output += (first ? "\n" : ",\n") + indent
            stack[stack.count - 1] = .list(first: false)
        }

        /// Whitespace stops growing past 100 levels so a very deep tree is not quadratic in size.
        var indent: String { String(repeating: "  ", count: min(level, 100)) }
    }

    static func range(_ range: TextRange, _ lineIndex: LineIndex) -> String {
        let start = ASTPositions.lineColumn(range.start, lineIndex)
        let end = ASTPositions.lineColumn(range.end, lineIndex)
        return "{\"start\": {\"line\": \(start.line), \"column\": \(start.column)}, "
            + "\"end\": {\"line\": \(end.line), \"column\": \(end.column)}, "
            + "\"byteStart\": \(range.start), \"byteEnd\": \(range.end)}"
    }

    static func json(_ scalar: ASTScalar) -> String {
        switch scalar {
        case let .identifier(text), let .symbol(text), let .string(text):
            return quoted(text)
        case let .identifiers(list), let .symbols(list):
            return "[" + list.map(quoted).joined(separator: ", ") + "]"
        case let .int(number):
            return String(number)
        case let .constant(value):
            return json(value)
        }
    }

    static func json(_ value: ConstantValue) -> String {
        switch value {
        case .none: return "null"
        case let .bool(flag): return flag ? "true" : "false"
        case let .int(literal):
            return ASTLiteralFormatting.decimalInteger(literal) ?? tagged("int", quoted(literal))
        case let .float(number) where number.isFinite:
            return ASTLiteralFormatting.floatRepr(number)
        case .float, .imaginary, .bytes, .ellipsis:
            let type: String
            switch value {
            case .float: type = "float"
            case .imaginary: type = "complex"
            case .bytes: type = "bytes"
            default: type = "ellipsis"
            }
            return tagged(type, quoted(ASTLiteralFormatting.repr(value)))
        case let .string(text):
            return quoted(text)
        }
    }

    private static func tagged(_ type: String, _ repr: String) -> String {
        "{\"pythonType\": \(quoted(type)), \"repr\": \(repr)}"
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
