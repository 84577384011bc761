import SOSecureCore
import SOSecurePython
import Testing
@testable import SOSecureRules

/// The byte range of the `occurrence`-th (0-based) appearance of `needle` in the parsed text.
private func range(of needle: String, in parse: ParseResult, occurrence: Int = 0) throws -> TextRange {
    let haystack = parse.text
    let bytes = Array(needle.utf8)
    var found = -1
    var index = 0
    while index + bytes.count <= haystack.count {
        if Array(haystack[index..<index + bytes.count]) == bytes {
            found += 1
            if found == occurrence { return TextRange(start: index, end: index + bytes.count) }
        }
        index += 1
    }
    throw NeedleNotFound(needle: needle)
}

private struct NeedleNotFound: Error {
    let needle: String
}

/// Holds the index so `#expect` closures can ask it (they cannot call mutating methods on a local).
private final class Checker {
    var index: SuppressionIndex

    init(_ parse: ParseResult, honorNosec: Bool) {
        index = SuppressionIndex(parse: parse, honorNosec: honorNosec)
    }

    func suppresses(ruleID: String, range: TextRange) -> Bool { index.suppresses(ruleID: ruleID, range: range) }
    func suppression(ruleID: String, range: TextRange) -> Suppression? { index.suppression(ruleID: ruleID, range: range) }
    func unused() -> [Suppression] { index.unused() }
    var suppressions: [Suppression] { index.suppressions }
}

@Suite("Suppressions")
struct SuppressionTests {
    @Test("a suppression on the flagged line silences the listed rules only, and keeps its reason")
    func sameLine() throws {
        let parse = PythonParser.parse("""
        import subprocess
        subprocess.run(cmd, shell=True)  # sosecure: ignore[subprocess-shell-true, other-rule] cmd is a constant
        subprocess.run(cmd, shell=True)
        """)
        let index = Checker(parse, honorNosec: false)
        let first = try range(of: "shell=True", in: parse)
        let second = try range(of: "shell=True", in: parse, occurrence: 1)
        let suppression = try #require(index.suppression(ruleID: "subprocess-shell-true", range: first))
        #expect(suppression.line == 2)
        #expect(suppression.kind == .sosecure)
        #expect(suppression.ruleIDs == ["subprocess-shell-true", "other-rule"])
        #expect(suppression.reason == "cmd is a constant")
        #expect(!index.suppresses(ruleID: "yaml-load", range: first))
        #expect(!index.suppresses(ruleID: "subprocess-shell-true", range: second))
    }

    @Test("ignore without brackets silences every rule; the marker is case-insensitive; ids may end in *")
    func forms() throws {
        let parse = PythonParser.parse("""
        eval(a)  # sosecure: ignore
        eval(b)  # SoSecure: IGNORE[Eval-Call]
        eval(c)  # sosecure:ignore[subprocess-*]
        eval(d)  # sosecure: ignored[eval-call]
        eval(e)  # type: ignore # sosecure: ignore[eval-call] - trusted input
        """)
        let index = Checker(parse, honorNosec: false)
        #expect(index.suppresses(ruleID: "eval-call", range: try range(of: "eval(a)", in: parse)))
        #expect(index.suppresses(ruleID: "anything-else", range: try range(of: "eval(a)", in: parse)))
        #expect(index.suppresses(ruleID: "eval-call", range: try range(of: "eval(b)", in: parse)))
        #expect(!index.suppresses(ruleID: "eval-call", range: try range(of: "eval(c)", in: parse)))
        #expect(index.suppresses(ruleID: "subprocess-popen-shell", range: try range(of: "eval(c)", in: parse)))
        #expect(!index.suppresses(ruleID: "eval-call", range: try range(of: "eval(d)", in: parse)))
        let afterOtherComment = try #require(index.suppression(ruleID: "eval-call", range: try range(of: "eval(e)", in: parse)))
        #expect(afterOtherComment.reason == "- trusted input")
    }

    @Test("on the first line of a multi-line statement it covers every line of that statement")
    func multiLineStatement() throws {
        let parse = PythonParser.parse("""
        import subprocess
        result = subprocess.run(  # sosecure: ignore[subprocess-shell-true]
            command,
            shell=True,
        )
        other = subprocess.run(
            command,  # sosecure: ignore[subprocess-shell-true]
            shell=True,
        )
        """)
        let index = Checker(parse, honorNosec: false)
        #expect(index.suppresses(ruleID: "subprocess-shell-true", range: try range(of: "shell=True", in: parse)))
        // A comment on a middle line covers only its own line, not the finding two lines below.
        #expect(!index.suppresses(ruleID: "subprocess-shell-true", range: try range(of: "shell=True", in: parse, occurrence: 1)))
        #expect(index.suppresses(ruleID: "subprocess-shell-true", range: try range(of: "command,  #", in: parse)))
    }

