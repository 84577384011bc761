import SOSecureCFamily
import Testing

@Suite("PHP lexer")
struct PHPLexerTests {
    @Test func variablesAndHTMLOutsideTags() {
        let source = "<html><?php echo $name; ?>\n<p>text</p>\n<?= $x ?>end"
        #expect(lexPairs(source, .php) == [
            Pair(.comment, "<html><?php"), Pair(.keyword, "echo"), Pair(.variable, "$name"), Pair(.punctuation, ";"),
            Pair(.comment, "?>\n<p>text</p>\n<?="), Pair(.variable, "$x"), Pair(.comment, "?>end"),
        ])
    }

    @Test func snippetWithoutOpenTagIsCode() {
        #expect(texts("system($_GET['cmd']);", .php, .variable) == ["$_GET"])
        #expect(texts("<?xml version='1.0'?><a/>", .php, .string) == ["'1.0'"])
    }

    @Test func commentsIncludingHashAndAttributes() {
        let source = "<?php\n# hash\n// slash ?> <b>html</b> <?php\n#[Attr]\nfunction f() {}"
        #expect(texts(source, .php, .comment) == ["<?php", "# hash", "// slash ", "?> <b>html</b> <?php"])
        #expect(texts(source, .php, .punctuation).first == "#")
    }

    @Test func heredocAndNowdoc() {
        let source = "<?php\n$a = <<<EOT\nHello $name\n  EOT;\n$b = <<<'SQL'\n  SELECT 1\n  SQL . 'x';\n$c = $a << 2;"
        #expect(texts(source, .php, .string) == ["<<<EOT\nHello $name\n  EOT", "<<<'SQL'\n  SELECT 1\n  SQL", "'x'"])
        #expect(texts(source, .php, .variable) == ["$a", "$b", "$c", "$a"])
    }

    @Test func unterminatedHeredoc() {
        let source = "<?php\n$a = <<<EOT\nnever ends\n$b = 1;\n"
        let found = diagnostics(source, .php)
        #expect(found.map(\.range.start) == [11])
        #expect(found.first?.message.contains("EOT") == true)
        #expect(texts(source, .php, .variable) == ["$a", "$b"])
    }

    @Test func caseInsensitiveKeywordsAndMultiLineStrings() {
        let source = "<?php ECHO 'a\nb'; NULL; $o?->m(); `ls $dir`;"
        #expect(texts(source, .php, .keyword) == ["ECHO", "NULL"])
        #expect(texts(source, .php, .string) == ["'a\nb'", "`ls $dir`"])
        #expect(texts(source, .php, .punctuation).contains("?->"))
    }
}
