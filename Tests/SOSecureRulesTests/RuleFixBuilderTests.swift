import SOSecureCore
import SOSecurePython
import Testing
@testable import SOSecureRules

@Suite("Rule fixes")
struct RuleFixBuilderTests {
    static func fix(_ source: String, rule id: String) throws -> Fix? {
        let rule = try #require(try RuleLoader.builtIn().first { $0.id == id })
        let finding = try #require(PythonAnalyzer(rules: [rule]).analyze(PythonParser.parse(source), path: "t.py").first)
        return finding.fix
    }

    @Test("a callee rename is applicable when the call passes no keyword the rule tests")
    func renameApplies() throws {
        let source = "import yaml as y\ndata = y.load(text)\n"
        let fix = try #require(try Self.fix(source, rule: "yaml-load-without-safe-loader"))
        #expect(fix.applicability == .safe)
        #expect(try EditApplier.apply(fix.edits, to: source) == "import yaml as y\ndata = y.safe_load(text)\n")
    }

    @Test("a rename that would keep the flagged keyword is only shown")
    func renameKeepingFlaggedKeywordIsDisplayOnly() throws {
        let fix = try #require(try Self.fix("import yaml\ndata = yaml.load(text, Loader=yaml.FullLoader)\n", rule: "yaml-load-without-safe-loader"))
        #expect(fix.applicability == .displayOnly)
    }

    @Test("removing a keyword takes its separating comma")
    func removeKeyword() throws {
        let source = "import requests\nrequests.get(url, verify=False, timeout=5)\nrequests.get(verify=False)\n"
        let rule = try #require(try RuleLoader.builtIn().first { $0.id == "requests-verify-disabled" })
        let findings = PythonAnalyzer(rules: [rule]).analyze(PythonParser.parse(source), path: "t.py")
        let edits = findings.compactMap(\.fix).flatMap(\.edits)
        #expect(try EditApplier.apply(edits, to: source) == "import requests\nrequests.get(url, timeout=5)\nrequests.get()\n")
    }
}
