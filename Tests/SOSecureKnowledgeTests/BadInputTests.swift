import Foundation
import GRDB
import Testing
@testable import SOSecureKnowledge
#if canImport(Glibc)
import Glibc
#endif

@Suite struct BadInputTests {
    private func dump(answers: ClosedRange<Int>, extra: String = "") -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n"
        for id in answers {
            xml += "  <row Id=\"\(id * 2 - 1)\" PostTypeId=\"1\" Title=\"question \(id)\" Tags=\"&lt;python&gt;\" Body=\"&lt;p&gt;How?&lt;/p&gt;\" />\n"
            xml += "  <row Id=\"\(id * 2)\" PostTypeId=\"2\" ParentId=\"\(id * 2 - 1)\" Score=\"3\" Body=\"&lt;p&gt;This is unsafe.&lt;/p&gt;&lt;pre&gt;&lt;code&gt;pickle.loads(data_\(id))&lt;/code&gt;&lt;/pre&gt;\" />\n"
        }
        return xml + extra + "</posts>\n"
    }

    @Test func truncatedDumpFailsThenResumesAfterTheFileIsComplete() throws {
        let directory = try TemporaryDirectory()
        let complete = dump(answers: 1...12)
        let cut = complete.index(complete.startIndex, offsetBy: complete.count * 2 / 3)
        let posts = try directory.write("Posts.xml", String(complete[..<cut]))
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        var options = IngestOptions(postsPath: posts)
        options.batchSize = 5
        do {
            try DumpIngester(store: store, options: options).run()
            Issue.record("a truncated file must fail")
        } catch let KnowledgeError.malformedXML(_, _, _, message) {
            #expect(message.contains("end of file"))
        }
        let committed = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM posts") ?? 0 }
        #expect(committed > 0 && committed % 5 == 0)

        try directory.write("Posts.xml", complete)
        options.resume = true
        let report = try DumpIngester(store: store, options: options).run()
        #expect(report.entriesKept == 12)
        #expect(report.postRowsRead == 24)
    }

    @Test func rowsWithMissingAttributesAreCountedAndNamed() throws {
        let directory = try TemporaryDirectory()
        let extra = """
              <row Id="900" PostTypeId="2" Score="1" Body="&lt;pre&gt;&lt;code&gt;x&lt;/code&gt;&lt;/pre&gt;" />
              <row PostTypeId="1" Title="no id" />
              <row Id="abc" PostTypeId="1" />

            """
        let posts = try directory.write("Posts.xml", dump(answers: 1...2, extra: extra))
        let comments = try directory.write("Comments.xml", """
            <comments>
              <row Id="1" PostId="2" Score="1" Text="pickle on untrusted data is remote code execution" />
              <row Id="2" Score="1" Text="no post id" />
            </comments>
            """)
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        let report = try DumpIngester(store: store, options: IngestOptions(postsPath: posts, commentsPath: comments)).run()
        #expect(report.droppedCount(.malformed) == 4)
        #expect(report.entriesKept == 2)
        #expect(report.warnings.contains { $0.contains("Posts.xml:7:") && $0.contains("ParentId") })
        #expect(report.warnings.contains { $0.contains("Comments.xml:3:") })
    }

    @Test func fiftyMegabyteBodyIsDroppedWithAMessage() throws {
        let directory = try TemporaryDirectory()
        let huge = String(repeating: "x = 1&#xA;", count: 5_000_000)
        let extra = "  <row Id=\"100\" PostTypeId=\"2\" ParentId=\"1\" Score=\"1\" Body=\"&lt;p&gt;insecure&lt;/p&gt;&lt;pre&gt;&lt;code&gt;\(huge)&lt;/code&gt;&lt;/pre&gt;\" />\n"
        let posts = try directory.write("Posts.xml", dump(answers: 1...3, extra: extra))
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        let report = try DumpIngester(store: store, options: IngestOptions(postsPath: posts)).run()
        #expect(report.droppedCount(.oversized) == 1)
        #expect(report.entriesKept == 3)
        #expect(report.warnings.contains { $0.contains("answer 100") && $0.contains("limit") })
    }

    @Test func invalidUTF8InADumpIsRepaired() throws {
        let directory = try TemporaryDirectory()
        var bytes = Array(dump(answers: 1...1).utf8)
        let marker = Array("This is unsafe.".utf8)
        if let range = bytes.firstRange(of: marker) { bytes.replaceSubrange(range.lowerBound..<range.lowerBound + 4, with: [0xFF, 0xFE, 0xC3, 0x28]) }
        let posts = directory.path("Posts.xml")
        try Data(bytes).write(to: URL(fileURLWithPath: posts))
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        let report = try DumpIngester(store: store, options: IngestOptions(postsPath: posts)).run()
        #expect(report.entriesKept == 1)
        let answer = try store.read { db in try String.fetchOne(db, sql: "SELECT answer FROM entries") }
        #expect(answer?.contains("\u{FFFD}") == true)
    }

    @Test func corruptDatabaseIsReportedAndLeftUntouched() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("kb.sqlite")
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        do {
            _ = try KnowledgeStore(path: path)
            Issue.record("a corrupt file must not open")
        } catch let KnowledgeError.database(errorPath, reason) {
            #expect(errorPath == path)
            #expect(reason.contains("not a usable SOSecure knowledge base"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func lockedDatabaseFailsCleanlyAndKeepsCommittedData() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("kb.sqlite")
        let store = try KnowledgeStore(path: path, busyTimeout: 0.2)
        let posts = try directory.write("Posts.xml", dump(answers: 1...3))
        try DumpIngester(store: store, options: IngestOptions(postsPath: posts)).run()
        let before = try tableDump(store)

        var configuration = Configuration()
        configuration.journalMode = .wal
        let other = try DatabaseQueue(path: path, configuration: configuration)
        try other.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            do {
                try DumpIngester(store: store, options: IngestOptions(postsPath: posts)).run()
                Issue.record("a locked database must fail")
            } catch let KnowledgeError.database(_, reason) {
                #expect(reason.contains("locked by another process"))
            }
            try db.execute(sql: "ROLLBACK")
        }
        #expect(try tableDump(store) == before)
    }

    @Test func readOnlyErrorsAreExplained() {
        let error = KnowledgeStore.describe(DatabaseError(resultCode: .SQLITE_READONLY, message: "attempt to write a readonly database"), path: "/x/kb.sqlite")
        #expect(error.description.contains("/x/kb.sqlite: the knowledge base is read-only"))
    }

    @Test(.enabled(if: geteuid() != 0, "root ignores file permissions"))
    func readOnlyDatabaseFileFailsCleanly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("kb.sqlite")
        let posts = try directory.write("Posts.xml", dump(answers: 1...2))
        do {
            let store = try KnowledgeStore(path: path)
            try DumpIngester(store: store, options: IngestOptions(postsPath: posts)).run()
        }
        chmod(path, 0o444)
        chmod(directory.url.path, 0o555)
        defer { chmod(directory.url.path, 0o755); chmod(path, 0o644) }
        do {
            let store = try KnowledgeStore(path: path)
            try DumpIngester(store: store, options: IngestOptions(postsPath: posts)).run()
            Issue.record("a read-only database must fail")
        } catch let KnowledgeError.database(_, reason) {
            #expect(reason.contains("read-only") || reason.contains("cannot open"))
        }
    }
}
