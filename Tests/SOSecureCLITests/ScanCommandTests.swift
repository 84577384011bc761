import Foundation
import Testing

/// A throw-away folder of real files for one test; `scan` runs inside it.
struct ScanWorkspace {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sosecure-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    func write(_ relative: String, _ text: String) throws {
        try write(relative, bytes: Array(text.utf8))
    }

    func write(_ relative: String, bytes: [UInt8]) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(relative), encoding: .utf8)
    }

    func scan(_ arguments: [String], stdin: String? = nil) throws -> CLI.Output {
        try CLI.run(["scan"] + arguments, stdin: stdin, currentDirectory: url)
    }
}

/// `scan --format json` output, parsed.
struct ScanJSON {
    let root: [String: Any]

    init(_ text: String) throws {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        root = try #require(object as? [String: Any], "top level is not an object")
    }

    var findings: [[String: Any]] { root["findings"] as? [[String: Any]] ?? [] }
    var errors: [[String: Any]] { root["errors"] as? [[String: Any]] ?? [] }
    var stats: [String: Any] { root["stats"] as? [String: Any] ?? [:] }
    var rules: [String] { findings.compactMap { $0["rule"] as? String } }
    var errorPaths: [String] { errors.compactMap { $0["path"] as? String } }

    func findings(rule: String) -> [[String: Any]] { findings.filter { $0["rule"] as? String == rule } }
}

/// Code the way a chat model writes it: one SQL injection, one shell injection, one unsafe deserialization.
enum ScanSamples {
    static let shellRule = "os-system-with-dynamic-string"
    static let sqlRule = "sql-execute-with-formatted-query"
    static let marshalRule = "marshal-load"
    /// The line of `os.system` in `app` (1-based).
    static let shellLine = 14

    static let app = """
    import marshal
    import os
    import sqlite3


    def find_user(name):
        conn = sqlite3.connect("app.db")
        cur = conn.cursor()
        cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
        return cur.fetchall()


    def archive(folder):
        os.system(f"tar czf /backups/out.tgz {folder}")


    def restore(blob):
        return marshal.loads(blob)

    """

    static let shellOnly = """
    import os


    def archive(folder):
        os.system(f"tar czf /backups/out.tgz {folder}")

    """

    static let clean = """
    import subprocess


    def archive(folder):
        subprocess.run(["tar", "czf", "/backups/out.tgz", folder], check=True)

    """

    static let userRuleID = "team-rmtree-call"
    static let userRuleRationale = "Deleting whole trees from computed paths has bitten this team before."

    static let userRule = """
    id: team-rmtree-call
    language: python
    cwe: [22]
    severity: low
    confidence: high
    summary: shutil.rmtree calls need a second reviewer on this team
    rationale: |
      \(userRuleRationale)
    match:
      call:
        names: [shutil.rmtree]
    examples:
      vulnerable:
        - |
          import shutil
          shutil.rmtree(target)  # expect
      safe:
        - |
          import shutil
          shutil.copytree(source, target)
    references:
      - https://cwe.mitre.org/data/definitions/22.html

    """

    static let wipe = """
    import shutil


    def wipe(path):
        shutil.rmtree(path)

    """
}

@Suite struct ScanCommandTests {
    // MARK: - Exit codes

