extension DialectDescription {
    /// PHP 8.3. Keywords are case-insensitive.
    static let php = DialectDescription(
        keywords: KeywordSet([
            "abstract", "and", "array", "as", "break", "callable", "case", "catch", "class", "clone", "const",
            "continue", "declare", "default", "die", "do", "echo", "else", "elseif", "empty", "enddeclare",
            "endfor", "endforeach", "endif", "endswitch", "endwhile", "enum", "eval", "exit", "extends", "false",
            "final", "finally", "fn", "for", "foreach", "function", "global", "goto", "if", "implements",
            "include", "include_once", "instanceof", "insteadof", "interface", "isset", "list", "match",
            "namespace", "new", "null", "or", "print", "private", "protected", "public", "readonly", "require",
            "require_once", "return", "static", "switch", "throw", "trait", "true", "try", "unset", "use", "var",
            "while", "xor", "yield",
        ], caseInsensitive: true),
        operators: OperatorTable(OperatorTable.common + [
            "===", "!==", "<=>", "**", "**=", "=>", "::", "->", "?->", "??", "??=", ".=", "...", "<>",
        ]),
        singleQuote: .multiLineString,
        multiLineDoubleQuotes: true,
        hashComments: true,
        backquoteStrings: true,
        phpVariables: true,
        heredocs: true,
        phpTags: true,
        dollarInIdentifiers: false
    )
}
