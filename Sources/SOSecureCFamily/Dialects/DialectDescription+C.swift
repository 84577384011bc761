extension DialectDescription {
    /// C17 with C23's new keywords. `.h` files are read as C but are often C++ headers, so C++ raw
    /// strings are understood too (`R"(` is no valid C anyway).
    static let c = DialectDescription(
        keywords: KeywordSet(cKeywords),
        operators: OperatorTable(OperatorTable.common + ["->", "..."]),
        encodingPrefixes: true,
        cppRawStrings: true,
        digitSeparator: UInt8(ascii: "'"),
        preprocessor: true
    )

    static let cKeywords = [
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
        "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
        "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
        "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary",
        "_Noreturn", "_Static_assert", "_Thread_local", "alignas", "alignof", "bool", "constexpr", "false",
        "nullptr", "static_assert", "thread_local", "true", "typeof", "typeof_unqual",
    ]
}
