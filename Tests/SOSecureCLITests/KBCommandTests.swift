import Foundation
import Testing

/// `sosecure kb …` as a user runs it: real binary, real SQLite files in a temporary directory.
@Suite struct KBCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SOSecureKnowledgeTests/Fixtures/dump")

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sosecure-kb-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func ingest(into db: String) throws -> CLI.Output {
        try CLI.run(["kb", "ingest", "--posts", Self.fixtures.appendingPathComponent("Posts.xml").path,
                     "--comments", Self.fixtures.appendingPathComponent("Comments.xml").path, "--db", db])
    }

    @Test func ingestThenSearchAsJSON() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("kb.sqlite").path
        let ingested = try ingest(into: db)
        #expect(ingested.status == 0, "\(ingested.stderr)")
        #expect(ingested.stdout.contains("entries kept: 5"))
        #expect(ingested.stdout.contains("no security vocabulary: 1"))
        #expect(ingested.stderr.contains("Posts.xml:16:"))

        let search = try CLI.run(["kb", "search", "--db", db, "--format", "json", "--language", "python",
                                  "import subprocess\nsubprocess.call('convert ' + upload_name, shell=True)"])
        #expect(search.status == 0, "\(search.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["query_terms", "results"])
        let terms = try #require(json["query_terms"] as? [String])
        #expect(terms.contains("subprocesscall") && terms.contains("shell") && terms.contains("true"))
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.count == 5)
        for result in results {
            #expect(Set(result.keys) == ["id", "url", "title", "tags", "cwe", "language", "score", "origin", "code", "warnings"])
            #expect(result["cwe"] is [Int])
            #expect(result["warnings"] is [String])
        }
        let fromDump = results.first { $0["origin"] as? String == "dump:Posts.xml" }
        #expect(fromDump?["id"] as? String == "2")
        #expect(fromDump?["url"] as? String == "https://stackoverflow.com/a/2")
        #expect(results.contains { ($0["url"] as? String)?.hasPrefix("sosecure:kb/") == true })
    }

    @Test func searchReadsStandardInputAndFilesWithoutNetwork() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("kb.sqlite").path
        let fromStdin = try CLI.run(["kb", "search", "--db", db, "--language", "python", "--k", "3", "-"],
                                    stdin: "import yaml\nconfig = yaml.load(open(path), Loader=yaml.Loader)\n")
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        #expect(fromStdin.stdout.hasPrefix("1. "))
        #expect(fromStdin.stdout.contains("sosecure:kb/"))
        #expect(fromStdin.stdout.contains("CWE-502"))

        let file = directory.appendingPathComponent("query.go")
        try Data("query := fmt.Sprintf(\"SELECT * FROM users WHERE id = '%s'\", id)\nrows, _ := db.Query(query)\n".utf8).write(to: file)
        let fromFile = try CLI.run(["kb", "search", "--db", db, "--format", "json", "--file", file.path])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(fromFile.stdout.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(!results.isEmpty)
        #expect(results.allSatisfy { $0["language"] as? String == "go" })
    }

    @Test func statsReportOriginsAndSize() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("kb.sqlite").path
        _ = try ingest(into: db)
        let stats = try CLI.run(["kb", "stats", "--db", db, "--format", "json"])
        #expect(stats.status == 0, "\(stats.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let origins = try #require(json["by_origin"] as? [[String: Any]])
        #expect(origins.contains { $0["name"] as? String == "dump:Posts.xml" && $0["count"] as? Int == 5 })
        #expect(origins.contains { $0["name"] as? String == "default" && ($0["count"] as? Int ?? 0) > 100 })
        #expect((json["index_bytes"] as? Int ?? 0) > 0)
        let text = try CLI.run(["kb", "stats", "--db", db])
        #expect(text.stdout.contains("by language:"))
    }

    @Test func malformedDumpExitsNonZeroWithPosition() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let posts = directory.appendingPathComponent("Posts.xml")
        try Data("<posts>\n  <row Id=\"1\" PostTypeId=\"1\" Title=\"a\" Body=\"b\" />\n  <row Id=\"2\" Body=\"x &bogus; y\" />\n</posts>\n".utf8).write(to: posts)
        let result = try CLI.run(["kb", "ingest", "--posts", posts.path, "--db", directory.appendingPathComponent("kb.sqlite").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Posts.xml:3:23: malformed XML: unknown entity '&bogus;'"))
    }

    @Test func addValidatesTeamFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("kb.sqlite").path
        let good = directory.appendingPathComponent("eval.md")
        try Data("""
            ---
            id: team-eval-config
            language: python
            cwe: [95]
            tags: [python]
            apis: [eval]
            title: Parsing a config value with eval
            score: 2
            accepted: false
            ---
            ## Question
            We read numbers from a config file with eval.
            ```python
            limit = eval(config["limit"])
            ```
            ## Answer
            Use int() or ast.literal_eval.
            ```python
            limit = int(config["limit"])
            ```
            ## Comments
            - [3] eval on a file an attacker can edit is code injection.
            """.utf8).write(to: good)
        let added = try CLI.run(["kb", "add", "--db", db, good.path])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("1 entry added"))

        let bad = directory.appendingPathComponent("bad.yaml")
        try Data("- id: x\n  language: python\n".utf8).write(to: bad)
        let rejected = try CLI.run(["kb", "add", "--db", db, bad.path])
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("bad.yaml:1:3: cwe: missing required field"))
    }

    @Test func corruptDatabaseIsAClearError() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("kb.sqlite")
        try Data(repeating: 0x42, count: 4096).write(to: db)
        let result = try CLI.run(["kb", "stats", "--db", db.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a usable SOSecure knowledge base"))
    }

    @Test func usageErrorsAreCaughtBeforeRunning() throws {
        let result = try CLI.run(["kb", "search"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--file"))
    }
}
