import Foundation
import SOSecureCore
import Testing
import Yams
@testable import SOSecureKnowledge

/// The retrieval bar of issue 4: for held-out vulnerable code, the top 5 shipped discussions
/// include one about the same CWE in at least 90% of cases. Cases are (code, language, CWE),
/// so rule examples can feed the same harness once the rules exist.
@Suite struct RetrievalQualityTests {
    struct Case: Decodable {
        var name: String
        var language: String
        var cwe: Int
        var code: String
    }

    struct Outcome {
        var hits: Int
        var total: Int
        var misses: [String]
        var ratio: Double { total == 0 ? 0 : Double(hits) / Double(total) }
    }

    static func evaluate(_ cases: [Case], store: KnowledgeStore, k: Int = 5) throws -> Outcome {
        let search = KnowledgeSearch(store: store)
        var hits = 0
        var misses: [String] = []
        for item in cases {
            let result = try search.search(KnowledgeQuery(code: item.code, language: Language(name: item.language), k: k))
            if result.results.contains(where: { $0.cwe.contains(item.cwe) }) {
                hits += 1
            } else {
                let got = result.results.map { "\($0.id) \($0.cwe)" }.joined(separator: ", ")
                misses.append("\(item.name) (CWE-\(item.cwe)): got \(got)")
            }
        }
        return Outcome(hits: hits, total: cases.count, misses: misses)
    }

    @Test func sameCWEInTopFiveForHeldOutSnippets() throws {
        let text = try String(contentsOfFile: Fixtures.path("retrieval-cases.yaml"), encoding: .utf8)
        let cases = try YAMLDecoder().decode([Case].self, from: text)
        #expect(cases.count >= 40)
        #expect(Set(cases.map(\.language)).count >= 8)
        let directory = try TemporaryDirectory()
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        try DefaultKnowledgeBase.synchronize(store)
        let outcome = try Self.evaluate(cases, store: store)
        let percent = String(format: "%.1f", outcome.ratio * 100)
        print("retrieval@5 same-CWE: \(outcome.hits)/\(outcome.total) (\(percent)%)")
        for miss in outcome.misses { print("  miss: \(miss)") }
        #expect(outcome.ratio >= 0.9, "retrieval@5 same-CWE \(outcome.hits)/\(outcome.total); misses:\n\(outcome.misses.joined(separator: "\n"))")
    }
}
