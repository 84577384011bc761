extension Expr {
    /// The dotted name an expression spells, if it is only names and attribute accesses:
    /// `os.path.join` for `os.path.join`, nil for `f().x` or `a[0].b`.
    /// This is the written name; resolving aliases from imports is a separate step.
    public var dottedName: String? {
        var parts: [String] = []
        var current: Expr = self
        while true {
            switch current.kind {
            case let .attribute(value, attr, _):
                parts.append(attr)
                current = value
            case let .name(id, _):
                parts.append(id)
                return parts.reversed().joined(separator: ".")
            default:
                return nil
            }
        }
    }
}
