import SOSecurePython

/// `sql-string:` — query text assembled by formatting with a non-constant value, wherever it appears.
enum SQLStringMatcher {
    /// Checks one expression; returns the match for the outermost string building only (the analyzer
    /// drops matches nested in an earlier one).
    static func matches(_ pattern: SQLStringPattern, expression: Expr) -> Match? {
        guard ExpressionFacts.isStringBuilding(expression) else { return nil }
        return matches(pattern, stringBuilding: expression)
    }

    /// As above, for an expression already known to build a string (several rules share that test).
    static func matches(_ pattern: SQLStringPattern, stringBuilding expression: Expr) -> Match? {
        let text = ExpressionFacts.constantText(expression)
        guard RegexCache.shared.matches(pattern.regex, text) else { return nil }
        return Match(range: expression.range, guessed: false)
    }
}
