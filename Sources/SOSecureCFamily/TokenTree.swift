/// Tokens nested by brackets: `(…)`, `[…]`, `{…}`. A group whose closing bracket is
/// missing or mismatched has `close == nil`; the builder recovers locally so the rest
/// of the file still nests.
public indirect enum TokenTree: Hashable, Sendable {
    case token(Token)
    case group(open: Token, children: [TokenTree], close: Token?)
}
