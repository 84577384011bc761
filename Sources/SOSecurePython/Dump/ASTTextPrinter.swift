import SOSecureCore

/// The `--format text` tree: one node per line, indented by depth, each line naming the
/// field it fills, the node's CPython class, its range and its scalar fields:
///
///     body[0]: Expr 3:1-3:21
///       value: Call 3:1-3:21
///         func: Attribute 3:1-3:16 attr=system ctx=Load
///
/// Absent optional fields and empty lists are left out; a `None` inside a list
/// (a `**` entry of a dict) is shown as `keys[1]: None`.
public enum ASTTextPrinter {
    static let maxIndentDepth = 100

    public static func render(_ root: ASTNodeRef, lineIndex: LineIndex, color: Bool = false) -> String {
        var printer = State(lineIndex: lineIndex, color: color)
        root.forEachFieldEvent { printer.consume($0) }
        printer.flush()
        return printer.output
    }

    private enum Frame {
        case node
        case list(name: String, nextIndex: Int)
    }

    private struct State {
        let lineIndex: LineIndex
        let color: Bool
        var output = ""
        var frames: [Frame] = []
        var depth = 0
        var pendingField: String?
        /// The header line of the node just begun, written when its first child starts or it ends.
        var openLine: String?

        init(lineIndex: LineIndex, color: Bool) {
            self.lineIndex = lineIndex
            self.color = color
        }

        mutating func consume(_ event: ASTFieldEvent) {
            switch event {
            case let .field(name):
                pendingField = name
            case .scalar:
                // Already on the node's header line, which lists all scalars even when
                // CPython orders one after a child (`Attribute(value, attr, ctx)`).
                pendingField = nil
            case .none:
                if let label = nextListLabel() {
                    flush()
                    output += indentation + label + styled("None", Self.dim) + "\n"
                }
                pendingField = nil
            case .beginList:
                flush()
                frames.append(.list(name: pendingField ?? "", nextIndex: 0))
                pendingField = nil
            case .endList:
                frames.removeLast()
            case let .beginNode(node):
                flush()
                let label = nextListLabel() ?? pendingField.map { $0 + ": " } ?? ""
                pendingField = nil
                var line = indentation + label + styled(node.kindName, Self.bold)
                if let range = node.range { line += " " + styled(ASTPositions.span(range, lineIndex), Self.dim) }
                for field in node.fields {
                    guard case let .scalar(scalar) = field.value, let text = scalar.displayText else { continue }
                    line += " " + field.name + "=" + styled(text, scalar.isLiteral ? Self.green : nil)
                }
                openLine = line
                frames.append(.node)
                depth += 1
            case .endNode:
                flush()
                frames.removeLast()
                depth -= 1
            }
        }

        /// `name[i]: ` when the innermost open structure is a list, advancing its index.
        mutating func nextListLabel() -> String? {
            guard case let .list(name, index)? = frames.last else { return nil }
            frames[frames.count - 1] = .list(name: name, nextIndex: index + 1)
            return "\(name)[\(index)]: "
        }

        mutating func flush() {
            if let line = openLine { output += line + "\n" }
            openLine = nil
        }

        /// Past `maxIndentDepth` levels the indentation stops growing (output would be quadratic
        /// in depth) and the line says its depth instead.
        var indentation: String {
            guard depth > ASTTextPrinter.maxIndentDepth else { return String(repeating: "  ", count: depth) }
            return String(repeating: "  ", count: ASTTextPrinter.maxIndentDepth) + "[depth \(depth)] "
        }

        func styled(_ text: String, _ code: String?) -> String {
            guard color, let code else { return text }
            return code + text + Self.reset
        }

        static let bold = "\u{1B}[1m"
        static let dim = "\u{1B}[2m"
        static let green = "\u{1B}[32m"
        static let reset = "\u{1B}[0m"
    }
}

extension ASTScalar {
    /// How the text and DOT printers spell a scalar; nil for an empty list, which is left
    /// out like an absent field.
    var displayText: String? {
        switch self {
        case let .identifier(name): return name
        case let .identifiers(names): return names.isEmpty ? nil : "[" + names.joined(separator: ", ") + "]"
        case let .constant(value): return ASTLiteralFormatting.repr(value)
        case let .symbol(symbol): return symbol
        case let .symbols(symbols): return symbols.isEmpty ? nil : "[" + symbols.joined(separator: ", ") + "]"
        case let .int(number): return String(number)
        case let .string(text): return ASTLiteralFormatting.stringRepr(text)
        }
    }

    var isLiteral: Bool {
        if case .constant = self { return true }
        return false
    }
}
