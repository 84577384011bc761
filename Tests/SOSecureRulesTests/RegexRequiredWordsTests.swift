import Foundation
import SOSecureCore
import SOSecureTestSupport
import Testing
@testable import SOSecureRules

/// The words a `metavariable-regex` requires, the one-pass word scanner, and the prefilters built on
/// them: a requirement read wrongly would silently drop findings, so soundness is checked against the
/// regex engine itself on generated text.
@Suite("Regex required words and pattern vocabulary")
struct RegexRequiredWordsTests {
    @Test func anchoredAlternationGivesClauseAndLeadingWords() throws {
        let words = try #require(RegexRequiredWords(regex: "^(MD4|MD5|SHA1|EVP_md5)$"))
        #expect(words.clauses == [["EVP_md5", "MD4", "MD5", "SHA1"]])
        #expect(words.leading == ["MD4", "MD5", "SHA1", "EVP_md5"])
        #expect(!words.ignoringCase)
    }

    @Test func sequenceKeepsEveryClause() throws {
        let words = try #require(RegexRequiredWords(regex: "^(SSLv2|SSLv3|TLSv1|TLSv1_1)_(client_|server_)?method$"))
        #expect(words.clauses.contains(["SSLv2", "SSLv3", "TLSv1", "TLSv1_1"]))
        #expect(words.clauses.contains(["method"]))
        #expect(!words.clauses.contains(["client_", "server_"]), "an optional group requires nothing")
        #expect(words.leading == ["SSLv2", "SSLv3", "TLSv1", "TLSv1_1"])
    }

    @Test func caselessExpressionsLowercaseTheirWords() throws {
        let words = try #require(RegexRequiredWords(regex: "(?i)(Token|SECRET|passw(or)?d)"))
        #expect(words.ignoringCase)
        #expect(words.clauses == [["passw", "secret", "token"]])
        #expect(words.leading == nil)
        let inline = try #require(RegexRequiredWords(regex: #"^"(?i)\s*(select|insert)\b.*%s"#))
        #expect(inline.ignoringCase, "an inline (?i) anywhere makes the whole test caseless")
        #expect(inline.clauses == [["insert", "select"]])
        #expect(inline.leading == nil, "a quote comes first")
    }

    @Test func expressionsWithoutWordsRequireNothing() {
        #expect(RegexRequiredWords(regex: #"^[a-z_]\w*$"#) == nil)
        #expect(RegexRequiredWords(regex: #"(?<![\w.>])(?<!sizeof\()[a-z_]\w*"#) == nil, "lookbehinds require nothing")
        #expect(RegexRequiredWords(regex: "a|[0-9]+") == nil, "one alternative without a word voids the union")
        #expect(RegexRequiredWords(regex: "ab?c") == nil, "one-letter runs are not worth a search")
        #expect(RegexRequiredWords(regex: "^(abc)?def")?.leading == nil, "an optional group cannot lead")
        #expect(RegexRequiredWords(regex: "^abc|def")?.leading == nil, "the anchor covers only the first alternative")
        #expect(RegexRequiredWords(regex: "(?m)^abc")?.leading == nil, "multi-line anchors match after any line break")
    }

