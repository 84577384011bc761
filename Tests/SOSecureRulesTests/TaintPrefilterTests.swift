import SOSecureCore
import SOSecurePython
import Testing
@testable import SOSecureRules

/// The analyzer skips a taint rule on a file where no call names one of its sinks, no identifier can
/// start one of its sources, or no expression can be one of its sources. These tests hold it to the taint matcher run without that shortcut: the
/// same findings on every example of every taint rule, and on the cases where the shortcut has to look
/// past the words as written (an import alias, sources that come only from handler or click parameters, a source reached by a bare
/// name through an import or a builtin).
@Suite("Taint prefilter")
struct TaintPrefilterTests {
    static let taintRules: [Rule] = RuleExamplesTests.rules.filter { if case .taint = $0.match { return true }; return false }

    /// Programs whose sink or source is invisible to a plain word search.
    static let edgeCases: [(rule: String, source: String)] = [
        ("shell-command-with-untrusted-input", """
        import sys
        from os import system as run_it

        run_it("echo " + sys.argv[1])  # expect
        """),
        ("shell-command-with-untrusted-input", """
        import os
        import click

        @click.command()
        @click.option("--name")
        def main(name):
            os.system("echo " + name)  # expect
        """),
        ("shell-command-with-untrusted-input", """
        import os
        from sys import argv

        os.system("echo " + argv[1])  # expect
        """),
        ("shell-command-with-untrusted-input", """
        import os

        def greet():
            os.system("echo " + input())  # expect
        """),
        ("html-response-with-untrusted-input", """
        from fastapi import FastAPI
        from fastapi.responses import HTMLResponse

        app = FastAPI()

        @app.get("/greet")
        def greet(name: str):
            return HTMLResponse("<h1>" + name + "</h1>")  # expect
        """),
    ]

    static func lines(_ findings: [Finding]) -> [Int] { findings.map(\.start.line).sorted() }

    /// Lines the analyzer reports for one taint rule, and lines the taint matcher finds with no prefilter.
    static func analyzerAndMatcher(_ rule: Rule, _ source: String) -> (analyzer: [Int], matcher: [Int]) {
        let parse = PythonParser.parse(source, path: "t.py")
        let analyzer = lines(PythonAnalyzer(rules: [rule]).analyze(parse, path: "t.py"))
        guard case let .taint(pattern) = rule.match else { return (analyzer, []) }
        let context = PythonFileContext(parse: parse, path: "t.py")
        let matcher = Set(TaintMatcher.matches(pattern, in: context).map { context.location($0.range.start).line }).sorted()
        return (analyzer, matcher)
    }

    @Test("every taint rule's examples: the analyzer finds what the unfiltered matcher finds")
    func examplesAgree() {
        #expect(Self.taintRules.count > 20)
        for rule in Self.taintRules {
            for example in rule.examples.vulnerable + rule.examples.safe {
                let (analyzer, matcher) = Self.analyzerAndMatcher(rule, example)
                #expect(analyzer == matcher, "\(rule.id): analyzer \(analyzer), matcher \(matcher)\n\(example)")
            }
        }
    }

    @Test("sinks under an import alias, click options and handler parameters still reach the taint analysis",
          arguments: 0..<edgeCases.count)
    func edgeCasesFlagged(index: Int) throws {
        let (id, source) = Self.edgeCases[index]
        let rule = try RuleExamplesTests.rule(id)
        let (analyzer, matcher) = Self.analyzerAndMatcher(rule, source)
        #expect(analyzer == RuleExamplesTests.expectedLines(source), "\(id)\n\(source)")
        #expect(analyzer == matcher)
    }

    @Test("a plan needs a sink segment among the file's calls, or a handler for return sinks")
    func planGate() {
        let sql = TaintRulePlan(TaintPattern(sources: [.web], sinks: [
            .call(names: [NamePattern("*.execute")], position: 0, keyword: nil, constraints: []),
        ]))
        #expect(sql.mayMatch(callSegments: ["execute", "get"], hasHandlers: false))
        #expect(!sql.mayMatch(callSegments: ["get"], hasHandlers: true))
        let wildcard = TaintRulePlan(TaintPattern(sources: [.web], sinks: [
            .call(names: [NamePattern("subprocess.*")], position: 0, keyword: nil, constraints: []),
        ]))
        #expect(wildcard.mayMatch(callSegments: [], hasHandlers: false))
        let returns = TaintRulePlan(TaintPattern(sources: [.web], sinks: [.handlerReturn(html: true)]))
        #expect(returns.mayMatch(callSegments: [], hasHandlers: true))
        #expect(!returns.mayMatch(callSegments: ["render"], hasHandlers: false))
    }
}
