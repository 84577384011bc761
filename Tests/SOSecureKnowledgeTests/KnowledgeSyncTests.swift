import Foundation
import GRDB
import Testing
@testable import SOSecureKnowledge

/// Records backoff waits instead of sleeping.
final class WaitRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double] = []
    var waits: [Double] { lock.lock(); defer { lock.unlock() }; return values }
    func record(_ seconds: Double) { lock.lock(); values.append(seconds); lock.unlock() }
}

@Suite struct KnowledgeSyncTests {
    /// Serves the Stack Exchange API 2.3 JSON shape: two pages of answers, comments, questions.
    static func api(_ request: LoopbackHTTPServer.Request) -> (status: Int, body: String) {
        guard request.query["site"] == "stackoverflow" else { return (400, #"{"error_id":400,"error_name":"bad_parameter","error_message":"site is required"}"#) }
        switch request.path {
        case "/2.3/answers" where request.query["fromdate"] == "1700000000":
            if request.query["page"] == "1" {
                return (200, """
                    {"items":[
                      {"answer_id":501,"question_id":601,"score":12,"is_accepted":true,"creation_date":1700000100,
                       "body":"<p>Building the query with f-strings is <strong>vulnerable</strong> to SQL injection.</p>\\n<pre><code>cur.execute(&quot;SELECT * FROM t WHERE id = %s&quot;, (item_id,))\\n</code></pre>"},
                      {"answer_id":502,"question_id":601,"score":1,"is_accepted":false,"creation_date":1700000200,
                       "body":"<p>Just escape it, that is insecure otherwise.</p>"}
                    ],"has_more":true,"backoff":2,"quota_max":300,"quota_remaining":298}
                    """)
            }
            return (200, """
                {"items":[
                  {"answer_id":503,"question_id":602,"score":4,"is_accepted":false,"creation_date":1700000300,
                   "body":"<p>Use a list:</p><pre><code>subprocess.run([&quot;ls&quot;, path])</code></pre>"},
                  {"answer_id":504,"question_id":603,"score":4,"is_accepted":false,"creation_date":1700000400,
                   "body":"<p>Unsafe deserialization:</p><pre><code>new ObjectInputStream(in).readObject();</code></pre>"}
                ],"has_more":false,"quota_max":300,"quota_remaining":297}
                """)
        case "/2.3/answers" where request.query["fromdate"] == "1700000401":
            return (200, #"{"items":[],"has_more":false,"quota_max":300,"quota_remaining":296}"#)
        case "/2.3/answers/501;503;504/comments":
            return (200, """
                {"items":[
                  {"comment_id":9001,"post_id":503,"score":5,"creation_date":1700000500,"body":"With shell=True an attacker could inject &quot;; rm -rf /&quot; here."},
                  {"comment_id":9002,"post_id":501,"score":0,"creation_date":1700000600,"body":"Thanks"}
                ],"has_more":false,"quota_max":300,"quota_remaining":296}
                """)
        case "/2.3/questions/601;602;603":
            return (200, """
                {"items":[
                  {"question_id":601,"title":"Fetch a row by id with psycopg2 &amp; Flask","tags":["python","postgresql"],"accepted_answer_id":501,"score":3,"body":"<p>How?</p><pre><code>cur.execute(f&quot;SELECT * FROM t WHERE id = {item_id}&quot;)</code></pre>"},
                  {"question_id":602,"title":"List a directory the user picks","tags":["python","subprocess"],"score":2,"body":"<pre><code>os.system(&quot;ls &quot; + path)</code></pre>"},
                  {"question_id":603,"title":"Read an object from a socket","tags":["java"],"score":1,"body":"<p>?</p>"}
                ],"has_more":false,"quota_max":300,"quota_remaining":295}
                """)
        default:
            return (404, #"{"error_id":404,"error_name":"no_method","error_message":"no such method"}"#)
        }
    }

    private func options(_ server: LoopbackHTTPServer, recorder: WaitRecorder) -> KnowledgeSync.Options {
        var options = KnowledgeSync.Options()
        options.apiBase = server.baseURL
        options.since = Date(timeIntervalSince1970: 1_700_000_000)
        options.tag = "python"
        options.sleep = { recorder.record($0) }
        return options
    }

    @Test func syncPagesHonoursBackoffAndIndexesIncrementally() async throws {
        let server = try LoopbackHTTPServer(handler: Self.api)
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        let recorder = WaitRecorder()
        let report = try await KnowledgeSync(store: store, options: options(server, recorder: recorder)).run()
        #expect(report.answersFetched == 4)
        #expect(report.entriesKept == 2)
        #expect(report.dropped["no code"] == 1)
        #expect(report.dropped["tag filter"] == 1)
        #expect(report.requests == 4)
        #expect(report.quotaRemaining == 295)
        #expect(report.backoffWaits == [2])
        #expect(recorder.waits == [2])
        #expect(server.requests.first?.query["filter"] == "withbody")
        #expect(server.requests.first?.query["pagesize"] == "100")

        let sql = try #require(try store.read { db in try EntryIndex.fetch(key: "501", db) })
        #expect(sql.origin == "api:stackoverflow")
        #expect(sql.url == "https://stackoverflow.com/a/501")
        #expect(sql.title == "Fetch a row by id with psycopg2 & Flask")
        #expect(sql.cwes.contains(89))
        #expect(sql.accepted)
        #expect(sql.questionCode.contains("f\"SELECT"))
        let shell = try #require(try store.read { db in try EntryIndex.fetch(key: "503", db) })
        #expect(shell.warnings == ["With shell=True an attacker could inject \"; rm -rf /\" here."])

        let found = try KnowledgeSearch(store: store).search(KnowledgeQuery(code: "cur.execute(f\"SELECT * FROM t WHERE id = {x}\")", language: .python))
        #expect(found.results.first?.id == "501")

        // The next sync continues after the newest answer without --since.
        var next = options(server, recorder: recorder)
        next.since = nil
        let second = try await KnowledgeSync(store: store, options: next).run()
        #expect(second.since == 1_700_000_401)
        #expect(second.answersFetched == 0)
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entries") } == 2)
    }

    @Test func apiErrorsAreReported() async throws {
        let server = try LoopbackHTTPServer { _ in (400, #"{"error_id":502,"error_name":"throttle_violation","error_message":"too many requests from this IP"}"#) }
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        do {
            _ = try await KnowledgeSync(store: store, options: options(server, recorder: WaitRecorder())).run()
            Issue.record("expected an API error")
        } catch let KnowledgeError.api(message) {
            #expect(message.contains("throttle_violation"))
            #expect(message.contains("too many requests"))
        }
    }

    @Test func unreachableServerIsAClearError() async throws {
        let server = try LoopbackHTTPServer { _ in (200, "{}") }
        let base = server.baseURL
        server.stop()
        let directory = try TemporaryDirectory()
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        var options = KnowledgeSync.Options()
        options.apiBase = base
        options.since = Date(timeIntervalSince1970: 0)
        do {
            _ = try await KnowledgeSync(store: store, options: options).run()
            Issue.record("expected a connection error")
        } catch let KnowledgeError.api(message) {
            #expect(message.contains("cannot reach 127.0.0.1"))
        }
    }

    @Test func syncWithoutSinceNeedsAPreviousSync() async throws {
        let directory = try TemporaryDirectory()
        let store = try KnowledgeStore(path: directory.path("kb.sqlite"))
        await #expect(throws: KnowledgeError.self) { try await KnowledgeSync(store: store, options: KnowledgeSync.Options()).run() }
    }

    @Test func datesParse() throws {
        #expect(try KnowledgeSync.parseDate("2024-05-01").timeIntervalSince1970 == 1_714_521_600)
        #expect(try KnowledgeSync.parseDate("1700000000").timeIntervalSince1970 == 1_700_000_000)
        #expect(throws: KnowledgeError.self) { try KnowledgeSync.parseDate("yesterday") }
    }
}
