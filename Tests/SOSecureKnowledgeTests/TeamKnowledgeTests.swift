import Foundation
import GRDB
import SOSecureCore
import Testing
@testable import SOSecureKnowledge

@Suite struct TeamKnowledgeTests {
    static let markdown = """
        ---
        id: team-no-yaml-load
        language: python
        cwe: [502]
        tags: [python, pyyaml]
        apis: [yaml.load]
        title: Reading a config file uploaded by users
        score: 7
        accepted: true
        ---
        ## Question
        Our service reads YAML that customers upload.

        ```python
        import yaml
        config = yaml.load(upload.read(), Loader=yaml.Loader)
        ```

        ## Answer
        The full loader builds arbitrary Python objects; use the safe loader.

        ```python
        import yaml
        config = yaml.safe_load(upload.read())
        ```

        ## Comments
        - [9] yaml.Loader on untrusted input is remote code execution for any attacker
          who can upload a file.
        - Thanks!
        """

    @Test func addsMarkdownEntries() throws {
        let directory = try TemporaryDirectory()
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        let file = try directory.write("yaml-loading.md", Self.markdown)
        #expect(try TeamKnowledge.add(path: file, store: store) == 1)
        let entry = try #require(try store.read { db in try EntryIndex.fetch(key: "team-no-yaml-load", db) })
        #expect(entry.origin == "team:yaml-loading.md")
        #expect(entry.questionCode == "import yaml\nconfig = yaml.load(upload.read(), Loader=yaml.Loader)")
        #expect(entry.code == "import yaml\nconfig = yaml.safe_load(upload.read())")
        #expect(entry.question == "Our service reads YAML that customers upload.")
        #expect(entry.comments.map(\.score) == [9, 0])
        #expect(entry.comments.first?.text.hasSuffix("who can upload a file.") == true)
        #expect(entry.warnings.count == 1)
        #expect(entry.url == "sosecure:kb/team-no-yaml-load")
        let hits = try KnowledgeSearch(store: store).search(KnowledgeQuery(code: "data = yaml.load(f, Loader=yaml.Loader)", language: .python))
        #expect(hits.results.first?.id == "team-no-yaml-load")
    }

    @Test func addingAgainReplacesAndYAMLWorksToo() throws {
        let directory = try TemporaryDirectory()
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        let file = try directory.write("team.yaml", DefaultKnowledgeBaseTests.validEntry(id: "team-one"))
        try TeamKnowledge.add(path: file, store: store)
        try directory.write("team.yaml", DefaultKnowledgeBaseTests.validEntry(id: "team-two"))
        try TeamKnowledge.add(path: file, store: store)
        let keys = try store.read { db in try String.fetchAll(db, sql: "SELECT key FROM entries WHERE origin = 'team:team.yaml'") }
        #expect(keys == ["team-two"])
    }

    @Test func invalidFilesWriteNothingAndNameTheProblem() throws {
        let directory = try TemporaryDirectory()
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        let broken = Self.markdown.replacingOccurrences(of: "language: python", with: "language: klingon")
            .replacingOccurrences(of: "## Comments", with: "## Remarks")
        let file = try directory.write("broken.md", broken)
        do {
            try TeamKnowledge.add(path: file, store: store)
            Issue.record("expected schema violations")
        } catch let KnowledgeError.schema(violations) {
            #expect(violations.contains { $0.field == "section" && $0.line == 27 })
            #expect(violations.contains { $0.field == "comments" })
        }
        let bad = try directory.write("lang.md", Self.markdown.replacingOccurrences(of: "language: python", with: "language: klingon"))
        do {
            try TeamKnowledge.add(path: bad, store: store)
            Issue.record("expected schema violations")
        } catch let KnowledgeError.schema(violations) {
            #expect(violations.map(\.description) == ["\(bad):3:11: language: unknown language 'klingon'; expected one of python, javascript, typescript, java, go, c, cpp, php, swift"])
        }
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entries") } == 0)
    }

    @Test func idsClashingWithOtherOriginsAreRejected() throws {
        let directory = try TemporaryDirectory()
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        try TeamKnowledge.add(path: try directory.write("a.yaml", DefaultKnowledgeBaseTests.validEntry(id: "shared")), store: store)
        #expect(throws: KnowledgeError.self) {
            try TeamKnowledge.add(path: try directory.write("b.yaml", DefaultKnowledgeBaseTests.validEntry(id: "shared")), store: store)
        }
    }
}
