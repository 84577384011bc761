/// Splits C-family source into tokens in one pass over its UTF-8 bytes.
///
/// Token shapes the pattern matcher can rely on:
/// - A literal without interpolation is one `.string` token, quotes, prefixes (`L`, `u8`, `R"d(`) and
///   suffixes included: `"a"`, `'c'`, `` `raw` `` (Go), `R"x(…)x"`, `"""…"""`, `#"…"#`, PHP heredocs.
/// - A JS/TS template or Swift string with interpolation is split into `.stringPart` tokens around the
///   expressions, the delimiters staying in the parts: `` `a${ `` `b` `` }c` `` and `"a\(` `b` `)c"`.
///   The expressions' tokens are ordinary tokens (nested templates work); `${`/`}` and `\(`/`)`
///   around them are not bracket tokens.
/// - `/re/flags` is one `.regex` token in JS/TS when the previous significant token cannot end an
///   operand; otherwise `/` is division.
/// - A C/C++ preprocessor line, continuations included, is one `.preprocessor` token.
/// - PHP `$name` is one `.variable` token; HTML outside `<?php … ?>` is a `.comment` token holding the
///   tags. A PHP file with no `<?php` or `<?=` at all is read as PHP code from its first byte (a snippet).
/// - An unterminated multi-line literal or comment gets a diagnostic at its opening and, for its first
///   16 occurrences in a file, ends at the end of its first line, so the rest of the file still lexes.
public enum CFamilyLexer {
    public static func lex(_ bytes: [UInt8], dialect: Dialect) -> LexedSource {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = CFamilyScanner(bytes: buffer, dialect: dialect)
            scanner.run()
            return LexedSource(tokens: scanner.tokens, diagnostics: scanner.finishedDiagnostics())
        }
    }
}
