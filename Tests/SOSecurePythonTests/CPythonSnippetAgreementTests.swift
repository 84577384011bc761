import Foundation
import Testing
import SOSecureCore
import SOSecurePython

/// Hand-written snippets per grammar area (`Fixtures/parser/agreement/*.txt`, one
/// snippet under each `####` header), valid and invalid. For each, SOSecure must
/// accept exactly when CPython's `ast.parse` accepts, and print the same `ast.dump`.
@Suite("CPython snippet agreement")
struct CPythonSnippetAgreementTests {
    @Test("every snippet is accepted or rejected as CPython does, with the same dump")
    func snippetsAgree() throws {
        var snippets: [ParserFixtures.Snippet] = []
        for url in try ParserFixtures.files(in: "agreement", extension: "txt") {
            snippets.append(contentsOf: try ParserFixtures.snippets(in: url, marker: "####"))
        }
        #expect(snippets.count > 100)
        let expected = try CPythonReference.dumps(of: snippets.map(\.source))
        var problems: [String] = []
        for (snippet, cpython) in zip(snippets, expected) {
            let result = ParserFixtures.parse(snippet.source)
            switch (cpython, result.errors.isEmpty) {
            case (nil, true):
                problems.append("\(snippet) [\(snippet.header)]: CPython rejects, we accept")
            case (.some, false):
                problems.append("\(snippet) [\(snippet.header)]: CPython accepts, we reject: \(result.errors.map(\.description))")
            case (.some(let dump), true):
                let ours = CPythonDump.dump(result.module, text: result.text)
                if ours != dump {
                    problems.append("\(snippet) [\(snippet.header)]: dumps differ\n  CPython: \(dump)\n  ours:    \(ours)")
                }
            case (nil, false):
                break
            }
        }
        let rejected = expected.filter { $0 == nil }.count
        print("snippets: \(snippets.count) (CPython accepts \(snippets.count - rejected), rejects \(rejected)); disagreements: \(problems.count)")
        for problem in problems { print(problem) }
        #expect(problems.isEmpty, "\(problems.count) of \(snippets.count) snippets disagree with CPython")
    }
}
