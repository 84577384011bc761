import Foundation
import SOSecureCore
import Testing
@testable import SOSecureRules

/// The pattern language on its own: metavariables, `...`, either/not/inside/not-inside,
/// metavariable-regex, focus, comments and strings.
@Suite("C-family patterns")
struct CFamilyPatternTests {
    typealias Support = CFamilyTestSupport

    @Test func plainCallWithMetavariableAndEllipsis() throws {
        let match = "pattern: \"exec($CMD, ...)\""
        let code = """
        exec("ls");
        exec(userCommand, { cwd: dir }, done);
        child_process.exec(a + b)  // members of something else need their receiver in the pattern
        regex.exec(text);
        // exec(commented)
        const s = "exec(inString)";
        """
        let flagged = try Support.flagged(.javascript, match: match, code)
        #expect(flagged == ["exec(\"ls\")", "exec(userCommand, { cwd: dir }, done)"], "\(flagged)")
        let member = try Support.flagged(.javascript, match: "pattern: \"child_process.exec($CMD)\"", code)
        #expect(member == ["child_process.exec(a + b)"])
    }

    @Test func ellipsisInArgumentsMatchesAnyPosition() throws {
        let match = "pattern: \"f(..., $X, ...)\""
        #expect(try Support.flagged(.c, match: match, "f(1); f(1, 2, 3); g(4);").count == 2)
        let last = "pattern: \"f(..., 3)\""
        #expect(try Support.flagged(.c, match: last, "f(3); f(1, 2, 3); f(3, 4);") == ["f(3)", "f(1, 2, 3)"])
    }

    @Test func repeatedMetavariableMustBindTheSameCode() throws {
        let match = "pattern: \"$X == $X\""
        let code = """
        if (a.b == a.b) {}
        if (a == b) {}
        if (f(x) == f( x )) {}
        """
        #expect(try Support.flagged(.java, match: match, code) == ["a.b == a.b", "f(x) == f( x )"])
    }

    @Test func ellipsisInStatementSequences() throws {
        let match = """
        pattern: |
          $DB = open(...);
          ...
          $DB.query($Q);
        """
        let code = """
        void run() {
          h = open("x");
          log("opened");
          h.query(sql);
          other.query(sql);
        }
        """
        #expect(try Support.flagged(.cpp, match: match, code).count == 1)
    }

    @Test func statementEllipsisReachesIntoLaterBlocks() throws {
        let match = "pattern: \"free($P); ... use($P)\""
        let code = """
        void f(char *p, char *q, int x) {
          use(q);
          free(p);
          if (x) {
            while (x--) { use(p); }
          }
          free(q);
          log(x);
        }
        void g(char *r) { if (r) { use(r); } free(r); }
        """
        let findings = try Support.findings(.c, match: match, code)
        // From `free(p);` to the `use(p)` two blocks down; `q` is used only before its free, `r` likewise.
        #expect(findings.map { $0.start.line } == [3], "\(findings.map(\.start.line))")
        #expect(findings.first?.end.line == 5)
        // Inside a bracket pattern, `...` keeps to its own level.
        let inside = "pattern: \"if (...) { free($P); ... use($P); }\""
        #expect(try Support.flagged(.c, match: inside, "if (a) { free(p); if (b) { use(p); } }").isEmpty)
        #expect(try Support.flagged(.c, match: inside, "if (a) { free(p); log(1); use(p); }").count == 1)
    }

    @Test func eitherNotInsideAndNotInside() throws {
        let match = """
        patterns:
          - pattern-either:
              - pattern: "system($X)"
              - pattern: "popen($X, ...)"
          - pattern-not: "system(\\"...\\")"
          - pattern-inside: |
              int main(...) { ... }
          - pattern-not-inside: |
              if (safe) { ... }
        """
        let code = """
        void helper(char *c) { system(c); }
        int main(int argc, char **argv) {
          system(argv[1]);
          system("ls");
          popen(argv[2], "r");
          if (safe) { system(argv[3]); }
        }
        """
        #expect(try Support.flagged(.c, match: match, code) == ["system(argv[1])", "popen(argv[2], \"r\")"])
    }

