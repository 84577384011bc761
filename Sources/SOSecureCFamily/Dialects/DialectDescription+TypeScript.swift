extension DialectDescription {
    /// TypeScript 5: JavaScript plus its declaration keywords. Type names (`string`, `number`, `type`)
    /// stay identifiers: they name variables too.
    static let typescript = DialectDescription(
        keywords: KeywordSet(javascriptKeywords + [
            "abstract", "as", "declare", "enum", "implements", "interface", "keyof", "namespace", "private",
            "protected", "public", "readonly", "satisfies",
        ]),
        valueKeywords: KeywordSet(javascriptValueKeywords),
        conditionKeywords: KeywordSet(["if", "while", "for", "with"]),
        operators: OperatorTable(javascriptOperators),
        singleQuote: .string,
        templateLiterals: true,
        regexLiterals: true
    )
}
