import Testing
import SOSecureCore
@testable import SOSecureKnowledge

@Suite struct CodeQueryBuilderTests {
    private func plan(_ code: String, language: Language? = .python, findings: [KnowledgeQuery.FindingHint] = [], maxTerms: Int = 64) -> QueryPlan {
        CodeQueryBuilder(maxTerms: maxTerms).plan(for: KnowledgeQuery(code: code, language: language, findings: findings))
    }

    private func term(_ plan: QueryPlan, _ text: String) -> QueryPlan.Term? { plan.terms.first { $0.text == text } }

    @Test func splitsIdentifiersAndKeepsThemWhole() {
        let result = plan("user_input = getUserInput()\nserver = HTTPServer(addr)")
        for expected in ["userinput", "user", "input", "getuserinput", "get", "httpserver", "http", "server", "addr"] {
            #expect(term(result, expected) != nil, "missing \(expected)")
        }
    }

    @Test func keepsDottedNamesWholeAndSplit() {
        let result = plan("import subprocess\nsubprocess.call(cmd)\nos.path.join(a, b)")
        #expect(term(result, "subprocesscall")?.kind == .api)
        #expect(term(result, "subprocess") != nil)
        #expect(term(result, "call") != nil)
        #expect(term(result, "ospathjoin")?.kind == .api)
        #expect(term(result, "pathjoin")?.kind == .api)
    }

    @Test func keepsKeywordArgumentsAndBooleanFlags() {
        let result = plan("subprocess.run(cmd, shell=True, check=False)")
        #expect(term(result, "shell")?.kind == .api)
        #expect(term(result, "true")?.kind == .api)
        #expect(term(result, "false")?.kind == .api)
        #expect(term(result, "check")?.kind == .api)
    }

    @Test func dropsKeywordsAndPunctuation() {
        let result = plan("def f(x):\n    if x is not None and x in y:\n        return lambda: x\n")
        for dropped in ["def", "if", "is", "not", "none", "and", "in", "return", "lambda", ":", "("] {
            #expect(term(result, dropped) == nil, "kept \(dropped)")
        }
        let js = plan("const x = function() { return new Foo(); }", language: .javascript)
        #expect(term(js, "const") == nil && term(js, "function") == nil && term(js, "new") == nil)
        #expect(term(js, "foo") != nil)
    }

    @Test func downWeightsStringLiteralWords() {
        let result = plan("cursor.execute(\"SELECT * FROM users WHERE name = '%s'\" % name)  # build the query")
        #expect(term(result, "select")?.kind == .literal)
        #expect(term(result, "select")?.weight == 1)
        #expect(term(result, "users")?.kind == .literal)
        #expect(term(result, "query")?.kind == .literal)
        #expect(term(result, "cursorexecute")?.weight == 2)
        // Code terms rank before literal words.
        let firstLiteral = result.terms.firstIndex { $0.kind == .literal } ?? 0
        #expect(result.terms[..<firstLiteral].allSatisfy { $0.kind > .literal })
    }

    @Test func stringPrefixesAndTripleQuotesAreLiterals() {
        let result = plan("q = f\"SELECT {col} FROM t\"\nr = rb'raw\\d'\ns = '''multi\nline'''")
        #expect(term(result, "select")?.kind == .literal)
        #expect(term(result, "multi")?.kind == .literal)
        #expect(term(result, "line")?.kind == .literal)
        #expect(term(result, "rb") == nil)
    }

    @Test func capsTheTermCount() {
        let code = (1...200).map { "variable_number_\($0)_\(String(repeating: "x", count: $0 % 7 + 2)) = call_\($0)()" }.joined(separator: "\n")
        #expect(plan(code, maxTerms: 32).terms.count == 32)
    }

    @Test func findingsAddBoostedTerms() {
        let finding = KnowledgeQuery.FindingHint(ruleID: "subprocess-shell-true", cwes: [78], apis: ["subprocess.Popen"])
        let result = plan("run(x)", findings: [finding])
        #expect(term(result, "subprocesspopen")?.kind == .boosted)
        #expect(term(result, "popen")?.kind == .boosted)
        #expect(term(result, "command")?.kind == .boosted)
        #expect(term(result, "injection")?.kind == .boosted)
        #expect(term(result, "cwe 78")?.weight == 3)
        #expect(term(result, "improper") == nil)
        #expect(result.terms.first?.kind == .boosted)
    }

    @Test func ftsExpressionQuotesEveryTermAndEscapesQuotes() {
        let plan = QueryPlan(terms: [
            .init(text: "a\"b", kind: .identifier, weight: 2),
            .init(text: "NEAR", kind: .literal, weight: 1),
            .init(text: "cwe 78", kind: .boosted, weight: 1),
        ])
        #expect(plan.ftsExpression == "\"a\"\"b\" OR \"a\"\"b\" OR \"NEAR\" OR \"cwe 78\"")
    }

    @Test func cFamilyPreprocessorAndMemberAccess() {
        let result = plan("#include <string.h>\nvoid f(char *s) { char b[8]; strcpy(b, s); obj->method(); std::system(cmd); }", language: .cpp)
        #expect(term(result, "include") == nil)
        #expect(term(result, "strcpy") != nil)
        #expect(term(result, "objmethod")?.kind == .api)
        #expect(term(result, "stdsystem")?.kind == .api)
        #expect(term(result, "void") == nil && term(result, "char") == nil)
    }
}
