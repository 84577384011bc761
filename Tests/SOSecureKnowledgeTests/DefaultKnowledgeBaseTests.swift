import Foundation
import GRDB
import SOSecureCore
import Testing
@testable import SOSecureKnowledge

@Suite struct DefaultKnowledgeBaseTests {
    @Test func shippedSourcesFollowTheSchema() {
        let load = DefaultKnowledgeBase.load()
        #expect(!load.files.isEmpty)
        #expect(load.violations.isEmpty, "\(load.violations.map(\.description).joined(separator: "\n"))")
        #expect(!load.entries.isEmpty)
        // Issue 4: at least 200 entries, every supported language, at least 10 per language beyond Python.
        #expect(load.entries.count >= 200)
        for language in Language.allCases {
            let count = load.entries.filter { $0.language == language }.count
            #expect(count >= 10, "\(language.rawValue): only \(count) shipped entries")
        }
        #expect(load.entries.allSatisfy { !$0.warnings.isEmpty })
    }

    @Test func everyViolationIsNamedWithFileLineAndField() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("bad.yaml", """
            - id: Not_Kebab
              language: cobol
              cwe: [78, abc]
              tags: [Python]
              apis: []
              title: ""
              score: lots
              accepted: maybe
              question: q
              question_code: |
                x
              answer: a
              answer_code: |
                y
              comments:
                - score: 1
                  txt: typo
              colour: blue
            - id: fine-but-incomplete
              language: python
            """)
        let load = DefaultKnowledgeBase.load(files: [URL(fileURLWithPath: file)])
        let found = Set(load.violations.map { "\($0.line):\($0.field)" })
        for expected in ["1:id", "2:language", "3:cwe[1]", "4:tags[0]", "6:title", "7:score", "8:accepted",
                         "17:comments[0].txt", "16:comments[0].text", "18:colour", "19:cwe", "19:question"] {
            #expect(found.contains(expected), "missing \(expected) in \(found.sorted())")
        }
        #expect(load.violations.allSatisfy { $0.path == "DefaultKB/bad.yaml" })
        #expect(load.entries.isEmpty)
    }

    @Test func yamlSyntaxErrorsHaveAPosition() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("broken.yaml", "- id: a\n  title: [unclosed\n")
        let load = DefaultKnowledgeBase.load(files: [URL(fileURLWithPath: file)])
        let violation = try #require(load.violations.first)
        #expect(violation.field == "file")
        #expect(violation.line >= 2)
    }

    @Test func duplicateIDsAcrossFilesAreViolations() throws {
        let directory = try TemporaryDirectory()
        let entry = Self.validEntry(id: "same-id")
        let a = try directory.write("a.yaml", entry)
        let b = try directory.write("b.yaml", entry)
        let load = DefaultKnowledgeBase.load(files: [URL(fileURLWithPath: a), URL(fileURLWithPath: b)])
        #expect(load.entries.count == 1)
        #expect(load.violations.map(\.description) == ["DefaultKB/b.yaml:1:1: id: id 'same-id' is already used at DefaultKB/a.yaml:1; ids must be unique"])
    }

    @Test func cacheIsBuiltOnceAndRebuiltWhenSourcesChange() throws {
        let directory = try TemporaryDirectory()
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        let source = try directory.write("kb.yaml", Self.validEntry(id: "first-entry"))
        let files = [URL(fileURLWithPath: source)]
        #expect(try DefaultKnowledgeBase.synchronize(store, files: files).rebuilt)
        #expect(try DefaultKnowledgeBase.synchronize(store, files: files).rebuilt == false)
        try directory.write("kb.yaml", Self.validEntry(id: "second-entry"))
        let outcome = try DefaultKnowledgeBase.synchronize(store, files: files)
        #expect(outcome.rebuilt && outcome.entries == 1)
        let keys = try store.read { db in try String.fetchAll(db, sql: "SELECT key FROM entries WHERE origin = 'default'") }
        #expect(keys == ["second-entry"])
    }

    @Test func shippedEntriesAreSearchableWithKnowledgeBaseReferences() throws {
        let directory = try TemporaryDirectory()
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        let outcome = try DefaultKnowledgeBase.synchronize(store)
        #expect(outcome.entries == DefaultKnowledgeBase.load().entries.count)
        let entry = try #require(DefaultKnowledgeBase.load().entries.first)
        let result = try KnowledgeSearch(store: store).search(KnowledgeQuery(code: entry.questionCode, language: entry.language))
        let hit = try #require(result.results.first { $0.id == entry.key })
        #expect(hit.url == "sosecure:kb/\(entry.key)")
        #expect(hit.origin == "default")
        #expect(hit.cwe == entry.cwes)
    }

    @Test func databasePathFollowsOverridesAndEnvironment() {
        #expect(DefaultKnowledgeBase.databasePath(override: "/tmp/x.sqlite", environment: ["SOSECURE_KB": "/y"]) == "/tmp/x.sqlite")
        #expect(DefaultKnowledgeBase.databasePath(environment: ["SOSECURE_KB": "/y/kb.sqlite", "HOME": "/home/u"]) == "/y/kb.sqlite")
        #expect(DefaultKnowledgeBase.databasePath(environment: ["HOME": "/home/u"]) == "/home/u/.cache/sosecure/kb.sqlite")
        #expect(DefaultKnowledgeBase.databasePath(environment: ["HOME": "/home/u", "XDG_CACHE_HOME": "/c"]) == "/c/sosecure/kb.sqlite")
    }

    static func validEntry(id: String) -> String {
        """
        - id: \(id)
          language: python
          cwe: [502]
          tags: [python, pickle]
          apis: [pickle.loads]
          title: Load a cached object sent by the client
          score: 12
          accepted: true
          question: |
            I receive a pickled object from the browser and load it.
          question_code: |
            import pickle
            obj = pickle.loads(request.data)
          answer: |
            Use JSON for data that crosses a trust boundary.
          answer_code: |
            import json
            obj = json.loads(request.data)
          comments:
            - score: 4
              text: Unpickling untrusted data lets an attacker run code.
            - score: 1
              text: JSON cannot execute anything.

        """
    }
}
