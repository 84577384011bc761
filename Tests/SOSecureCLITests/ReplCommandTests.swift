import Foundation
import Testing

/// `sosecure repl` driven through a pipe, as a script or an editor plugin would: no terminal, no prompt,
/// no model (`--no-llm`), a private knowledge-base file and a private working folder.
@Suite struct ReplCommandTests {
    static let yamlEntry = """
    import yaml
    config = yaml.load(open("c.yml"))

    """

    /// A shell command built from a parameter: no rule fix exists for it.
    static let shellEntry = """
    import os


    def archive(folder):
        os.system(f"tar czf /tmp/out.tgz {folder}")

    """

    struct Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sosecure-repl-\(UUID().uuidString)")

        init() throws {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }

        func remove() { try? FileManager.default.removeItem(at: url) }

        func read(_ name: String) throws -> String {
            try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
        }

        /// `sosecure repl --no-llm` with `input` on standard input, in this folder.
        func repl(_ input: String, arguments: [String] = []) throws -> CLI.Output {
            try CLI.run(["repl", "--no-llm", "--db", url.appendingPathComponent("kb.sqlite").path] + arguments,
                        stdin: input, currentDirectory: url)
        }
    }

    @Test func anEntryIsScannedAndShownWithItsFindingAndEvidence() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let output = try folder.repl(Self.yamlEntry + "\n")
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("entry-1.py: 2 lines, 1 finding"))
        #expect(output.stdout.contains("entry-1.py:2:10  high  yaml-load-without-safe-loader"))
        // The code frame points at the call.
        #expect(output.stdout.contains(" 2 | config = yaml.load(open(\"c.yml\"))"))
        #expect(output.stdout.contains("   |          ^^^^^^^^^^^^^^^^^^^^^^^^"))
        let evidence = try #require(output.stdout.range(of: "Community evidence:\n"))
        let listing = output.stdout[evidence.upperBound...].split(separator: "\n").prefix(3).map(String.init)
        #expect(listing.count == 3)
        #expect(listing[0].hasPrefix("  [py-yaml-load"), "first discussion: \(listing)")
        #expect(listing[1].hasPrefix("    sosecure:kb/py-yaml-load"), "its url: \(listing)")
        #expect(listing[2].hasPrefix("    ! "), "one warning comment: \(listing)")
        // One warning comment per discussion, not more.
        #expect(!output.stdout.contains("! \n"))
        #expect(output.stderr.isEmpty, "stderr: \(output.stderr)")
    }

    @Test func aCleanEntryHasNoFindingsAndNoEvidence() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let output = try folder.repl("import yaml\nconfig = yaml.safe_load(open(\"c.yml\"))\n\n")
        #expect(output.stdout.contains("entry-1.py: 2 lines, no findings"))
        #expect(!output.stdout.contains("Community evidence"))
    }

    @Test func astShowsTheCurrentEntrysTree() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let output = try folder.repl(Self.yamlEntry + "\n:ast\n")
        #expect(output.status == 0)
        #expect(output.stdout.contains("Module\n  body[0]: Import 1:1-1:12\n"))
        #expect(output.stdout.contains("func: Attribute 2:10-2:19 attr=load ctx=Load"))
    }

    @Test func fixWithoutAModelShowsTheVerifiedRuleFixDiffAndDiffShowsItAgain() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let output = try folder.repl(Self.yamlEntry + "\n:fix\n:diff\n:ast\n")
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("entry-1.py: fixed (1 finding → 0)"))
        #expect(output.stdout.contains("applied  line 2  yaml-load-without-safe-loader: Use yaml.safe_load [safe]"))
        #expect(output.stdout.contains("✓ resolves yaml-load-without-safe-loader (line 2, rule fix)"))
        // Once from :fix, once from :diff.
        #expect(output.stdout.components(separatedBy: "-config = yaml.load(open(\"c.yml\"))\n+config = yaml.safe_load(open(\"c.yml\"))").count == 3)
        // The entry now holds the revision: its tree calls safe_load.
        #expect(output.stdout.contains("attr=safe_load"))
        #expect(!output.stdout.contains("model revision skipped"), "nothing is left for a model")
    }

    @Test func fixSaysWhenTheModelStepIsOff() throws {
        let folder = try Folder()
        defer { folder.remove() }
        // The entry has blank lines: :paste keeps them, .end ends it.
        let output = try folder.repl(":paste\n" + Self.shellEntry + ".end\n:fix\n:diff\n")
        #expect(output.stdout.contains("entry-1.py: 5 lines, 1 finding"))
        #expect(output.stdout.contains("Remaining findings:"))
        #expect(output.stdout.contains("note: model revision skipped: the model is off (--no-llm)"))
        #expect(output.stdout.contains("No change was accepted"))
        #expect(output.stderr.contains("error: no accepted revision of entry-1.py yet"))
    }

    @Test func saveWritesTheCurrentCodeRevisedOnceAccepted() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let output = try folder.repl(Self.yamlEntry + "\n:save before.py\n:fix\n:save after.py\n:save missing/dir/x.py\n:help\n")
        #expect(output.status == 0)
        #expect(try folder.read("before.py") == Self.yamlEntry)
        #expect(try folder.read("after.py") == "import yaml\nconfig = yaml.safe_load(open(\"c.yml\"))\n")
        #expect(output.stdout.contains("wrote entry-1.py (as entered) to before.py"))
        #expect(output.stdout.contains("wrote entry-1.py (revised) to after.py"))
        // A failed write is an error message; the loop goes on to :help.
        #expect(output.stderr.contains("error: cannot write missing/dir/x.py"))
        #expect(output.stdout.contains(":save FILE"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func everyLanguageTheJudgeReadsCanBeChosenAndAnUnknownOneIsRefused() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let output = try folder.repl(":lang javascript\n:lang klingon\n:lang py\n:lang\n")
        #expect(output.status == 0)
        #expect(output.stdout.contains("language: javascript\n"))
        #expect(output.stderr.contains("error: unknown language 'klingon'"))
        #expect(output.stdout.contains("language: python\n"))
        #expect(output.stdout.contains("language: python (supported: python, javascript, typescript, java, go, c, cpp, php, swift)"))
    }

    @Test func aJavaScriptEntryIsJudgedWithTheJavaScriptRules() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let entry = "app.get(\"/calc\", (req, res) => {\n  res.send(String(eval(req.query.expression)));\n});\n"
        let broken = "function f() {\n  return \"open;\n}\n"
        let output = try folder.repl(":lang js\n" + entry + "\n:ast\n:fix\n" + broken + "\n:lang py\n:ast\n")
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("entry-1.js: 3 lines, 1 finding"), "\(output.stdout)")
        #expect(output.stdout.contains("entry-1.js:2:19  high  js-eval-of-dynamic-code"), "\(output.stdout)")
        #expect(output.stderr.contains("error: :ast shows Python syntax trees; entry-1.js is JavaScript"), "\(output.stderr)")
        // :fix judges the JavaScript entry; no rule fixes it and no model is configured.
        #expect(output.stdout.contains("entry-1.js: unchanged (1 finding → 1)"), "\(output.stdout)")
        // A lexing problem is shown like a Python syntax error, with its line; :lang changes only later entries.
        #expect(output.stdout.contains("entry-2.js:2:"), "\(output.stdout)")
        #expect(output.stdout.contains("unterminated string"), "\(output.stdout)")
        #expect(output.stderr.components(separatedBy: ":ast shows Python syntax trees").count == 3, "\(output.stderr)")
    }

    @Test func anUnknownCommandIsReportedAndTheLoopContinues() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let output = try folder.repl(":frobnicate now\n:fix\n:gen\n" + Self.yamlEntry + "\n")
        #expect(output.status == 0)
        #expect(output.stderr.contains("error: unknown command ':frobnicate'; type :help for the list"))
        #expect(output.stderr.contains("error: no entry yet"))
        #expect(output.stderr.contains("error: :gen needs a request"))
        #expect(output.stdout.contains("entry-1.py: 2 lines, 1 finding"))
    }

    @Test func genWithoutAModelSaysWhy() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let output = try folder.repl(":gen read a YAML file\n")
        #expect(output.status == 0)
        #expect(output.stderr.contains("error: :gen needs a model: the model is off (--no-llm)"))
    }

    @Test func quitStopsReadingAndExitsZero() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let output = try folder.repl(":quit\n" + Self.yamlEntry + "\n")
        #expect(output.status == 0)
        #expect(!output.stdout.contains("entry-1.py"), "input after :quit is not read")
    }

    @Test func endOfInputScansTheUnfinishedEntryAndExitsZero() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let output = try folder.repl("import pickle\ndata = pickle.loads(blob)")
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("entry-1.py: 2 lines, 1 finding"))
        let empty = try folder.repl("")
        #expect(empty.status == 0)
        #expect(empty.stdout.isEmpty && empty.stderr.isEmpty)
    }

    @Test func dotEndAndACommandLineEndAnEntry() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let output = try folder.repl("import yaml\n.end\nimport pickle\npickle.loads(b)\n:ast\n")
        #expect(output.stdout.contains("entry-1.py: 1 line, no findings"))
        #expect(output.stdout.contains("entry-2.py: 2 lines, 1 finding"))
        #expect(output.stdout.contains("attr=loads"), ":ast ran on the second entry")
    }

    @Test func badFlagsAreUsageErrors() throws {
        let output = try CLI.run(["repl", "--k", "0"], stdin: "")
        #expect(output.status == 2)
        #expect(output.stderr.contains("--k must be between 1 and 50"))
        let url = try CLI.run(["repl", "--base-url", "ftp://x"], stdin: "")
        #expect(url.status == 2)
        #expect(url.stderr.contains("--base-url must be an http:// or https:// URL"))
    }
}
