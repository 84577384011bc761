extension DialectDescription {
    /// Go 1.22. `true`, `false` and `nil` are predeclared identifiers, not keywords.
    static let go = DialectDescription(
        keywords: KeywordSet([
            "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for",
            "func", "go", "goto", "if", "import", "interface", "map", "package", "range", "return", "select",
            "struct", "switch", "type", "var",
        ]),
        operators: OperatorTable(OperatorTable.common + [":=", "<-", "&^", "&^=", "..."]),
        backquoteStrings: true,
        dollarInIdentifiers: false
    )
}
