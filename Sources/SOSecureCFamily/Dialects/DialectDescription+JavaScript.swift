extension DialectDescription {
    /// ECMAScript 2024. Contextual words (`async`, `of`, `get`, `set`) stay identifiers.
    static let javascript = DialectDescription(
        keywords: KeywordSet(javascriptKeywords),
        valueKeywords: KeywordSet(javascriptValueKeywords),
        conditionKeywords: KeywordSet(["if", "while", "for", "with"]),
        operators: OperatorTable(javascriptOperators),
        singleQuote: .string,
        templateLiterals: true,
        regexLiterals: true
    )

    static let javascriptKeywords = [
        "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
        "else", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof",
        "let", "new", "null", "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof",
        "var", "void", "while", "with", "yield",
    ]

    static let javascriptValueKeywords = ["this", "super", "null", "true", "false"]

    static let javascriptOperators = OperatorTable.common + [
        "===", "!==", "**", "**=", "=>", "...", "?.", "??", "??=", "&&=", "||=", ">>>", ">>>=",
    ]
}
