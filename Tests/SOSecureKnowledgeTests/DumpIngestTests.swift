import Foundation
import GRDB
import SOSecureCore
import Testing
@testable import SOSecureKnowledge

@Suite struct DumpIngestTests {
    private func ingest(_ directory: TemporaryDirectory, configure: (inout IngestOptions) -> Void = { _ in }) throws -> (KnowledgeStore, IngestReport) {
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        var options = IngestOptions(postsPath: Fixtures.posts, commentsPath: Fixtures.comments)
        configure(&options)
        return (store, try DumpIngester(store: store, options: options).run())
    }

    private func entryKeys(_ store: KnowledgeStore) throws -> [String] {
        try store.read { db in try String.fetchAll(db, sql: "SELECT key FROM entries ORDER BY CAST(key AS INTEGER)") }
    }

    @Test func fixtureIngestKeepsSecurityAnswersWithCode() throws {
        let directory = try TemporaryDirectory()
        let (store, report) = try ingest(directory)
        #expect(try entryKeys(store) == ["2", "5", "8", "9", "11"])
        #expect(report.postRowsRead == 14)
        #expect(report.commentRowsRead == 7)
        #expect(report.entriesKept == 5)
        #expect(report.questionsStored == 4)
        #expect(report.answersStored == 7)
        #expect(report.commentsStored == 5)
        #expect(report.droppedCount(.malformed) == 1)
        #expect(report.droppedCount(.noCode) == 1)
        #expect(report.droppedCount(.otherPostType) == 1)
        #expect(report.droppedCount(.noSecurityVocabulary) == 1)
        #expect(report.droppedCount(.questionMissing) == 1)
        #expect(report.droppedCount(.commentNotOnKeptAnswer) == 2)
        #expect(report.warnings.contains { $0.contains("Posts.xml:16:") && $0.contains("PostTypeId") })
    }

    @Test func entriesCarryQuestionCommentsLanguageAndMaskedProse() throws {
        let directory = try TemporaryDirectory()
        let (store, _) = try ingest(directory)
        let entry = try #require(try store.read { db in try EntryIndex.fetch(key: "2", db) })
        #expect(entry.title == "Run a shell command on a file name the user uploaded")
        #expect(entry.tags == ["python", "subprocess"])
        #expect(entry.language == .python)
        #expect(entry.accepted)
        #expect(entry.origin == "dump:Posts.xml")
        #expect(entry.url == "https://stackoverflow.com/a/2")
        #expect(entry.cwes.contains(78))
        #expect(entry.code == "import subprocess\nsubprocess.run([\"convert\", filename, \"out.png\"], check=True)")
        #expect(entry.questionCode.contains("shell=True"))
        #expect(entry.answer.contains("[url]") && entry.answer.contains("[email]"))
        #expect(!entry.answer.contains("example.com"))
        #expect(entry.warnings.count == 1)

        let sql = try #require(try store.read { db in try EntryIndex.fetch(key: "5", db) })
        #expect(sql.tags == ["python", "sqlite3"])
        #expect(sql.comments.map(\.warning) == [true, false])

        let js = try #require(try store.read { db in try EntryIndex.fetch(key: "8", db) })
        #expect(js.language == .javascript)
        #expect(js.title == "Show a visitor's comment & keep line breaks")
        #expect(js.code.contains("if (a < b && c)"))
        #expect(js.answer.contains("inject `<script>` — that is XSS"))
        #expect(js.warnings.first?.contains("[email]") == true)

        let java = try #require(try store.read { db in try EntryIndex.fetch(key: "11", db) })
        #expect(java.language == .java)
        #expect(java.title == "JDBC query by account owner")
    }

    @Test func searchFindsTheExpectedAnswers() throws {
        let directory = try TemporaryDirectory()
        let (store, _) = try ingest(directory)
        let search = KnowledgeSearch(store: store)
        let shell = try search.search(KnowledgeQuery(code: "import subprocess\nsubprocess.call('convert ' + name, shell=True)", language: .python))
        #expect(shell.results.first?.id == "2")
        #expect(shell.results.first?.url == "https://stackoverflow.com/a/2")
        #expect(shell.queryTerms.contains("subprocesscall"))
        let sql = try search.search(KnowledgeQuery(code: "cur.execute(\"SELECT * FROM users WHERE name = '\" + name + \"'\")", language: .python))
        #expect(sql.results.first?.id == "5")
        let js = try search.search(KnowledgeQuery(code: "el.innerHTML = userComment;", language: .javascript))
        #expect(Set(js.results.prefix(2).map(\.id)) == ["8", "9"])
        let java = try search.search(KnowledgeQuery(code: "Statement s = conn.createStatement(); s.executeQuery(sql + owner);", language: .java))
        #expect(java.results.map(\.id) == ["11"])
        #expect(java.results.first?.warnings.isEmpty == true)
    }

