/// What one dialect's source text can contain. The shared scanner asks these flags instead of
/// branching on the dialect, so a new dialect is one more description.
struct DialectDescription: Sendable {
    /// How a `'` starts a literal.
    enum SingleQuote: Sendable {
        /// C, C++, Java, Go: `'a'`, ends at the line's end if unclosed.
        case character
        /// JavaScript: a string like `"…"`.
        case string
        /// PHP: a string that may span lines.
        case multiLineString
    }

    var keywords: KeywordSet
    /// Keywords that end an operand (`this`, `null`), so a `/` after them divides instead of starting a regex.
    var valueKeywords: KeywordSet = KeywordSet([])
    /// Keywords whose `(…)` is a condition (`if`, `while`), so a `/` after its `)` starts a regex.
    var conditionKeywords: KeywordSet = KeywordSet([])
    var operators: OperatorTable

    var singleQuote: SingleQuote = .character
    /// PHP: `"…"` may span lines.
    var multiLineDoubleQuotes = false
    /// PHP: `#` starts a line comment (except `#[`, an attribute).
    var hashComments = false
    /// Swift: `/* /* */ */` nests.
    var nestedBlockComments = false
    /// JavaScript/TypeScript: `` `…${expr}…` `` template literals and `/re/` regex literals.
    var templateLiterals = false
    var regexLiterals = false
    /// Swift's regex literals instead of JavaScript's: `/…/` may not start with a space or tab and takes
    /// no trailing flags, and `#/…/#` (more `#` allowed) may span lines.
    var swiftRegexLiterals = false
    /// Go: `` `raw` `` strings. PHP: `` `shell` `` strings (also one `.string` token).
    var backquoteStrings = false
    /// Swift: `` `class` `` is an identifier.
    var backquoteIdentifiers = false
    /// C and C++: `L"…"`, `u8"…"`, `u'…'`, `U"…"` encoding prefixes belong to the literal.
    var encodingPrefixes = false
    /// C++: `R"delim(…)delim"` raw strings (with `u8R`, `LR`, `uR`, `UR`), and `"…"s` literal suffixes.
    var cppRawStrings = false
    /// C and C++ `1'000`; everyone else writes `1_000`.
    var digitSeparator: UInt8 = UInt8(ascii: "_")
    /// Java: `"""` text blocks (one `.string` token).
    var textBlocks = false
    /// Swift: `"""` multi-line strings, `#"…"#` raw strings, `\(…)` / `\#(…)` interpolation.
    var swiftStrings = false
    /// C and C++: `#…` at the start of a line is one `.preprocessor` token.
    var preprocessor = false
    /// PHP: `$name` variables, `<<<EOT` heredocs and `<<<'EOT'` nowdocs, `<?php … ?>` around HTML.
    var phpVariables = false
    var heredocs = false
    var phpTags = false
    /// `$` inside identifiers (JavaScript `$el`, Java `a$b`, Swift `$0`, C's common extension).
    var dollarInIdentifiers = true
    /// `1.` is a number (everyone but Swift, where `1...2` and `t.0` need the dot).
    var trailingDotInNumbers = true
    /// `.5` is a number (everyone but Swift).
    var leadingDotInNumbers = true
}
