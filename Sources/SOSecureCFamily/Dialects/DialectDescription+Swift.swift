extension DialectDescription {
    /// Swift 6. Contextual words (`get`, `set`, `mutating`, `some`, `async`) stay identifiers.
    static let swift = DialectDescription(
        keywords: KeywordSet([
            "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
            "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
            "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch",
            "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat",
            "return", "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "self",
            "Self", "super", "throws", "true", "try",
        ]),
        // After these a `/` divides: they end an operand.
        valueKeywords: KeywordSet(["self", "Self", "super", "true", "false", "nil"]),
        operators: OperatorTable(OperatorTable.common + ["===", "!==", "->", "...", "..<", "??", "?."]),
        nestedBlockComments: true,
        regexLiterals: true,
        swiftRegexLiterals: true,
        backquoteIdentifiers: true,
        swiftStrings: true,
        trailingDotInNumbers: false,
        leadingDotInNumbers: false
    )
}
