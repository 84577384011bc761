extension DialectDescription {
    /// Java 21. Contextual words (`var`, `record`, `yield`, `sealed`) stay identifiers: they name variables too.
    static let java = DialectDescription(
        keywords: KeywordSet(javaKeywords),
        operators: OperatorTable(OperatorTable.common + ["->", "::", "...", ">>>", ">>>="]),
        textBlocks: true
    )

    static let javaKeywords = [
        "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
        "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for",
        "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new",
        "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super",
        "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while",
        "true", "false", "null",
    ]
}