    @Test func cleanCodeExitsZero() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("worker.py", ScanSamples.clean)
        let output = try workspace.scan(["."])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        let json = try ScanJSON(workspace.scan(["--format", "json", "."]).stdout)
        #expect(json.findings.isEmpty)
        #expect(json.stats["files"] as? Int == 1)
    }

    @Test func findingsExitOneUnlessExitZero() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("app.py", ScanSamples.app)
        let output = try workspace.scan(["app.py"])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stdout.contains("app.py:\(ScanSamples.shellLine):5"))
        #expect(output.stdout.contains(ScanSamples.shellRule))
        #expect(try workspace.scan(["--exit-zero", "app.py"]).status == 0)
    }

    @Test(arguments: [
        (["--severity", "urgent"], "unknown severity 'urgent'"),
        (["--confidence", "certain"], "unknown confidence 'certain'"),
        (["--format", "xml"], "unknown format 'xml'"),
        (["--color", "sometimes"], "unknown colour choice 'sometimes'"),
        (["--select", "Not_A Rule"], "'Not_A Rule' is not a rule id"),
        (["--ignore", "CWE-x"], "'CWE-x' is not a rule id"),
        (["--language", "cobol"], "language 'cobol' is not supported"),
        (["--threads", "0"], "--threads must be at least 1"),
    ])
    func badOptionValueExitsTwo(arguments: [String], message: String) throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("app.py", ScanSamples.app)
        let output = try workspace.scan(arguments + ["app.py"])
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("error: " + message), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test func unknownSelectedRuleExitsTwo() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("app.py", ScanSamples.app)
        let output = try workspace.scan(["--select", "no-such-rule", "app.py"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("no rule matches 'no-such-rule'"), "\(output.stderr)")
    }

    @Test func missingPathExitsTwoNamingIt() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("app.py", ScanSamples.app)
        let output = try workspace.scan(["app.py", "no_such_module.py"])
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("error: no_such_module.py: no such file or folder"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test(arguments: [
        ("select = [\"CWE-89\"]\nseverity = \"urgent\"\n", 2, "severity"),
        ("# team settings\nignore = \"pickle-load\"\n", 2, "ignore"),
        ("select = [\"CWE-89\"]\n\n[per-path-ignores]\n\"tests/**\" = [\"no-such-rule\"]\n", 3, "per-path-ignores: no rule matches 'no-such-rule'"),
        ("exclude = [\"build/**\"]\nhonor-nosec = \"yes\"\n", 2, "honor-nosec"),
        ("select = [\"CWE-89\"\n", 1, "not valid TOML"),
    ])
    func badConfigFileExitsTwoNamingFileKeyAndLine(text: String, line: Int, mention: String) throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("app.py", ScanSamples.app)
        try workspace.write(".sosecure.toml", text)
        let output = try workspace.scan(["app.py"])
        #expect(output.status == 2)
        #expect(output.stderr.contains(".sosecure.toml:\(line)"), "\(output.stderr)")
        #expect(output.stderr.contains(mention), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test func unreadableBaselineExitsTwo() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("app.py", ScanSamples.app)
        try workspace.write("corrupt.json", "{\"version\": 1, \"findings\": [")
        for (file, reason) in [("missing.json", "no such file"), ("corrupt.json", "not valid JSON")] {
            let output = try workspace.scan(["--baseline", file, "app.py"])
            #expect(output.status == 2, "\(file)")
            #expect(output.stderr.contains(file), "\(output.stderr)")
            #expect(output.stderr.contains(reason), "\(output.stderr)")
            #expect(output.stdout.isEmpty)
        }
    }

    // MARK: - Formats and outputs

    @Test func jsonHasTheDocumentedKeysAndOneBasedPositions() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("app.py", ScanSamples.app)
        let output = try workspace.scan(["--format", "json", "app.py"])
        #expect(output.status == 1)
        let json = try ScanJSON(output.stdout)
        #expect(Set(json.root.keys).isSuperset(of: ["version", "findings", "errors", "stats"]))
        #expect(json.root["version"] as? Int == 1)
        #expect(json.errors.isEmpty)
        #expect(json.stats["files"] as? Int == 1)
        #expect(json.stats["findings"] as? Int == json.findings.count)
        #expect(Set(json.rules).isSuperset(of: [ScanSamples.shellRule, ScanSamples.sqlRule, ScanSamples.marshalRule]))

        let lines = ScanSamples.app.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let keys = ["rule", "cwe", "severity", "confidence", "message", "path", "line", "column",
                    "end_line", "end_column", "fingerprint", "fix", "flow"]
        for finding in json.findings {
            for key in keys { #expect(finding[key] != nil, "finding lacks \(key): \(finding)") }
            let cwes = try #require(finding["cwe"] as? [Int])
            #expect(!cwes.isEmpty)
            #expect(["info", "low", "medium", "high", "critical"].contains(finding["severity"] as? String ?? ""))
            #expect(["low", "medium", "high"].contains(finding["confidence"] as? String ?? ""))
            #expect(finding["path"] as? String == "app.py")
            #expect(finding["flow"] is [Any])
            #expect(finding["fix"] is NSNull || finding["fix"] is [String: Any])
            #expect((finding["fingerprint"] as? String)?.isEmpty == false)
            let line = try #require(finding["line"] as? Int)
            let column = try #require(finding["column"] as? Int)
            let endLine = try #require(finding["end_line"] as? Int)
            let endColumn = try #require(finding["end_column"] as? Int)
            #expect(line >= 1 && column >= 1 && (endLine, endColumn) > (line, column))
            // 1-based: the column points at the flagged call's first character on that line.
            let text = Array(lines[line - 1].utf8)
            #expect(column <= text.count && text[column - 1] != UInt8(ascii: " "), "\(finding)")
        }
        let shell = try #require(json.findings(rule: ScanSamples.shellRule).first)
        #expect(shell["line"] as? Int == ScanSamples.shellLine)
        #expect(shell["column"] as? Int == 5)
        #expect(shell["cwe"] as? [Int] == [78])
        #expect(json.findings(rule: ScanSamples.sqlRule).first?["cwe"] as? [Int] == [89])
    }

    @Test func sarifIsVersion210WithResults() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("app.py", ScanSamples.app)
        let output = try workspace.scan(["--format", "sarif", "app.py"])
        #expect(output.status == 1)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(root["version"] as? String == "2.1.0")
        let run = try #require((root["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let json = try ScanJSON(workspace.scan(["--format", "json", "app.py"]).stdout)
        #expect(results.count == json.findings.count)
        #expect(Set(results.compactMap { $0["ruleId"] as? String }) == Set(json.rules))
        let shell = try #require(results.first { $0["ruleId"] as? String == ScanSamples.shellRule })
        let location = (shell["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        let region = location?["region"] as? [String: Any]
        #expect(region?["startLine"] as? Int == ScanSamples.shellLine)
    }

    @Test func dashReadsStandardInput() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        let output = try workspace.scan(["--format", "json", "-"], stdin: ScanSamples.shellOnly)
        #expect(output.status == 1, "\(output.stderr)")
        let json = try ScanJSON(output.stdout)
        #expect(json.rules == [ScanSamples.shellRule])
        #expect(json.findings.first?["path"] as? String == "<stdin>")
        #expect(json.findings.first?["line"] as? Int == 5)

        let clean = try workspace.scan(["-"], stdin: ScanSamples.clean)
        #expect(clean.status == 0)
    }

    @Test func outputFileGetsTheReportAndStdoutStaysEmpty() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("app.py", ScanSamples.app)
        let output = try workspace.scan(["--format", "json", "--output", "report.json", "app.py"])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        let json = try ScanJSON(workspace.read("report.json"))
        #expect(json.rules.contains(ScanSamples.shellRule))
        #expect(!FileManager.default.fileExists(atPath: workspace.path("report.json.sosecure-tmp")))

        // An existing report is replaced, not appended to.
        try workspace.write("app.py", ScanSamples.clean)
        #expect(try workspace.scan(["--format", "json", "-o", "report.json", "app.py"]).status == 0)
        #expect(try ScanJSON(workspace.read("report.json")).findings.isEmpty)
    }

    // MARK: - Choosing rules

    @Test func selectAndIgnoreByRuleID() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("app.py", ScanSamples.app)
        let selected = try ScanJSON(workspace.scan(["--format", "json", "--select", ScanSamples.shellRule, "app.py"]).stdout)
        #expect(selected.rules == [ScanSamples.shellRule])

        let ignored = try ScanJSON(workspace.scan(["--format", "json", "--ignore", "\(ScanSamples.shellRule),\(ScanSamples.marshalRule)", "app.py"]).stdout)
        #expect(!ignored.rules.contains(ScanSamples.shellRule))
        #expect(!ignored.rules.contains(ScanSamples.marshalRule))
        #expect(ignored.rules.contains(ScanSamples.sqlRule))
    }

    @Test func selectAndIgnoreByCWE() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("app.py", ScanSamples.app)
        let selected = try ScanJSON(workspace.scan(["--format", "json", "--select", "CWE-89", "app.py"]).stdout)
        #expect(selected.rules.contains(ScanSamples.sqlRule))
        for finding in selected.findings { #expect((finding["cwe"] as? [Int])?.contains(89) == true, "\(finding)") }

        let ignored = try workspace.scan(["--format", "json", "--ignore", "CWE-89", "app.py"])
        #expect(ignored.status == 1)
        let json = try ScanJSON(ignored.stdout)
        #expect(json.rules.contains(ScanSamples.shellRule))
        for finding in json.findings { #expect((finding["cwe"] as? [Int])?.contains(89) == false, "\(finding)") }
    }

    @Test func severityThresholdDropsLowerFindings() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("app.py", ScanSamples.app)
        let all = try ScanJSON(workspace.scan(["--format", "json", "app.py"]).stdout)
        #expect(all.findings(rule: ScanSamples.marshalRule).first?["severity"] as? String == "medium")

        let high = try ScanJSON(workspace.scan(["--format", "json", "--severity", "high", "app.py"]).stdout)
        #expect(high.rules.contains(ScanSamples.shellRule))
        #expect(!high.rules.contains(ScanSamples.marshalRule))
        for finding in high.findings { #expect(["high", "critical"].contains(finding["severity"] as? String ?? ""), "\(finding)") }

        // Only a medium finding, below the threshold: nothing to report, exit 0.
        try workspace.write("restore.py", "import marshal\n\n\ndef restore(blob):\n    return marshal.loads(blob)\n")
        #expect(try workspace.scan(["restore.py"]).status == 1)
        #expect(try workspace.scan(["--severity", "high", "restore.py"]).status == 0)
    }

    @Test func configFileInTheFolderIsHonouredAndFlagsWin() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("src/app.py", ScanSamples.app)
        try workspace.write(".sosecure.toml", "# project settings\nignore = [\"\(ScanSamples.shellRule)\"]\nseverity = \"high\"\n")

        let configured = try ScanJSON(workspace.scan(["--format", "json", "src"]).stdout)
        #expect(!configured.rules.contains(ScanSamples.shellRule))
        #expect(!configured.rules.contains(ScanSamples.marshalRule))
        #expect(configured.rules.contains(ScanSamples.sqlRule))

        let flagged = try ScanJSON(workspace.scan(["--format", "json", "--severity", "medium", "--select", "\(ScanSamples.shellRule),\(ScanSamples.marshalRule)", "src"]).stdout)
        #expect(Set(flagged.rules) == [ScanSamples.shellRule, ScanSamples.marshalRule])

        // The same settings under [tool.sosecure] in pyproject.toml.
        try FileManager.default.removeItem(atPath: workspace.path(".sosecure.toml"))
        try workspace.write("pyproject.toml", "[project]\nname = \"shop\"\n\n[tool.sosecure]\nignore = [\"CWE-78\"]\n")
        let pyproject = try ScanJSON(workspace.scan(["--format", "json", "src"]).stdout)
        #expect(!pyproject.rules.contains(ScanSamples.shellRule))
        #expect(pyproject.rules.contains(ScanSamples.marshalRule))
    }

    // MARK: - Suppressions

    @Test func suppressionCommentSilencesOnlyItsRule() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        let suppressed = ScanSamples.app.replacingOccurrences(
            of: "{folder}\")\n", with: "{folder}\")  # sosecure: ignore[\(ScanSamples.shellRule)] folder comes from our config\n")
        #expect(suppressed != ScanSamples.app)
        try workspace.write("app.py", suppressed)
        let json = try ScanJSON(workspace.scan(["--format", "json", "app.py"]).stdout)
        #expect(!json.rules.contains(ScanSamples.shellRule))
        #expect(json.rules.contains(ScanSamples.sqlRule))
        #expect(json.stats["suppressed"] as? Int == 1)

        // A suppression for another rule on that line does not silence it.
        try workspace.write("other.py", ScanSamples.shellOnly.replacingOccurrences(of: "{folder}\")\n", with: "{folder}\")  # sosecure: ignore[pickle-load]\n"))
        #expect(try ScanJSON(workspace.scan(["--format", "json", "other.py"]).stdout).rules == [ScanSamples.shellRule])
    }

    @Test func unusedSuppressionsAreReportedOnRequest() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        let stale = ScanSamples.clean.replacingOccurrences(of: "check=True)\n", with: "check=True)  # sosecure: ignore[\(ScanSamples.shellRule)] was os.system\n")
        #expect(stale != ScanSamples.clean)
        try workspace.write("worker.py", stale)

        let quiet = try workspace.scan(["--format", "json", "worker.py"])
        #expect(quiet.status == 0)
        #expect(try ScanJSON(quiet.stdout).errors.isEmpty)

        let reported = try workspace.scan(["--format", "json", "--report-unused-suppressions", "worker.py"])
        #expect(reported.status == 0)
        let errors = try ScanJSON(reported.stdout).errors
        #expect(errors.count == 1)
        #expect(errors.first?["path"] as? String == "worker.py")
        #expect(errors.first?["line"] as? Int == 5)
        #expect((errors.first?["message"] as? String)?.contains("unused suppression") == true)
        #expect((errors.first?["message"] as? String)?.contains(ScanSamples.shellRule) == true)
    }

    // MARK: - Baseline

    @Test func baselineHidesKnownFindingsAndShowsNewCopies() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("app.py", ScanSamples.app)
        let written = try workspace.scan(["--write-baseline", "baseline.json", "app.py"])
        #expect(written.status == 1)
        #expect(FileManager.default.fileExists(atPath: workspace.path("baseline.json")))

        let baselined = try workspace.scan(["--format", "json", "--baseline", "baseline.json", "app.py"])
        #expect(baselined.status == 0, "\(baselined.stdout)")
        #expect(try ScanJSON(baselined.stdout).findings.isEmpty)

        // Moving the code down (a new import and a docstring above) keeps it baselined.
        let moved = "\"\"\"Backup helpers.\"\"\"\nimport logging\n\nlog = logging.getLogger(__name__)\n\n" + ScanSamples.app
        try workspace.write("app.py", moved)
        let afterMove = try workspace.scan(["--format", "json", "--baseline", "baseline.json", "app.py"])
        #expect(afterMove.status == 0, "\(afterMove.stdout)")

        // A second identical vulnerable line is new: exactly one finding, the copy.
        let doubled = moved.replacingOccurrences(
            of: "    os.system(f\"tar czf /backups/out.tgz {folder}\")\n",
            with: "    os.system(f\"tar czf /backups/out.tgz {folder}\")\n    os.system(f\"tar czf /backups/out.tgz {folder}\")\n")
        #expect(doubled != moved)
        try workspace.write("app.py", doubled)
        let afterCopy = try workspace.scan(["--format", "json", "--baseline", "baseline.json", "app.py"])
        #expect(afterCopy.status == 1)
        let json = try ScanJSON(afterCopy.stdout)
        #expect(json.rules == [ScanSamples.shellRule])
    }

    // MARK: - Discovery

    @Test func skipsGitIgnoredFilesVirtualenvsAndNodeModules() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("src/app.py", ScanSamples.shellOnly)
        try workspace.write(".gitignore", "generated/\n*_pb2.py\n")
        try workspace.write("generated/client.py", ScanSamples.shellOnly)
        try workspace.write("src/api_pb2.py", ScanSamples.shellOnly)
        try workspace.write(".venv/pyvenv.cfg", "home = /usr/bin\n")
        try workspace.write(".venv/lib/python3.12/site-packages/pkg/mod.py", ScanSamples.shellOnly)
        try workspace.write("env/bin/activate", "# activate\n")
        try workspace.write("env/lib/tool.py", ScanSamples.shellOnly)
        try workspace.write("node_modules/pyodide/loader.py", ScanSamples.shellOnly)
        let output = try workspace.scan(["--format", "json", "."])
        #expect(output.status == 1)
        let json = try ScanJSON(output.stdout)
        #expect(json.stats["files"] as? Int == 1)
        #expect(Set(json.findings.compactMap { $0["path"] as? String }) == ["src/app.py"])

        // A file named on the command line is scanned whatever .gitignore says.
        let named = try ScanJSON(workspace.scan(["--format", "json", "generated/client.py"]).stdout)
        #expect(named.rules == [ScanSamples.shellRule])
    }

    // MARK: - User rules

    @Test func userRuleFolderAddsARule() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("team-rules/\(ScanSamples.userRuleID).yaml", ScanSamples.userRule)
        try workspace.write("wipe.py", ScanSamples.wipe)
        #expect(try workspace.scan(["wipe.py"]).status == 0)

        let output = try workspace.scan(["--format", "json", "--rules", "team-rules", "wipe.py"])
        #expect(output.status == 1, "\(output.stderr)")
        let finding = try #require(try ScanJSON(output.stdout).findings(rule: ScanSamples.userRuleID).first)
        #expect(finding["line"] as? Int == 5)
        #expect(finding["cwe"] as? [Int] == [22])
        #expect(finding["severity"] as? String == "low")

        // The same folder named in the config file, relative to it.
        try workspace.write(".sosecure.toml", "rules = [\"team-rules\"]\n")
        #expect(try ScanJSON(workspace.scan(["--format", "json", "wipe.py"]).stdout).rules == [ScanSamples.userRuleID])
    }

    @Test func brokenUserRuleExitsTwoNamingFileAndLine() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        let broken = ScanSamples.userRule.replacingOccurrences(of: "severity: low", with: "severity: urgent")
        #expect(broken != ScanSamples.userRule)
        try workspace.write("team-rules/\(ScanSamples.userRuleID).yaml", broken)
        try workspace.write("wipe.py", ScanSamples.wipe)
        let output = try workspace.scan(["--rules", "team-rules", "wipe.py"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(ScanSamples.userRuleID).yaml:4"), "\(output.stderr)")
        #expect(output.stderr.contains("severity"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)

        // A rule reusing a built-in id is refused too.
        try workspace.write("team-rules/\(ScanSamples.userRuleID).yaml", ScanSamples.userRule)
        try workspace.write("team-rules/\(ScanSamples.shellRule).yaml",
                            ScanSamples.userRule.replacingOccurrences(of: "id: \(ScanSamples.userRuleID)", with: "id: \(ScanSamples.shellRule)"))
        let duplicate = try workspace.scan(["--rules", "team-rules", "wipe.py"])
        #expect(duplicate.status == 2)
        #expect(duplicate.stderr.contains("'\(ScanSamples.shellRule)' is already defined"), "\(duplicate.stderr)")
    }

    @Test func scanLoadsOnlyTheRulesOfItsLanguagesButKnowsEveryBuiltInID() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("app.js", "const out = eval(userCode);\n")
        let output = try workspace.scan(["--format", "json", "app.js"])
        #expect(output.status == 1, "\(output.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let ruleCount = try #require((report["stats"] as? [String: Any])?["rules"] as? Int)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(CLI.run(["rules", "list", "--json"]).stdout.utf8)) as? [[String: Any]])
        let javascriptRules = listed.filter { $0["language"] as? String == "javascript" }.count
        #expect(javascriptRules >= 20 && ruleCount == javascriptRules)

        // A Python rule id is still a known id to select or ignore, though no Python rule was loaded.
        let ignoring = try workspace.scan(["--ignore", ScanSamples.shellRule, "app.js"])
        #expect(ignoring.status == 1, "\(ignoring.stderr)")
        let typo = try workspace.scan(["--ignore", "no-such-rule-anywhere", "app.js"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("no rule matches 'no-such-rule-anywhere'"), "\(typo.stderr)")

        // A user rule reusing the id of a built-in rule the scan did not load is refused as well.
        try workspace.write("team-rules/\(ScanSamples.shellRule).yaml",
                            ScanSamples.userRule.replacingOccurrences(of: "id: \(ScanSamples.userRuleID)", with: "id: \(ScanSamples.shellRule)"))
        let duplicate = try workspace.scan(["--rules", "team-rules", "app.js"])
        #expect(duplicate.status == 2)
        #expect(duplicate.stderr.contains("'\(ScanSamples.shellRule)' is already defined"), "\(duplicate.stderr)")
    }

    // MARK: - `sosecure rules`

    @Test func rulesListsEveryRuleWithItsCWE() throws {
        let output = try CLI.run(["rules"])
        #expect(output.status == 0)
        let row = try #require(output.stdout.split(separator: "\n").first { $0.hasPrefix(ScanSamples.shellRule + " ") })
        #expect(row.contains("CWE-78"))
        #expect(row.contains("high"))
        #expect(row.contains("python"))

        let listed = try #require(try JSONSerialization.jsonObject(with: Data(CLI.run(["rules", "list", "--json"]).stdout.utf8)) as? [[String: Any]])
        #expect(listed.count >= 80)
        #expect(output.stdout.contains("\n\(listed.count) rules, "))
        #expect(listed.contains { $0["id"] as? String == ScanSamples.sqlRule && $0["cwe"] as? [Int] == [89] })
    }

    @Test func rulesExplainPrintsRationaleAndExamples() throws {
        let builtIn = try CLI.run(["rules", "explain", ScanSamples.shellRule])
        #expect(builtIn.status == 0)
        #expect(builtIn.stdout.hasPrefix(ScanSamples.shellRule))
        #expect(builtIn.stdout.contains("CWE-78"))
        #expect(builtIn.stdout.contains("Vulnerable example 1:"))
        #expect(builtIn.stdout.contains("Safe example 1:"))

        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try workspace.write("team-rules/\(ScanSamples.userRuleID).yaml", ScanSamples.userRule)
        let user = try CLI.run(["rules", "explain", "--rules", workspace.path("team-rules"), ScanSamples.userRuleID])
        #expect(user.status == 0, "\(user.stderr)")
        #expect(user.stdout.contains(ScanSamples.userRuleRationale))
        #expect(user.stdout.contains("shutil.rmtree(target)"))
    }

    @Test func rulesExplainUnknownIDExitsTwo() throws {
        let output = try CLI.run(["rules", "explain", "no-such-rule-anywhere"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("no rule 'no-such-rule-anywhere'"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }
}

/// The bad-input folder: a binary `.py`, an invalid-UTF-8 file, a 10 MB file and a symbolic
/// link loop. Each is reported in `errors`, the other files are scanned, and the exit code follows
/// the findings only (errors alone exit 0, as with Bandit).
@Suite struct ScanBadInputTests {
    static func makeBadFiles(in workspace: ScanWorkspace) throws {
        var state: UInt32 = 2_024
        var binary: [UInt8] = Array("import os\n".utf8)
        for _ in 0..<4096 {
            state = state &* 1_103_515_245 &+ 12_345
            binary.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        binary += [0, 0, 0, 0]
        try workspace.write("bad/compiled.py", bytes: binary)

        try workspace.write("bad/latin1.py", bytes: Array("GREETING = \"caf".utf8) + [0xE9] + Array("\"\n".utf8))

        let line = "WEIGHTS_00000 = [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0]\n"
        var large: [UInt8] = []
        large.reserveCapacity(10_500_000)
        while large.count < 10 * 1024 * 1024 { large += Array(line.utf8) }
        try workspace.write("bad/weights.py", bytes: large)

        try FileManager.default.createDirectory(atPath: workspace.path("bad/pkg"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: workspace.path("bad/pkg/parent"), withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: workspace.path("bad/ping.py"), withDestinationPath: "pong.py")
        try FileManager.default.createSymbolicLink(atPath: workspace.path("bad/pong.py"), withDestinationPath: "ping.py")
    }

    static let badPaths = ["bad/compiled.py", "bad/latin1.py", "bad/weights.py", "bad/pkg/parent", "bad/ping.py"]

    @Test func badFilesAreReportedAndTheRestScanned() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try Self.makeBadFiles(in: workspace)
        try workspace.write("bad/views.py", ScanSamples.shellOnly)
        try workspace.write("bad/helpers.py", ScanSamples.clean)

        let output = try workspace.scan(["--format", "json", "bad"])
        #expect(output.status == 1, "\(output.stderr)")
        let json = try ScanJSON(output.stdout)
        for path in Self.badPaths {
            #expect(json.errorPaths.contains(path), "no error for \(path): \(json.errors)")
        }
        #expect(json.rules == [ScanSamples.shellRule])
        #expect(json.findings.first?["path"] as? String == "bad/views.py")
        // views.py, helpers.py and the invalid-UTF-8 file are scanned; the binary and the large file are not.
        #expect(json.stats["files"] as? Int == 3)
        // One error per binary file, not one per garbage byte.
        #expect(json.errorPaths.filter { $0 == "bad/compiled.py" }.count == 1)
        let kinds = Dictionary(json.errors.map { ($0["path"] as? String ?? "", $0["kind"] as? String ?? "") }, uniquingKeysWith: { first, _ in first })
        #expect(kinds["bad/latin1.py"] == "encoding")
        #expect(kinds["bad/pkg/parent"] == "io")
        let messages = json.errors.compactMap { $0["message"] as? String }
        #expect(messages.contains { $0.contains("symbolic link loop") })
    }

    @Test func badFilesAloneExitZero() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        try Self.makeBadFiles(in: workspace)
        let output = try workspace.scan(["--format", "json", "bad"])
        #expect(output.status == 0, "\(output.stderr)")
        let json = try ScanJSON(output.stdout)
        #expect(json.findings.isEmpty)
        for path in Self.badPaths { #expect(json.errorPaths.contains(path), "no error for \(path)") }

        // The text report says the same on stdout.
        let text = try workspace.scan(["bad"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("bad/weights.py"))
    }

    @Test func invalidUTF8FileIsStillScannedAndCaretsLineUp() throws {
        let workspace = try ScanWorkspace()
        defer { workspace.remove() }
        let prefix = Array("import os\n\nGREETING = \"caf".utf8) + [0xE9, 0xE9] + Array("\"\n\n\n".utf8)
        try workspace.write("legacy.py", bytes: prefix + Array("def archive(folder):\n    os.system(f\"tar czf /b.tgz {folder}\")\n".utf8))

        let output = try workspace.scan(["--format", "json", "legacy.py"])
        #expect(output.status == 1)
        let json = try ScanJSON(output.stdout)
        let finding = try #require(json.findings(rule: ScanSamples.shellRule).first)
        #expect(finding["line"] as? Int == 7)
        #expect(finding["column"] as? Int == 5)
        #expect(json.errors.first?["kind"] as? String == "encoding")
        #expect(json.errors.first?["line"] as? Int == 3)

        // The text report's caret sits under `os.system`, not shifted by the replaced bytes above it.
        let text = try workspace.scan(["--color", "never", "legacy.py"]).stdout.split(separator: "\n").map(String.init)
        let codeRow = try #require(text.firstIndex { $0.hasSuffix("|     os.system(f\"tar czf /b.tgz {folder}\")") })
        let caretRow = text[codeRow + 1]
        let codeColumn = try #require(text[codeRow].range(of: "os.system")).lowerBound
        let caretColumn = try #require(caretRow.firstIndex(of: "^"))
        #expect(text[codeRow].distance(from: text[codeRow].startIndex, to: codeColumn)
                == caretRow.distance(from: caretRow.startIndex, to: caretColumn), "\(text)")
    }
}