    @Test("for compound statements only the header counts, not the body")
    func compoundHeader() throws {
        let parse = PythonParser.parse("""
        import os
        if os.system(  # sosecure: ignore[os-system]
                cmd):
            os.system(cmd2)
        @app.route("/run")  # sosecure: ignore[flask-route]
        def handler(
            arg=os.system(cmd3),  # fine
        ):  # sosecure: ignore[os-system]
            os.system(cmd4)
        with open(  # sosecure: ignore[open-call]
                path) as handle:
            open(other)
        try:
            pass
        except Error(
                os.system(cmd5)) as e:  # sosecure: ignore[os-system]
            pass
        """)
        let index = Checker(parse, honorNosec: false)
        #expect(index.suppresses(ruleID: "os-system", range: try range(of: "cmd):", in: parse)))
        #expect(!index.suppresses(ruleID: "os-system", range: try range(of: "os.system(cmd2)", in: parse)))
        #expect(index.suppresses(ruleID: "flask-route", range: try range(of: "app.route", in: parse)))
        // The comment on the header's last line is not the header's first line.
        #expect(!index.suppresses(ruleID: "os-system", range: try range(of: "os.system(cmd3)", in: parse)))
        #expect(!index.suppresses(ruleID: "os-system", range: try range(of: "os.system(cmd4)", in: parse)))
        #expect(index.suppresses(ruleID: "open-call", range: try range(of: "path)", in: parse)))
        #expect(!index.suppresses(ruleID: "open-call", range: try range(of: "open(other)", in: parse)))
        #expect(index.suppresses(ruleID: "os-system", range: try range(of: "os.system(cmd5)", in: parse)))
    }

    @Test("text that looks like a suppression inside a string literal is not a comment")
    func insideString() throws {
        let parse = PythonParser.parse("""
        import os
        os.system("ls # sosecure: ignore[os-system]")
        query = '''
        # sosecure: ignore
        '''; os.system(query)
        os.system(f"{x} # nosec")
        """)
        let index = Checker(parse, honorNosec: true)
        #expect(index.suppressions.isEmpty)
        #expect(!index.suppresses(ruleID: "os-system", range: try range(of: "os.system(\"ls", in: parse)))
        #expect(!index.suppresses(ruleID: "os-system", range: try range(of: "os.system(query)", in: parse)))
        #expect(!index.suppresses(ruleID: "os-system", range: try range(of: "os.system(f", in: parse)))
    }

    @Test("nosec and noqa: S… count only when enabled; noqa for style codes never does")
    func nosec() throws {
        let source = """
        import subprocess
        subprocess.call(a, shell=True)  # nosec
        subprocess.call(b, shell=True)  # nosec B602
        subprocess.call(c, shell=True)  # noqa: S602, S604
        subprocess.call(d, shell=True)  # noqa: E501
        subprocess.call(e, shell=True)  # NOQA
        subprocess.call(f, shell=True)  # nosecure
        """
        let parse = PythonParser.parse(source)
        let off = Checker(parse, honorNosec: false)
        let on = Checker(parse, honorNosec: true)
        let expected: [(String, Bool)] = [("a", true), ("b", true), ("c", true), ("d", false), ("e", true), ("f", false)]
        for (argument, suppressedWhenOn) in expected {
            let flagged = try range(of: "call(\(argument),", in: parse)
            #expect(!off.suppresses(ruleID: "subprocess-shell-true", range: flagged), "\(argument) with nosec off")
            #expect(on.suppresses(ruleID: "subprocess-shell-true", range: flagged) == suppressedWhenOn, "\(argument) with nosec on")
        }
        #expect(on.suppressions.map(\.kind) == [.nosec, .nosec, .noqa, .noqa])
        // Other tools' comments are theirs: never reported as unused.
        #expect(Checker(parse, honorNosec: true).unused().isEmpty)
    }

    @Test("unused suppressions are reported, narrowed to the ids that silenced nothing")
    func unused() throws {
        let parse = PythonParser.parse("""
        import os
        os.system(a)  # sosecure: ignore[os-system, shell-injection] reviewed
        x = 1  # sosecure: ignore
        y = 2  # sosecure: ignore[hardcoded-password]
        os.system(b)  # sosecure: ignore
        """)
        let index = Checker(parse, honorNosec: false)
        #expect(index.suppresses(ruleID: "os-system", range: try range(of: "os.system(a)", in: parse)))
        #expect(index.suppresses(ruleID: "os-system", range: try range(of: "os.system(b)", in: parse)))
        let unused = index.unused()
        #expect(unused.map(\.line) == [2, 3, 4])
        #expect(unused.map(\.ruleIDs) == [["shell-injection"], [], ["hardcoded-password"]])
        #expect(unused[0].reason == "reviewed")
        let comment = unused[1].range
        #expect(String(decoding: parse.text[comment.start..<comment.end], as: UTF8.self) == "# sosecure: ignore")
    }

    @Test("a file with syntax errors still honours suppressions on the flagged line")
    func brokenFile() throws {
        let parse = PythonParser.parse("""
        import os
        def broken(:
        os.system(cmd)  # sosecure: ignore[os-system]
        """)
        #expect(!parse.errors.isEmpty)
        let index = Checker(parse, honorNosec: false)
        #expect(index.suppresses(ruleID: "os-system", range: try range(of: "os.system", in: parse)))
    }
}