    @Test func quantifiersEndRuns() throws {
        #expect(try #require(RegexRequiredWords(regex: "^abcd?e")).leading == ["abc"])
        #expect(try #require(RegexRequiredWords(regex: "^ab+cd")).clauses.contains(["ab"]))
        #expect(try #require(RegexRequiredWords(regex: "(xy){12}zz")).clauses.contains(["xy"]))
        #expect(try #require(RegexRequiredWords(regex: "(xy){12}zz")).clauses.allSatisfy { !$0.contains("12") },
                "a repeat count is not text")
    }

    /// Every text the regex engine accepts must hold the required words: the prefilter may only skip
    /// files and bindings that could never match. Texts are generated from the expressions' own words
    /// and random noise, so both matches and near misses are tried.
    @Test(arguments: [
        "^(MD4|MD5|SHA1|MD4_Init|EVP_md5)$",
        "^(SSLv2|SSLv3|TLSv1|TLSv1_1)_(client_|server_)?method$",
        #"^EVP_(des_\w+|des|rc4\w*|aes_\d+_ecb)$"#,
        "(?i)(token|secret|passw(or)?d|api_?key)",
        #"(?i)^"\s*(select|insert|update)\b([^"\\]|\\.)*%s"#,
        #"^(mt19937(_64)?|minstd_rand0?|ranlux\w+|knuth_b)$"#,
        "(?i)^(allowed|permitted|safe)\\w*$",
        "^abcd?e|xyz+w",
    ])
    func everyAcceptedTextHoldsTheRequiredWords(regex: String) throws {
        let words = try #require(RegexRequiredWords(regex: regex))
        let engine = try NSRegularExpression(pattern: regex)
        let pieces = ["MD5", "md5", "SHA1", "EVP_", "des_cbc", "rc4", "aes_128_ecb", "SSLv3", "TLSv1_1", "_", "client_",
                      "method", "Token", "SECRET", "password", "passwd", "apikey", "api_key", "\"", " select ", "INSERT",
                      "%s", "\\\"", "mt19937", "_64", "minstd_rand", "ranlux24", "knuth_b", "Allowed", "safeHosts",
                      "abce", "abcde", "xyzzw", "x", "9", " ", "-", ".",
                      // Whole matches, so every expression is accepted often enough to be tested.
                      "SSLv3_method", "TLSv1_1_server_method", "EVP_des_ede3", "EVP_rc4", "\" select %s", "\"Update t set a=%s"]
        var generator = SeededGenerator(seed: UInt64(regex.utf8.count) &* 7919)
        var accepted = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...4, using: &generator)
            let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            guard engine.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil else { continue }
            accepted += 1
            let subject = words.ignoringCase ? text.lowercased() : text
            for clause in words.clauses {
                #expect(clause.contains { subject.contains($0) }, "'\(text)' matches \(regex) but lacks all of \(clause)")
            }
            if let leading = words.leading {
                #expect(leading.contains { subject.hasPrefix($0) }, "'\(text)' matches \(regex) but starts with none of \(leading)")
                #expect(words.mayLead(text))
            }
        }
        #expect(accepted > 20, "the generator must produce matches for \(regex)")
    }

    @Test func scannerFindsOverlappingWordsInOnePass() {
        let scanner = WordPresenceScanner(words: ["he", "she", "hers", "EVP_", "key"], ignoringCase: true)
        let presence = scanner.presence(in: Array("ushers call evp_des()".utf8))
        let found = Set(scanner.words.indices.filter { presence[$0] }.map { scanner.words[$0] })
        #expect(found == ["he", "she", "hers", "evp_"])
        let exact = WordPresenceScanner(words: ["MD5", "md4"], ignoringCase: false)
        let exactPresence = exact.presence(in: Array("md5 MD4".utf8))
        #expect(exact.words.indices.filter { exactPresence[$0] }.isEmpty, "case counts when not ignored")
    }

    @Test func longInputsAreScannedInFourStretchesWithoutMissingAWordAtTheSeams() {
        let words = ["md5", "sha1", "password", "evp_", "x"]
        let scanner = WordPresenceScanner(words: words, ignoringCase: true)
        var generator = SeededGenerator(seed: 6)
        for size in [4096, 4097, 9_999, 65_536] {
            for _ in 0..<40 {
                // Filler without any word's letters, then one or two words at random places, often
                // right across where the four stretches meet.
                var bytes = [UInt8](repeating: UInt8(ascii: "q"), count: size)
                var placed: Set<String> = []
                let part = (size + 3) / 4
                for _ in 0..<Int.random(in: 1...2, using: &generator) {
                    let word = words[Int.random(in: 0..<words.count, using: &generator)]
                    let seam = part * Int.random(in: 1...3, using: &generator)
                    let start = Bool.random(using: &generator)
                        ? max(0, min(size - word.utf8.count, seam - Int.random(in: 0...word.utf8.count, using: &generator)))
                        : Int.random(in: 0...(size - word.utf8.count), using: &generator)
                    let spelled = Bool.random(using: &generator) ? word.uppercased() : word
                    bytes.replaceSubrange(start..<(start + word.utf8.count), with: Array(spelled.utf8))
                    placed.insert(word)
                }
                let text = String(decoding: bytes, as: UTF8.self).lowercased()
                let expected = Set(scanner.words.filter { text.contains($0) })
                let presence = scanner.presence(in: bytes)
                let found = Set(scanner.words.indices.filter { presence[$0] }.map { scanner.words[$0] })
                #expect(found == expected, "size \(size): found \(found.sorted()), expected \(expected.sorted())")
                #expect(placed.isSubset(of: found) || placed.count == 2, "size \(size)")
            }
        }
    }

    @Test func documentIndexesOnlyNamesThePatternsMayAskFor() throws {
        let patterns = try ["gets($B)", "strcpy($D, $S)"].map { try CodePatternCompiler.compile($0, dialect: .c) }
        let vocabulary = PatternVocabulary(patterns: patterns, dialect: .c)
        #expect(vocabulary.texts.sorted() == ["gets", "strcpy"])
        let file = SourceFile(path: "v.c", text: "int main(void) { char b[8]; gets(b); puts(b); return 0; }")
        let document = CodeDocument(file: file, dialect: .c, vocabulary: vocabulary)
        // `gets` sits in the function body's list only.
        let body = try #require(document.roots.first { $0.isGroup && $0.text == "{" })
        #expect(document.lists(containing: "gets") == [Int(body.node.childList)])
        #expect(document.lists(containing: "strcpy") == nil, "the file does not call it")
        #expect(document.lists(containing: "puts") == nil && document.lists(containing: "main") == nil, "not pattern texts")
        let wider = PatternVocabulary(patterns: patterns + [try CodePatternCompiler.compile("puts($X)", dialect: .c)], dialect: .c)
        #expect(CodeDocument(file: file, dialect: .c, vocabulary: wider).lists(containing: "puts") == [Int(body.node.childList)])
    }

    @Test func phpNamesIgnoreCaseAndVariablesDoNot() throws {
        let patterns = try ["system($_GET)", "echo $_POST"].map { try CodePatternCompiler.compile($0, dialect: .php) }
        let vocabulary = PatternVocabulary(patterns: patterns, dialect: .php)
        let document = CodeDocument(file: SourceFile(path: "a.php", text: "<?php SYSTEM($_get['x']); Echo $_POST['y'];"),
                                    dialect: .php, vocabulary: vocabulary)
        #expect(document.lists(containing: "system") != nil && document.lists(containing: "echo") != nil)
        #expect(document.lists(containing: "$_POST") != nil)
        #expect(document.lists(containing: "$_GET") == nil, "PHP variables keep their case")
    }

    @Test func fileWithoutTheWordsSkipsTheRuleAndFileWithThemIsFlagged() throws {
        let match = """
        patterns:
          - pattern: "$HASH(...)"
          - metavariable-regex:
              metavariable: $HASH
              regex: '^(MD5|SHA1)$'
        """
        #expect(try CFamilyTestSupport.flagged(.c, match: match, "int main(void) { md5(x); hash(y); return 0; }").isEmpty)
        #expect(try CFamilyTestSupport.flagged(.c, match: match, "int main(void) { static int k = MD5(x); return SHA1(y); }")
                == ["MD5(x)", "SHA1(y)"])
    }
}