    @Test func eitherOfInsidesKeepsMatchesInsideAnyOfThem() throws {
        let match = """
        patterns:
          - pattern: "exec($CMD)"
          - pattern-either:
              - pattern-inside: "app.get($PATH, ...)"
              - pattern-inside: "app.post($PATH, ...)"
          - metavariable-regex:
              metavariable: $PATH
              regex: '^"/admin'
        """
        let code = """
        app.get("/admin/run", (req, res) => { exec(req.query.a); });
        app.post("/admin/run", (req, res) => { exec(req.body.b); });
        app.put("/admin/run", (req, res) => { exec(req.body.c); });
        app.get("/public", (req, res) => { exec(req.query.d); });
        exec(top);
        """
        #expect(try Support.flagged(.javascript, match: match, code) == ["exec(req.query.a)", "exec(req.body.b)"])
        // Its alternatives are all `pattern-inside`; a positive pattern beside them is refused.
        let mixed = """
        patterns:
          - pattern: "exec($CMD)"
          - pattern-either:
              - pattern-inside: "app.get($PATH, ...)"
              - pattern: "exec(ls)"
        """
        #expect(throws: RuleLoadError.self) { try Support.rule(.javascript, match: mixed) }
        // Alone, it is a filter with nothing to filter.
        let alone = """
        patterns:
          - pattern-either:
              - pattern-inside: "app.get($PATH, ...)"
        """
        #expect(throws: RuleLoadError.self) { try Support.rule(.javascript, match: alone) }
    }

    @Test func metavariableRegexAndFocus() throws {
        let match = """
        patterns:
          - pattern: "$H.getInstance($ALG)"
          - metavariable-regex:
              metavariable: $ALG
              regex: '(?i)"(md5|sha-?1)"'
        focus: $ALG
        """
        let code = """
        MessageDigest a = MessageDigest.getInstance("MD5");
        MessageDigest b = MessageDigest.getInstance("SHA-256");
        MessageDigest c = MessageDigest.getInstance("sha1");
        """
        #expect(try Support.flagged(.java, match: match, code) == ["\"MD5\"", "\"sha1\""])
    }

    @Test func stringLiteralPatternsCompareContentsAndAnyString() throws {
        #expect(try Support.flagged(.javascript, match: "pattern: \"eval(\\\"...\\\")\"", "eval('x'); eval(code); eval(\"y\");").count == 2)
        #expect(try Support.flagged(.go, match: "pattern: 'exec.Command(\"sh\", \"-c\", ...)'", """
        package main
        func main() {
            exec.Command("sh", "-c", cmd)
            exec.Command(`sh`, "-c", cmd)
            exec.Command("ls", "-c", cmd)
        }
        """).count == 2)
    }

    @Test func metavariableTakesTheWholeExpressionAtTheEndOfAPattern() throws {
        let match = "pattern: \"$EL.innerHTML = $V\""
        let code = """
        document.getElementById("out").innerHTML = "<b>" + name + "</b>"
        const next = 1
        el.innerHTML = html;
        """
        #expect(try Support.flagged(.javascript, match: match, code) == ["document.getElementById(\"out\").innerHTML = \"<b>\" + name + \"</b>\"", "el.innerHTML = html"])
    }

    @Test func phpVariablesAndSuperglobalsAreNotMetavariables() throws {
        let match = "pattern: \"eval($_GET[...])\""
        let code = """
        <?php
        eval($_GET['code']);
        eval($_POST['code']);
        EVAL($_GET["x"]);
        """
        #expect(try Support.flagged(.php, match: match, code).count == 2)
    }

    @Test func loaderRejectsPatternsThatDoNotLexOrBalance() throws {
        for (pattern, fragment) in [("exec($X", "never closed"), ("exec($X))", "lex"), ("...", "only `...`")] {
            do {
                _ = try Support.rule(.javascript, match: "pattern: \"\(pattern)\"")
                Issue.record("'\(pattern)' must be rejected")
            } catch let error as RuleLoadError {
                #expect(error.field == "match.pattern", "\(error)")
                #expect(error.line == 9, "\(error)")
                #expect(error.description.contains(fragment), "\(error)")
            }
        }
        do {
            _ = try Support.rule(.go, match: "patterns:\n  - pattern: \"f($X)\"\n  - metavariable-regex: {metavariable: $Y, regex: a}")
            Issue.record("a regex on an unbound metavariable must be rejected")
        } catch let error as RuleLoadError {
            #expect(error.field == "match.patterns[1].metavariable-regex", "\(error)")
        }
        do {
            _ = try Support.rule(.python, match: "pattern: \"eval($X)\"")
            Issue.record("a Python rule cannot use code patterns")
        } catch let error as RuleLoadError {
            #expect(error.field == "match.pattern", "\(error)")
        }
    }
}
