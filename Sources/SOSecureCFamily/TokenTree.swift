/// Tokens nested by brackets: `(…)`, `[…]`, `{…}`. A group whose closing bracket is
/// missing or mismatched has `close == nil`; the builder recovers locally so the rest
/// of the file still nests.
/// Only groups are boxed: a leaf token is stored inline, so building trees for a 5 MB file does not
/// cost a heap allocation per token.
public enum TokenTree: Hashable, Sendable {
    case token(Token)
    indirect case group(open: Token, children: [TokenTree], close: Token?)
}
