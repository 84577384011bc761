import Testing
import SOSecureCore
import SOSecureRules
@testable import SOSecureSelfPlay

@Suite struct SelfPlayRiskPointTests {
    @Test func riskPointsAreSensitiveCallsWhetherSafeOrNot() throws {
        let finder = RiskPointFinder(rules: try RuleLoader.builtIn())
        let code = """
        import sqlite3
        import subprocess as sp


        def lookup(conn, name):
            cur = conn.cursor()
            # cur.execute(name) in a comment is no call
            cur.execute("SELECT id FROM users WHERE name = ?", (name,))
            note = "subprocess.run(x, shell=True)"
            return cur.fetchone()


        def ping(host):
            if sp.run(
                ["ping", "-c", "1", host],
                check=True,
            ).returncode == 0:
                return True
            return False
        """
        let points = finder.riskPoints(in: code)
        // The parameterized execute is safe, yet a risk point (`cur` is typed as a DB-API cursor by its
        // name); the aliased import still resolves to subprocess.run; a multi-line statement is one point
        // at its first line.
        #expect(points == [RiskPoint(line: 8, callee: "dbapi.Cursor.execute"), RiskPoint(line: 14, callee: "subprocess.run")])
    }

    @Test func sensitiveNamesComeFromTheRules() throws {
        let rule = Rule(
            id: "archive-open-test", language: .python, cwes: [CWE(id: 22)], severity: .medium, confidence: .medium,
            summary: "test rule", rationale: "test rule",
            match: .any([
                .call(CallPattern(names: [NamePattern("shelf.open_archive")])),
                .taint(TaintPattern(sinks: [.call(names: [NamePattern("*.unpack_into")], position: 0, keyword: nil, constraints: [])])),
                .importOf([NamePattern("telnetlib")]),
            ]),
            examples: RuleExamples(vulnerable: [], safe: []))
        let finder = RiskPointFinder(rules: [rule])
        #expect(finder.sensitiveNames.map(\.text) == ["shelf.open_archive", "*.unpack_into"])
        let code = """
        import shelf as s
        import subprocess

        def restore(box, path):
            archive = s.open_archive(path)
            subprocess.run(["ls"])
            box.unpack_into(archive)
        """
        #expect(finder.riskPoints(in: code).map(\.line) == [5, 7])
        #expect(RiskPointFinder(rules: []).riskPoints(in: code).isEmpty)
    }
}
