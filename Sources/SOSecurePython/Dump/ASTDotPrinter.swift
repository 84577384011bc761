import SOSecureCore

/// The `--format dot` tree: a Graphviz digraph with one box per node (its CPython class,
/// its scalar fields and its range) and one edge per child, labelled with the field name
/// (`body[0]`, `func`). `ordering=out` keeps children left to right in field order.
public enum ASTDotPrinter {
    /// Longest scalar shown in a box; long string literals would make the graph unreadable.
    static let maxValueLength = 40

    public static func render(_ root: ASTNodeRef, lineIndex: LineIndex, graphName: String) -> String {
        var writer = Writer(lineIndex: lineIndex)
        writer.output = "digraph " + quoted(graphName) + " {\n"
            + "  graph [ordering=out];\n"
            + "  node [shape=box, fontname=\"monospace\", fontsize=10];\n"
            + "  edge [fontname=\"monospace\", fontsize=9];\n"
        root.forEachFieldEvent { writer.consume($0) }
        writer.flush()
        writer.output += "}\n"
        return writer.output
    }

    private enum Frame {
        case node(id: Int)
        case list(name: String, nextIndex: Int)
    }

    private struct Writer {
        let lineIndex: LineIndex
        var output = ""
        var frames: [Frame] = []
        var nextID = 0
        var pendingField: String?
        /// The node just begun; its box is written when its first child starts or it ends.
        var openNode: (id: Int, lines: [String], range: String?)?

        init(lineIndex: LineIndex) {
            self.lineIndex = lineIndex
        }

        mutating func consume(_ event: ASTFieldEvent) {
            switch event {
            case let .field(name):
                pendingField = name
            case .scalar:
                // Scalars are taken from `node.fields` when the node begins, so their order
                // relative to children does not matter.
                pendingField = nil
            case .none:
                // A `None` list entry still takes an index, so later labels match the text format.
                _ = nextListLabel()
                pendingField = nil
            case .beginList:
                flush()
                frames.append(.list(name: pendingField ?? "", nextIndex: 0))
                pendingField = nil
            case .endList:
                frames.removeLast()
            case let .beginNode(node):
                flush()
                let edgeLabel = nextListLabel() ?? pendingField
                pendingField = nil
                let id = nextID
                nextID += 1
                if let parent = innermostNodeID {
                    output += "  n\(parent) -> n\(id)"
                    if let edgeLabel { output += " [label=" + quoted(edgeLabel) + "]" }
                    output += ";\n"
                }
                var lines = [node.kindName]
                for field in node.fields {
                    guard case let .scalar(scalar) = field.value, let text = scalar.displayText else { continue }
                    lines.append(field.name + "=" + shortened(text))
                }
                openNode = (id, lines, node.range.map { ASTPositions.span($0, lineIndex) })
                frames.append(.node(id: id))
            case .endNode:
                flush()
                frames.removeLast()
            }
        }

        var innermostNodeID: Int? {
            for frame in frames.reversed() {
                if case let .node(id) = frame { return id }
            }
            return nil
        }

        mutating func nextListLabel() -> String? {
            guard case let .list(name, index)? = frames.last else { return nil }
            frames[frames.count - 1] = .list(name: name, nextIndex: index + 1)
            return "\(name)[\(index)]"
        }

        mutating func flush() {
            guard let node = openNode else { return }
            let lines = node.lines + (node.range.map { [$0] } ?? [])
            // Graphviz turns the two characters `\n` inside a quoted label into a line break.
            let label = lines.map(escaped).joined(separator: "\\n")
            output += "  n\(node.id) [label=\"" + label + "\"];\n"
            openNode = nil
        }

        func shortened(_ text: String) -> String {
            guard text.count > ASTDotPrinter.maxValueLength else { return text }
            return String(text.prefix(ASTDotPrinter.maxValueLength - 1)) + "…"
        }
    }

    /// Escapes a string for a double-quoted DOT ID, keeping backslashes literal.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.append(character)
            }
        }
        return result
    }

    static func quoted(_ text: String) -> String { "\"" + escaped(text) + "\"" }
}
