import Testing
@testable import SOSecureKnowledge

@Suite struct HTMLTextTests {
    @Test func separatesCodeBlocksFromProse() {
        let text = HTMLText.parse("""
            <p>Use a list &amp; avoid <code>shell=True</code>:</p>
            <pre class="lang-py prettyprint-override"><code>if a &lt; b and c &gt; d:
                run(["ls", path])
            </code></pre>
            <p>Done.</p>
            """)
        #expect(text.codeBlocks == ["if a < b and c > d:\n    run([\"ls\", path])"])
        #expect(text.prose == "Use a list & avoid `shell=True`:\nDone.")
        #expect(text.languageHint == "py")
    }

    @Test func masksURLsAndEmailAddresses() {
        let text = HTMLText.parse("<p>See https://example.com/a?b=c, or www.example.org. Mail me at jane.doe+so@example.co.uk!</p>")
        #expect(text.prose == "See [url], or [url]. Mail me at [email]!")
    }

    @Test func strayAngleBracketsStayText() {
        let text = HTMLText.parse("<p>if x <5 then</p>")
        #expect(text.prose == "if x <5 then")
    }

    @Test func unterminatedCodeBlockIsKept() {
        let text = HTMLText.parse("<pre><code>eval(x)")
        #expect(text.codeBlocks == ["eval(x)"])
    }

    @Test func vocabularyMatchesWholeWordsCaseInsensitively() {
        let vocabulary = SecurityVocabulary.default
        #expect(vocabulary.matches("This is VULNERABLE to injection."))
        #expect(vocabulary.matches("a hard-coded key"))
        #expect(!vocabulary.matches("use weakref and invulnerability-free code"))
        #expect(vocabulary.matchedWords("XSS and csrf, then XSS again") == ["xss", "csrf"])
        #expect(vocabulary.matchedWords("an attacker-controlled value") == ["attacker"])
        #expect(vocabulary.matchedWords("curl --insecure") == ["insecure"])
    }

    @Test func tagsReadBothDumpStyles() {
        #expect(TagList.parse("<python><flask>") == ["python", "flask"])
        #expect(TagList.parse("|python|flask|") == ["python", "flask"])
        #expect(TagList.parse("|c++|") == ["c++"])
    }

    @Test func languageComesFromTagsThenHints() {
        let map = LanguageTagMap.default
        #expect(map.language(forTags: ["flask", "python"]) == .python)
        #expect(map.language(forTags: ["qt", "c++"]) == .cpp)
        #expect(map.language(forTags: ["django"]) == .python)
        #expect(map.language(forTags: ["regex"], hint: "js") == .javascript)
        #expect(map.language(forTags: ["regex"]) == nil)
    }
}
