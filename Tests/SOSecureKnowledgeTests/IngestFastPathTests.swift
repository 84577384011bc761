import Foundation
import SOSecureCore
import Testing
@testable import SOSecureKnowledge

/// The ingest's byte-level fast paths must agree with the plain implementations they replace.
@Suite struct IngestFastPathTests {
    @Test func commentsJSONMatchesJSONEncoderWithSortedKeys() throws {
        let comments = [
            KnowledgeEntry.Comment(score: 3, text: "plain text", warning: true),
            KnowledgeEntry.Comment(score: -2, text: "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u{07} nul \u{00}", warning: false),
            KnowledgeEntry.Comment(score: 0, text: "unicode é — 漢字 🙂 and </script>", warning: true),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for prefix in 0...comments.count {
            let slice = Array(comments.prefix(prefix))
            let expected = String(decoding: try encoder.encode(slice), as: UTF8.self)
            #expect(EntryIndex.commentsJSON(slice) == expected)
            let decoded = try JSONDecoder().decode([KnowledgeEntry.Comment].self, from: Data(EntryIndex.commentsJSON(slice).utf8))
            #expect(decoded == slice)
        }
    }

    @Test(arguments: [
        ("import subprocess\nsubprocess.call(cmd, shell=True)  # run it\nuser_input = getUserInput()", Language.python),
        ("const $el = document.getElementById('x'); $el.innerHTML = req.query.name; this.state?.userName", .javascript),
        ("#include <stdio.h>\nint main(void) { char buf[8]; strcpy(buf, argv[1]); std::system(cmd); p->next = NULL; }", .c),
        ("résumé_données = ouvrir(chemin)  # non-ASCII names take the String path\nnaïveCamelCase.méthode(x=1)", .python),
        ("s = f\"SELECT {col} FROM t\"\nr = rb'raw\\d'\nq = '''multi\nline''' /* block */ // line", nil),
        ("$this->db->query(\"SELECT * FROM users WHERE id = \" . $_GET['id']); self.TRUE_FLAG = False", .php),
    ] as [(String, Language?)])
    func termTextIsTheTermsJoinedBySpaces(code: String, language: Language?) {
        let terms = CodeTokenizer.terms(in: code, language: language)
        #expect(!terms.isEmpty)
        #expect(CodeTokenizer.termText(in: code, language: language) == terms.map(\.term).joined(separator: " "))
    }

    @Test func cweInferenceFindsEveryPhraseAnywhere() {
        #expect(CWEInference.infer("This is vulnerable to SQL Injection") == [89])
        #expect(CWEInference.infer("xss") == [79])
        #expect(CWEInference.infer("Never use MD5; see CWE-327 and shell=True, yaml.load, eval(") == [78, 95, 327, 328, 502])
        #expect(CWEInference.infer("") == [])
        #expect(CWEInference.infer("s") == [])
        #expect(CWEInference.infer("nothing about security here") == [])
        #expect(CWEInference.infer("ends with rc4") == [327])
    }

    @Test func byteWordSetLooksUpExactBytes() {
        let set = ByteWordSet(["def", "None", "self", "a"])
        #expect(set.contains("def") && set.contains("None") && set.contains("a"))
        #expect(!set.contains("none") && !set.contains("de") && !set.contains("") && !set.contains("defs"))
    }

    @Test func addressPrecheckNeverSkipsAMaskableWord() {
        for text in ["see http://x.org", "WWW.EXAMPLE.COM.", "mail a@b.co", "(https://a.b/c)", "ftp://host/x"] {
            let bytes = Array(text.utf8)
            #expect(HTMLText.mayHoldAddress(bytes))
            #expect(HTMLText.maskAddresses(bytes) != bytes)
        }
        for text in ["no address here: just words.", "a.b.c and x: y", "ww.w"] {
            #expect(!HTMLText.mayHoldAddress(Array(text.utf8)))
        }
    }
}
