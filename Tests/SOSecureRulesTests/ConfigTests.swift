import Foundation
import SOSecureCore
import Testing
@testable import SOSecureRules

/// A fresh folder under the system temp folder, removed when the test ends.
final class ConfigTestFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("sosecure-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ relative: String, _ text: String = "") throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: false, encoding: .utf8)
        return full
    }

    @discardableResult
    func folder(_ relative: String) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        return full
    }

    func link(_ relative: String, to destination: String) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: destination)
    }
}

private func finding(rule: String, cwes: [Int] = [78], severity: Severity = .high, confidence: Confidence = .high,
                     path: String = "app.py") -> Finding {
    Finding(ruleID: rule, message: "m", cwes: cwes.map { CWE(id: $0) }, severity: severity, confidence: confidence,
            path: path, range: TextRange(start: 0, end: 1), start: SourceLocation(line: 1, column: 1, utf16Column: 1),
            end: SourceLocation(line: 1, column: 2, utf16Column: 2), flaggedCode: "x")
}

private func configError(_ body: () throws -> Void) -> ConfigError? {
    do {
        try body()
        return nil
    } catch let error as ConfigError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

@Suite("Scan config")
struct ConfigTests {
    @Test("every key of .sosecure.toml is read, rule folders relative to the file")
    func readsEveryKey() throws {
        let folder = try ConfigTestFolder()
        try folder.folder("team-rules")
        let file = try folder.write(".sosecure.toml", """
        # project settings
        select = ["subprocess-*", "CWE-89", "yaml-load-without-safe-loader"]
        ignore = ["cwe-327"]
        severity = "medium"
        confidence = "HIGH"
        rules = ["team-rules"]
        exclude = ["migrations/", "**/generated_*.py"]
        honor-nosec = true
        report-unused-suppressions = true

        [per-path-ignores]
        "tests/**" = ["hardcoded-password"]
        "scripts/*.py" = ["CWE-78"]
        """)
        let config = try ConfigLoader.load(file: file)
        #expect(config.select == [.rulePrefix("subprocess-"), .cwe(89), .rule("yaml-load-without-safe-loader")])
        #expect(config.ignore == [.cwe(327)])
        #expect(config.minimumSeverity == .medium)
        #expect(config.minimumConfidence == .high)
        #expect(config.ruleFolders == [folder.path + "/team-rules"])
        #expect(config.exclude.map(\.source) == ["migrations/", "**/generated_*.py"])
        #expect(config.honorNosec)
        #expect(config.reportUnusedSuppressions)
        #expect(config.baseDirectory == folder.path)
        #expect(Set(config.perPathIgnores.map(\.glob.source)) == ["tests/**", "scripts/*.py"])
        #expect(config.origin?.keyLines["severity"] == 4)
        #expect(config.origin?.keyLines["per-path-ignores"] == 11)
    }

    @Test("defaults: every rule, no thresholds, nosec not honoured")
    func defaults() throws {
        let config = try #require(try ConfigLoader.parse(text: "", file: "/x/.sosecure.toml"))
        #expect(config.select == nil)
        #expect(config.ignore.isEmpty)
        #expect(config.minimumSeverity == .info)
        #expect(config.minimumConfidence == .low)
        #expect(!config.honorNosec)
        #expect(!config.reportUnusedSuppressions)
        #expect(config.keeps(finding(rule: "anything", severity: .low, confidence: .low)))
    }

    @Test("[tool.sosecure] in pyproject.toml; other tools' tables are not ours to check")
    func pyproject() throws {
        let folder = try ConfigTestFolder()
        let file = try folder.write("pyproject.toml", """
        [project]
        name = "demo"
        select = "not ours"

        [tool.ruff]
        line-length = 100

        [tool.sosecure]
        ignore = ["CWE-330"]
        severity = "low"

        [tool.sosecure.per-path-ignores]
        "tests/" = ["CWE-798"]
        """)
        let config = try ConfigLoader.load(file: file)
        #expect(config.ignore == [.cwe(330)])
        #expect(config.minimumSeverity == .low)
        #expect(config.perPathIgnores == [PerPathIgnore(glob: try #require(GlobPattern("tests/")), rules: [.cwe(798)])])
        #expect(config.origin?.keyLines["ignore"] == 9)
    }

    @Test("discovery walks up, prefers .sosecure.toml, skips pyproject.toml without [tool.sosecure], stops at .git")
    func discovery() throws {
        let folder = try ConfigTestFolder()
        try folder.write("outside/.sosecure.toml", "severity = \"critical\"\n")
        try folder.folder("outside/repo/.git")
        try folder.write("outside/repo/pyproject.toml", "[tool.sosecure]\nseverity = \"high\"\n")
        try folder.write("outside/repo/src/pyproject.toml", "[project]\nname = \"inner\"\n")
        try folder.write("outside/repo/src/pkg/mod.py", "x = 1\n")
        try folder.write("outside/repo/both/.sosecure.toml", "severity = \"medium\"\n")
        try folder.write("outside/repo/both/pyproject.toml", "[tool.sosecure]\nseverity = \"low\"\n")
        try folder.folder("outside/other/.git")
        try folder.folder("outside/other/src")

        let fromPackage = try #require(try ConfigLoader.discover(startingAt: folder.path + "/outside/repo/src/pkg"))
        #expect(fromPackage.minimumSeverity == .high)
        #expect(fromPackage.origin?.file == folder.path + "/outside/repo/pyproject.toml")
        // A file argument starts from its folder.
        let fromFile = try #require(try ConfigLoader.discover(startingAt: folder.path + "/outside/repo/src/pkg/mod.py"))
        #expect(fromFile.minimumSeverity == .high)
        let fromBoth = try #require(try ConfigLoader.discover(startingAt: folder.path + "/outside/repo/both"))
        #expect(fromBoth.minimumSeverity == .medium)
        // The repository root bounds the walk: the config above it is not taken.
        #expect(try ConfigLoader.discover(startingAt: folder.path + "/outside/other/src") == nil)
    }

    @Test("a pyproject.toml that does not parse is skipped unless it mentions sosecure")
    func brokenPyproject() throws {
        let folder = try ConfigTestFolder()
        try folder.folder(".git")
        try folder.write("pyproject.toml", "[project\nname = ")
        #expect(try ConfigLoader.discover(startingAt: folder.path) == nil)
        try folder.write("pyproject.toml", "[tool.sosecure]\nseverity = \n")
        let error = try #require(configError { _ = try ConfigLoader.discover(startingAt: folder.path) })
        #expect(error.file == folder.path + "/pyproject.toml")
        #expect(error.line == 2)
        #expect(error.message.hasPrefix("not valid TOML"))
    }

    struct BadConfig: Sendable, CustomStringConvertible {
        let name: String
        let text: String
        let key: String
        let line: Int
        let message: String
        var description: String { name }
    }

    static let badConfigs: [BadConfig] = [
        BadConfig(name: "unknown key", text: "severity = \"low\"\n\nseverty = \"high\"\n",
                  key: "severty", line: 3, message: "unknown key"),
        BadConfig(name: "select is a string", text: "# comment\nselect = \"subprocess-shell\"\n",
                  key: "select", line: 2, message: "expected an array of strings, found a string"),
        BadConfig(name: "array item of the wrong type", text: "ignore = [\n  \"CWE-78\",\n  3,\n]\n",
                  key: "ignore", line: 1, message: "item 2 must be a string, found an integer"),
        BadConfig(name: "bad selector", text: "\n\nselect = [\"Subprocess Shell\"]\n",
                  key: "select", line: 3, message: "'Subprocess Shell' is not a rule id"),
        BadConfig(name: "bad CWE selector", text: "ignore = [\"CWE-x\"]\n",
                  key: "ignore", line: 1, message: "'CWE-x' is not a rule id"),
        BadConfig(name: "unknown severity", text: "severity = \"urgent\"\n",
                  key: "severity", line: 1, message: "'urgent' is not one of info, low, medium, high, critical"),
        BadConfig(name: "confidence is a number", text: "\nconfidence = 2\n",
                  key: "confidence", line: 2, message: "expected a string (one of low, medium, high), found an integer"),
        BadConfig(name: "flag is a string", text: "honor-nosec = \"yes\"\n",
                  key: "honor-nosec", line: 1, message: "expected true or false, found a string"),
        BadConfig(name: "per-path ignores entry", text: "severity = \"low\"\n[per-path-ignores]\n\"tests/**\" = [\"ok\"]\n\"docs/*\" = \"CWE-79\"\n",
                  key: "per-path-ignores.\"docs/*\"", line: 4, message: "expected an array of strings, found a string"),
        BadConfig(name: "per-path ignores not a table", text: "per-path-ignores = [\"tests\"]\n",
                  key: "per-path-ignores", line: 1, message: "expected a table of glob = [rule ids], found an array"),
        BadConfig(name: "missing rule folder", text: "rules = [\"no-such-folder\"]\n",
                  key: "rules", line: 1, message: "rule folder 'no-such-folder' does not exist"),
        BadConfig(name: "empty exclude glob", text: "exclude = [\"/\"]\n",
                  key: "exclude", line: 1, message: "'/' is an empty pattern"),
        BadConfig(name: "date value", text: "severity = 2024-01-01\n",
                  key: "severity", line: 1, message: "expected a string (one of info, low, medium, high, critical), found a date"),
    ]

    @Test("bad config: the error names the file, the key and its line", arguments: badConfigs)
    func badConfig(_ bad: BadConfig) throws {
        let folder = try ConfigTestFolder()
        let file = try folder.write(".sosecure.toml", bad.text)
        let error = try #require(configError { _ = try ConfigLoader.load(file: file) })
        #expect(error.file == file)
        #expect(error.key == bad.key)
        #expect(error.line == bad.line)
        #expect(error.message.hasPrefix(bad.message), "\(error.message)")
        #expect(error.description.hasPrefix("\(file):\(bad.line): \(bad.key): "))
    }

    @Test("errors in [tool.sosecure] point at lines of pyproject.toml")
    func pyprojectErrorLines() throws {
        let folder = try ConfigTestFolder()
        let file = try folder.write("pyproject.toml", """
        [project]
        name = "demo"

        [tool.sosecure]
        severity = "high"
        report-unused = true
        """)
        let error = try #require(configError { _ = try ConfigLoader.load(file: file) })
        #expect(error.description.hasPrefix("\(file):6: report-unused: unknown key"))

        let nested = try folder.write("nested/pyproject.toml", "[tool.sosecure.per-path-ignores]\n\n\"a/*\" = [\"CWE-0\"]\n")
        let nestedError = try #require(configError { _ = try ConfigLoader.load(file: nested) })
        #expect(nestedError.line == 3)
        #expect(nestedError.key == "per-path-ignores.\"a/*\"")

        let inline = try folder.write("inline/pyproject.toml", "[tool]\nsosecure = { severity = \"loud\" }\n")
        let inlineError = try #require(configError { _ = try ConfigLoader.load(file: inline) })
        #expect(inlineError.line == 2)

        let scalar = try folder.write("scalar/pyproject.toml", "[project]\nname = \"x\"\n[tool]\nsosecure = 3\n")
        let scalarError = try #require(configError { _ = try ConfigLoader.load(file: scalar) })
        #expect(scalarError.description == "\(scalar):4: tool.sosecure: expected a table, found an integer")

        let withoutTable = try folder.write("plain/pyproject.toml", "[project]\nname = \"x\"\n")
        let missing = try #require(configError { _ = try ConfigLoader.load(file: withoutTable) })
        #expect(missing.message.contains("[tool.sosecure]"))
    }

    @Test("invalid TOML and unreadable files name the file")
    func invalidFile() throws {
        let folder = try ConfigTestFolder()
        let file = try folder.write(".sosecure.toml", "select = [\"a\"]\nseverity = \"low\n")
        let error = try #require(configError { _ = try ConfigLoader.load(file: file) })
        #expect(error.file == file)
        #expect(error.line == 2)
        let missing = try #require(configError { _ = try ConfigLoader.load(file: folder.path + "/nope.toml") })
        #expect(missing.file == folder.path + "/nope.toml")
    }

    @Test("select, ignore, CWE ids, prefixes, thresholds and per-path ignores decide which findings stay")
    func keepsFindings() throws {
        let base = "/project"
        var config = ScanConfig(baseDirectory: base)
        config.select = [.rulePrefix("subprocess-"), .cwe(89)]
        config.ignore = [.rule("subprocess-popen-shell")]
        config.minimumConfidence = .medium
        config.perPathIgnores = [
            PerPathIgnore(glob: try #require(GlobPattern("tests/")), rules: [.cwe(89)]),
            PerPathIgnore(glob: try #require(GlobPattern("*_fixture.py")), rules: [.rulePrefix("subprocess-")]),
        ]
        #expect(config.keeps(finding(rule: "subprocess-shell-true")))
        #expect(!config.keeps(finding(rule: "subprocess-popen-shell")))
        #expect(config.keeps(finding(rule: "raw-sql", cwes: [89])))
        #expect(!config.keeps(finding(rule: "yaml-load", cwes: [502])))
        #expect(!config.keeps(finding(rule: "subprocess-shell-true", confidence: .low)))
        #expect(!config.keeps(finding(rule: "raw-sql", cwes: [89], path: "/project/tests/unit/test_db.py")))
        #expect(config.keeps(finding(rule: "raw-sql", cwes: [89], path: "/project/src/tests.py")))
        #expect(!config.keeps(finding(rule: "subprocess-shell-true", path: "/project/src/db_fixture.py")))
        #expect(config.keeps(finding(rule: "raw-sql", cwes: [89], path: "/project/src/db_fixture.py")))
    }

    @Test("command-line flags win over the file")
    func overridesWin() throws {
        let folder = try ConfigTestFolder()
        try folder.folder("file-rules")
        let cliRules = try folder.folder("cli-rules")
        let file = try folder.write(".sosecure.toml", """
        select = ["CWE-78"]
        ignore = ["subprocess-shell-true", "CWE-327"]
        severity = "high"
        rules = ["file-rules"]
        honor-nosec = true
        """)
        let config = try ConfigLoader.load(file: file)
        let merged = config.merging(overrides: ScanConfig.Overrides(
            select: [.rule("subprocess-shell-true"), .cwe(89)], minimumSeverity: .low, ruleFolders: [cliRules],
            honorNosec: false))
        #expect(merged.select == [.rule("subprocess-shell-true"), .cwe(89)])
        // Selected on the command line, so no longer ignored; the other ignore stays.
        #expect(merged.ignore == [.cwe(327)])
        #expect(merged.keeps(finding(rule: "subprocess-shell-true", severity: .low)))
        #expect(merged.minimumSeverity == .low)
        #expect(merged.ruleFolders == [folder.path + "/file-rules", cliRules])
        #expect(!merged.honorNosec)
        // Untouched settings keep the file's values.
        let untouched = config.merging(overrides: ScanConfig.Overrides())
        #expect(untouched == config)
        let ignoreOnly = config.merging(overrides: ScanConfig.Overrides(ignore: []))
        #expect(ignoreOnly.ignore.isEmpty)
        #expect(ignoreOnly.select == [.cwe(78)])
    }

    @Test("selectors that match no rule are reported at their config line, or as command line")
    func unknownRules() throws {
        let folder = try ConfigTestFolder()
        let file = try folder.write(".sosecure.toml", "severity = \"low\"\nselect = [\"subprocess-*\", \"CWE-78\"]\nignore = [\"no-such-rule\"]\n")
        let config = try ConfigLoader.load(file: file)
        let errors = config.unknownRuleErrors(knownRuleIDs: ["subprocess-shell-true"])
        #expect(errors.map(\.description) == ["\(file):3: ignore: no rule matches 'no-such-rule'"])
        let fromCLI = config.merging(overrides: ScanConfig.Overrides(select: [.rule("typo-rule")]))
            .unknownRuleErrors(knownRuleIDs: ["subprocess-shell-true"])
        #expect(fromCLI.map(\.description) == ["command line: select: no rule matches 'typo-rule'", "\(file):3: ignore: no rule matches 'no-such-rule'"])
    }

    @Test("rule selector forms")
    func selectors() {
        #expect(RuleSelector("CWE-78") == .cwe(78))
        #expect(RuleSelector("cwe-1333") == .cwe(1333))
        #expect(RuleSelector("flask-*") == .rulePrefix("flask-"))
        #expect(RuleSelector("*") == .rulePrefix(""))
        #expect(RuleSelector("yaml-load") == .rule("yaml-load"))
        #expect(RuleSelector("CWE-") == nil)
        #expect(RuleSelector("CWE-3*") == nil)
        #expect(RuleSelector("Yaml") == nil)
        #expect(RuleSelector("-yaml") == nil)
        #expect(RuleSelector("") == nil)
        #expect(RuleSelector.cwe(78).matches(ruleID: "x", cwes: [CWE(id: 77), CWE(id: 78)]))
        #expect(!RuleSelector.cwe(7).matches(ruleID: "x", cwes: [CWE(id: 78)]))
    }
}