    @Test func minScoreAndTagFilters() throws {
        let directory = try TemporaryDirectory()
        let (store, report) = try ingest(directory) { options in
            options.minScore = 0
            options.tags = ["python"]
        }
        #expect(try entryKeys(store) == ["2", "5"])
        #expect(report.droppedCount(.belowMinScore) == 1)
        #expect(report.droppedCount(.tagFilter) == 2)
    }

    @Test func interruptedIngestResumesToTheSameDatabase() throws {
        let reference = try TemporaryDirectory()
        let (referenceStore, referenceReport) = try ingest(reference) { $0.batchSize = 3 }

        let interrupted = try TemporaryDirectory()
        let store = try KnowledgeStore(path: interrupted.path("kb.sqlite"))
        var options = IngestOptions(postsPath: Fixtures.posts, commentsPath: Fixtures.comments)
        options.batchSize = 3
        var stops = 0
        // Stop after every 2 committed batches, across all three phases, until the run completes.
        while true {
            options.stopAfterBatches = 2
            do {
                _ = try DumpIngester(store: store, options: options).run()
                break
            } catch KnowledgeError.interrupted {
                stops += 1
                options.resume = true
            }
        }
        #expect(stops >= 3)
        let resumed = try tableDump(store)
        let uninterrupted = try tableDump(referenceStore)
        #expect(resumed.count == uninterrupted.count)
        for (left, right) in zip(resumed, uninterrupted) where left != right {
            Issue.record("first difference:\n\(left)\n\(right)")
            break
        }
        let checkpoint = try store.read { db in try String.fetchOne(db, sql: "SELECT state FROM ingest_checkpoint") }
        let state = try JSONDecoder().decode(DumpIngester.Checkpoint.self, from: Data((checkpoint ?? "").utf8))
        var resumedReport = state.report
        resumedReport.seconds = referenceReport.seconds
        #expect(resumedReport == referenceReport)
    }

    @Test func resumeRefusesOtherOptionsAndMissingCheckpoints() throws {
        let directory = try TemporaryDirectory()
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        var options = IngestOptions(postsPath: Fixtures.posts, commentsPath: Fixtures.comments)
        options.resume = true
        #expect(throws: KnowledgeError.self) { try DumpIngester(store: store, options: options).run() }
        options.resume = false
        options.stopAfterBatches = 1
        options.batchSize = 2
        #expect(throws: KnowledgeError.interrupted(batches: 1)) { try DumpIngester(store: store, options: options).run() }
        options.resume = true
        options.minScore = 10
        do {
            try DumpIngester(store: store, options: options).run()
            Issue.record("resume with different options must fail")
        } catch let KnowledgeError.cannotResume(message) {
            #expect(message.contains("other files or options"))
        }
    }

    @Test func rebuildReplacesOnlyThisDumpsEntries() throws {
        let directory = try TemporaryDirectory()
        let (store, _) = try ingest(directory)
        try DefaultKnowledgeBase.synchronize(store)
        let shipped = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entries WHERE origin = 'default'") ?? 0 }
        let (_, report) = try ingest(directory)
        #expect(report.entriesKept == 5)
        let counts = try store.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entries WHERE origin = 'dump:Posts.xml'") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entries WHERE origin = 'default'") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entries_fts") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entries") ?? 0)
        }
        #expect(counts.0 == 5)
        #expect(counts.1 == shipped)
        #expect(counts.2 == counts.3)
    }

    @Test func malformedDumpKeepsCommittedBatchesAndNamesThePosition() throws {
        let directory = try TemporaryDirectory()
        var xml = "<posts>\n"
        for id in 1...10 {
            xml += "<row Id=\"\(id * 2 - 1)\" PostTypeId=\"1\" Title=\"q\(id)\" Tags=\"|python|\" Body=\"&lt;p&gt;q&lt;/p&gt;\" />\n"
            xml += "<row Id=\"\(id * 2)\" PostTypeId=\"2\" ParentId=\"\(id * 2 - 1)\" Score=\"1\" Body=\"&lt;p&gt;insecure&lt;/p&gt;&lt;pre&gt;&lt;code&gt;eval(x\(id))&lt;/code&gt;&lt;/pre&gt;\" />\n"
        }
        xml += "<row Id=\"21\" PostTypeId=\"2\" Body=\"broken\n<row Id=\"22\" />\n</posts>\n"
        let posts = try directory.write("Posts.xml", xml)
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        var options = IngestOptions(postsPath: posts)
        options.batchSize = 4
        do {
            try DumpIngester(store: store, options: options).run()
            Issue.record("expected a malformed XML error")
        } catch let KnowledgeError.malformedXML(path, line, column, _) {
            #expect(path.hasSuffix("Posts.xml"))
            #expect(line == 23)
            #expect(column == 1)
        }
        let stored = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM posts") ?? 0 }
        #expect(stored == 20)
    }
}
