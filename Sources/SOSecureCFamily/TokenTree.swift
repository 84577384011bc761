/// Tokens nested by brackets: `(…)`, `[…]`, `{…}`. A group whose closing bracket is
/// missing or mismatched has `close == nil`; the builder recovers locally so the rest
/// of the file still nests.
/// Only groups are boxed: a leaf token is stored inline, so building trees for a 5 MB file does not
/// cost a heap allocation per token.
public enum TokenTree: Hashable, Sendable {
    case token(Token)
    indirect case group(open: Token, children: [TokenTree], close: Token?)
}

/// The same trees as flat arrays, which is how the builder makes them: every sibling list is a
/// contiguous run of `nodes`, and a group names its children's list. A list is written when its
/// group closes, so children lists come before their parents' and the top-level list is last.
public struct TokenForest: Sendable {
    /// A token, or a bracket group, as indices into the file's token array.
    public struct Node: Sendable {
        /// The token, or the group's opening bracket.
        public let token: Int32
        /// The group's closing bracket; -1 for a token or an unclosed group.
        public let close: Int32
        /// The group's children (a `lists` index); -1 for a token.
        public let childList: Int32

        public var isGroup: Bool { childList >= 0 }
    }

    public let nodes: [Node]
    /// Each list's run of `nodes`.
    public let lists: [Range<Int>]
    /// The top-level list.
    public var rootList: Int { lists.count - 1 }

    init(nodes: [Node], lists: [Range<Int>]) {
        self.nodes = nodes
        self.lists = lists
    }

    /// The trees as nested values.
    public func trees(_ tokens: [Token]) -> [TokenTree] {
        func list(_ number: Int) -> [TokenTree] {
            lists[number].map { index in
                let node = nodes[index]
                guard node.isGroup else { return .token(tokens[Int(node.token)]) }
                return .group(open: tokens[Int(node.token)], children: list(Int(node.childList)),
                              close: node.close >= 0 ? tokens[Int(node.close)] : nil)
            }
        }
        return list(rootList)
    }
}
