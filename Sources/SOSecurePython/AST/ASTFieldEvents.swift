/// One step of a depth-first tour of a tree's fields in CPython order. Printers consume
/// this flat stream instead of recursing, so every printer sees the same fields in the
/// same order and none can overflow the stack on a very deep tree.
///
/// Grammar of the stream:
///   node   := beginNode (field value)* endNode
///   value  := node | scalar | none | beginList (node | none)* endList
public enum ASTFieldEvent: Sendable {
    case beginNode(ASTNodeRef)
    case endNode(ASTNodeRef)
    /// Names the field whose value follows.
    case field(String)
    case scalar(ASTScalar)
    /// An absent optional field, or a `None` entry of a list.
    case none
    case beginList(count: Int)
    case endList
}

extension ASTNodeRef {
    /// Calls `body` with every event of the tour rooted at this node.
    public func forEachFieldEvent(_ body: (ASTFieldEvent) -> Void) {
        enum Pending {
            case event(ASTFieldEvent)
            case expand(ASTNodeRef)
        }
        var stack: [Pending] = [.expand(self)]
        var expansion: [Pending] = []
        while let pending = stack.popLast() {
            switch pending {
            case let .event(event):
                body(event)
            case let .expand(node):
                body(.beginNode(node))
                expansion.removeAll(keepingCapacity: true)
                for field in node.fields {
                    expansion.append(.event(.field(field.name)))
                    switch field.value {
                    case let .node(child):
                        expansion.append(.expand(child))
                    case let .nodes(children):
                        expansion.append(.event(.beginList(count: children.count)))
                        for child in children {
                            expansion.append(child.map { .expand($0) } ?? .event(.none))
                        }
                        expansion.append(.event(.endList))
                    case .none:
                        expansion.append(.event(.none))
                    case let .scalar(scalar):
                        expansion.append(.event(.scalar(scalar)))
                    }
                }
                expansion.append(.event(.endNode(node)))
                stack.append(contentsOf: expansion.reversed())
            }
        }
    }
}
