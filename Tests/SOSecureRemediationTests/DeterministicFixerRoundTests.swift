import SOSecureCore
import SOSecureRemediation
import SOSecureRules
import Testing

/// The fixer's judgement of each round, with small rules made for the purpose: a fix that adds a finding,
/// a fix that breaks the syntax, and a fix that does not remove its own finding are each dropped with the
/// reason, while good fixes in the same round still apply.
@Suite struct DeterministicFixerRoundTests {
    static func rule(_ id: String, call: String, fix: String, applicability: String = "safe", absentKeyword: String? = nil, cwe: Int = 20) throws -> Rule {
        let constraint = absentKeyword.map { "\n    where:\n      - keyword: \($0)\n        absent: true" } ?? ""
        let yaml = """
        id: \(id)
        language: python
        cwe: [\(cwe)]
        severity: medium
        confidence: high
        summary: test rule \(id)
        rationale: |
          A rule written for the fixer's tests.
        match:
          call:
            names: [\(call)]\(constraint)
        fix:
          title: fix \(id)
          applicability: \(applicability)
          \(fix)
        examples:
          vulnerable:
            - |
              import demo
              demo.a()  # expect
            - |
              import demo
              demo.a()  # expect
          safe:
            - |
              import demo
            - |
              import demo
        """
        return try RuleLoader.load(yaml: yaml, file: "\(id).yaml")
    }

    static func judge(_ rules: [Rule]) -> RevisionJudge { RevisionJudge(rules: rules) }

    @Test func fixThatAddsAFindingIsDroppedAndOthersStillApply() throws {
        // `demo.a` → `demo.b`, but `demo.b` is flagged too: that fix adds a finding.
        let rules = [try Self.rule("flag-a", call: "demo.a", fix: "rename-callee: b"),
                     try Self.rule("flag-b", call: "demo.b", fix: "remove-keyword: unused"),
                     try Self.rule("flag-c", call: "demo.c", fix: "rename-callee: d")]
        let source = "import demo\n\ndemo.a(1)\ndemo.c(2)\n"
        let report = DeterministicFixer(judge: Self.judge(rules)).fix(source, path: "t.py")
        #expect(report.text == "import demo\n\ndemo.a(1)\ndemo.d(2)\n")
        #expect(report.applied.map(\.ruleID) == ["flag-c"])
        let dropped = try #require(report.dropped.first)
        #expect(dropped.ruleID == "flag-a")
        #expect(dropped.reason.contains("adds a finding: flag-b at line 3"))
        #expect(report.converged)
    }

    @Test func fixThatBreaksTheSyntaxIsDropped() throws {
        let rules = [try Self.rule("flag-a", call: "demo.a", fix: "set-keyword: { name: mode, value: '(' }")]
        let source = "import demo\ndemo.a(1)\n"
        let report = DeterministicFixer(judge: Self.judge(rules)).fix(source, path: "t.py")
        #expect(report.text == source)
        #expect(report.applied.isEmpty)
        #expect(report.dropped.first?.reason.contains("does not parse") == true)
    }

    @Test func fixThatLeavesItsFindingIsDropped() throws {
        // Adding a keyword the rule does not look at changes the text but not the verdict.
        let rules = [try Self.rule("flag-a", call: "demo.a", fix: "set-keyword: { name: mode, value: '1' }")]
        let source = "import demo\ndemo.a(1)\n"
        let report = DeterministicFixer(judge: Self.judge(rules)).fix(source, path: "t.py")
        #expect(report.text == source)
        #expect(report.dropped.first?.reason.contains("does not remove the flag-a finding") == true)
    }

    @Test func fixesInsertingAtTheSamePlaceTakeOneRoundEach() throws {
        // Different CWEs, so the analyzer reports both findings on the one call rather than the stronger one.
        // Both fixes insert a keyword before the same `)`: ambiguous in one round, so the second waits for
        // round 2, where it is rebuilt against the new text.
        let rules = [try Self.rule("needs-mode", call: "demo.a", fix: "set-keyword: { name: mode, value: '1' }", absentKeyword: "mode"),
                     try Self.rule("needs-level", call: "demo.a", fix: "set-keyword: { name: level, value: '2' }", absentKeyword: "level", cwe: 400)]
        let source = "import demo\ndemo.a(0)\n"
        let report = DeterministicFixer(judge: Self.judge(rules)).fix(source, path: "t.py")
        #expect(report.text == "import demo\ndemo.a(0, level=2, mode=1)\n")
        #expect(report.rounds == 2)
        #expect(report.applied.map(\.round) == [1, 2])
        #expect(report.converged)
        #expect(report.dropped.isEmpty)
        #expect(report.judgement.findings.isEmpty)
    }

    @Test func roundsStopAtTheLimitAndKeepNothing() throws {
        let rules = [try Self.rule("needs-mode", call: "demo.a", fix: "set-keyword: { name: mode, value: '1' }", absentKeyword: "mode"),
                     try Self.rule("needs-level", call: "demo.a", fix: "set-keyword: { name: level, value: '2' }", absentKeyword: "level", cwe: 400)]
        let source = "import demo\ndemo.a(0)\n"
        let report = DeterministicFixer(judge: Self.judge(rules), maxRounds: 1).fix(source, path: "t.py")
        #expect(!report.converged)
        #expect(report.text == source)
        #expect(report.applied.isEmpty)
        #expect(report.dropped.contains { $0.reason.contains("did not converge within 1 rounds") })
    }

    @Test func displayOnlyAndUnsafeFixesAreReportedNotApplied() throws {
        let rules = [try Self.rule("flag-a", call: "demo.a", fix: "rename-callee: z", applicability: "display-only"),
                     try Self.rule("flag-c", call: "demo.c", fix: "rename-callee: d", applicability: "unsafe")]
        let source = "import demo\ndemo.a()\ndemo.c()\n"
        let safeOnly = DeterministicFixer(judge: Self.judge(rules)).fix(source, path: "t.py")
        #expect(safeOnly.text == source)
        #expect(Set(safeOnly.skipped.map(\.ruleID)) == ["flag-a", "flag-c"])
        let withUnsafe = DeterministicFixer(judge: Self.judge(rules), allowUnsafe: true).fix(source, path: "t.py")
        #expect(withUnsafe.text == "import demo\ndemo.a()\ndemo.d()\n")
    }

    @Test func overlappingFixesTakeTurns() throws {
        // Two rules flag the same call and both rename it: only one edit per range per round.
        let rules = [try Self.rule("flag-a", call: "demo.a", fix: "rename-callee: x"),
                     try Self.rule("flag-a2", call: "demo.a", fix: "rename-callee: y")]
        let source = "import demo\ndemo.a()\n"
        let report = DeterministicFixer(judge: Self.judge(rules)).fix(source, path: "t.py")
        #expect(report.text == "import demo\ndemo.x()\n")
        #expect(report.judgement.findings.isEmpty)
    }
}
