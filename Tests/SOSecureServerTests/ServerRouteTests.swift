import Foundation
import SOSecureRules
import Testing
@testable import SOSecureServer

@Suite("sosecure serve: routes over real HTTP")
struct ServerRouteTests {
    @Test("GET /healthz answers ok with the rule count")
    func health() async throws {
        let server = try await TestServer.start()
        let reply = try await server.get("/healthz")
        try await server.stop()
        #expect(reply.status == 200)
        #expect(reply.headers.first(name: "content-type")?.hasPrefix("application/json") == true)
        let body = try reply.object()
        #expect(body["status"] as? String == "ok")
        #expect(body["rules"] as? Int == SharedPipeline.pipeline.runner.rulesRun)
        #expect(body["knowledge_base"] as? Bool == true)
    }

    @Test("POST /v1/scan returns the scan JSON with the finding, its line and snippet")
    func scanOne() async throws {
        let server = try await TestServer.start()
        let reply = try await server.post("/v1/scan", json: jsonBody(["code": Snippets.unsafeYAML, "language": "python", "path": "app/load.py"]))
        try await server.stop()
        #expect(reply.status == 200)
        let body = try reply.object()
        #expect(body["version"] as? Int == 1)
        #expect((body["tool"] as? [String: Any])?["name"] as? String == "sosecure")
        let findings = try #require(body["findings"] as? [[String: Any]])
        let finding = try #require(findings.first { $0["rule"] as? String == "yaml-unsafe-load" })
        #expect(finding["path"] as? String == "app/load.py")
        #expect(finding["line"] as? Int == 5)
        #expect((finding["snippet"] as? String)?.contains("yaml.unsafe_load(fh)") == true)
        let stats = try #require(body["stats"] as? [String: Any])
        #expect(stats["files"] as? Int == 1)
        // As in `scan`, the empty line after the final newline counts.
        #expect(stats["lines"] as? Int == 6)
        #expect(stats["findings"] as? Int == findings.count)
    }

    @Test("the scan JSON is byte-for-byte what the reporter renders for a direct scan, apart from the timing")
    func scanMatchesReporter() async throws {
        let server = try await TestServer.start()
        let reply = try await server.post("/v1/scan", json: jsonBody(["code": Snippets.shell, "path": "run.py"]))
        try await server.stop()
        let direct = SharedPipeline.pipeline.scan([.init(path: "run.py", code: Snippets.shell, language: .python, named: false)])
        let timing = /"duration_seconds": [0-9.e-]+/
        #expect(reply.text.replacing(timing, with: "") == String(decoding: direct.body, as: UTF8.self).replacing(timing, with: ""))
        #expect(reply.text.contains("\"rule\": \"shell-call-with-non-literal-command\""))
    }

    @Test("POST /v1/scan with files scans each, keeps their paths, and reports syntax errors beside findings")
    func scanBatch() async throws {
        let server = try await TestServer.start()
        let files: [[String: Any]] = [
            ["code": Snippets.unsafeYAML, "path": "a.py"],
            ["code": Snippets.clean, "path": "b.py"],
            ["code": "def broken(:\n    pass\n", "path": "c.py"],
        ]
        let reply = try await server.post("/v1/scan", json: jsonBody(["files": files]))
        try await server.stop()
        #expect(reply.status == 200)
        let body = try reply.object()
        let findings = try #require(body["findings"] as? [[String: Any]])
        #expect(Set(findings.compactMap { $0["path"] as? String }) == ["a.py"])
        let errors = try #require(body["errors"] as? [[String: Any]])
        #expect(errors.contains { $0["path"] as? String == "c.py" && $0["kind"] as? String == "syntax" })
        #expect((body["stats"] as? [String: Any])?["files"] as? Int == 3)
    }

    @Test("POST /v1/scan reads a named language with its rules, and each file of a batch as its path says")
    func scanOtherLanguages() async throws {
        let server = try await TestServer.start()
        let named = try await server.post("/v1/scan", json: jsonBody(["code": Snippets.javascriptEval, "language": "javascript"]))
        let files: [[String: Any]] = [
            ["code": Snippets.javascriptEval, "path": "calc.js"],
            ["code": Snippets.goWeakHash, "path": "sum.go"],
            ["code": Snippets.unsafeYAML, "path": "load.py"],
            ["code": "function f() {\n  return \"open;\n}\n", "path": "broken.ts"],
        ]
        let batch = try await server.post("/v1/scan", json: jsonBody(["files": files]))
        try await server.stop()

        #expect(named.status == 200, "\(named.text.prefix(400))")
        let found = try #require(try named.object()["findings"] as? [[String: Any]])
        #expect(found.compactMap { $0["rule"] as? String } == ["js-eval-of-dynamic-code"], "\(found)")
        #expect(found.first?["path"] as? String == "<request>")
        #expect(found.first?["line"] as? Int == 5)

        #expect(batch.status == 200, "\(batch.text.prefix(400))")
        let body = try batch.object()
        let rules = try #require(body["findings"] as? [[String: Any]]).map { "\($0["path"] ?? "")|\($0["rule"] ?? "")" }
        // The report lists findings by path, as `scan` does.
        #expect(rules == ["calc.js|js-eval-of-dynamic-code", "load.py|yaml-unsafe-load", "sum.go|go-weak-hash"], "\(rules)")
        let errors = try #require(body["errors"] as? [[String: Any]])
        #expect(errors.contains { $0["path"] as? String == "broken.ts" && $0["kind"] as? String == "syntax" }, "\(errors)")
        #expect((body["stats"] as? [String: Any])?["files"] as? Int == 4)
    }

    @Test("POST /v1/fix judges JavaScript: without a model the finding stays, reported with the JavaScript rule")
    func fixJavaScriptWithoutModel() async throws {
        let server = try await TestServer.start()
        let reply = try await server.post("/v1/fix", json: jsonBody(["code": Snippets.javascriptEval, "language": "js"]))
        try await server.stop()
        #expect(reply.status == 200, "\(reply.text.prefix(400))")
        let result = try #require(try reply.array().first)
        #expect(result["status"] as? String == "unchanged")
        #expect((result["findings_before"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } == ["js-eval-of-dynamic-code"])
        #expect(result["revised_code"] as? String == Snippets.javascriptEval)
    }

    @Test("POST /v1/fix applies the rule's verified fix and returns the fix JSON")
    func fix() async throws {
        let server = try await TestServer.start()
        let reply = try await server.post("/v1/fix", json: jsonBody(["code": "import yaml\n\nconfig = yaml.load(open('c.yml'))\n", "path": "conf.py"]))
        try await server.stop()
        #expect(reply.status == 200)
        let results = try reply.array()
        #expect(results.count == 1)
        let result = try #require(results.first)
        #expect(result["path"] as? String == "conf.py")
        #expect(result["status"] as? String == "fixed")
        #expect((result["revised_code"] as? String)?.contains("yaml.load(") == false)
        #expect((result["findings_before"] as? [[String: Any]])?.isEmpty == false)
        #expect((result["findings_after"] as? [[String: Any]])?.isEmpty == true)
        #expect((result["diff"] as? String)?.contains("+") == true)
    }

    @Test("POST /v1/kb/search returns discussions for code and for text")
    func knowledgeSearch() async throws {
        let server = try await TestServer.start()
        let byCode = try await server.post("/v1/kb/search", json: jsonBody(["code": Snippets.unsafeYAML, "language": "python", "k": 3]))
        let byText = try await server.post("/v1/kb/search", json: jsonBody(["text": "pickle loads untrusted data remote code execution"]))
        try await server.stop()
        #expect(byCode.status == 200)
        let results = try #require(try byCode.object()["results"] as? [[String: Any]])
        #expect((1...3).contains(results.count))
        #expect(results.allSatisfy { ($0["url"] as? String)?.isEmpty == false && ($0["title"] as? String)?.isEmpty == false })
        #expect(results.contains { ($0["cwe"] as? [Int])?.contains(502) == true })
        #expect(try byCode.object()["query_terms"] is [String])
        #expect(byText.status == 200)
        #expect(!(try #require(try byText.object()["results"] as? [[String: Any]])).isEmpty)
    }

    @Test("GET /v1/rules lists every rule, sorted by id, as `rules list --json` does")
    func rules() async throws {
        let server = try await TestServer.start()
        let reply = try await server.get("/v1/rules")
        try await server.stop()
        #expect(reply.status == 200)
        let items = try reply.array()
        let ids = items.compactMap { $0["id"] as? String }
        #expect(ids == SharedPipeline.pipeline.rules.map(\.id).sorted())
        let yaml = try #require(items.first { $0["id"] as? String == "yaml-unsafe-load" })
        #expect(Set(yaml.keys) == ["id", "cwe", "severity", "confidence", "language", "fixable", "summary"])
        #expect(yaml["language"] as? String == "python")
    }

    @Test("GET /metrics counts requests by route and status, times them, and counts findings by rule")
    func metrics() async throws {
        let server = try await TestServer.start()
        for _ in 0..<3 { _ = try await server.post("/v1/scan", json: jsonBody(["code": Snippets.unsafeYAML])) }
        _ = try await server.post("/v1/scan", json: "{not json")
        _ = try await server.get("/nowhere")
        let reply = try await server.get("/metrics")
        try await server.stop()
        #expect(reply.status == 200)
        #expect(reply.headers.first(name: "content-type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let lines = Set(reply.text.split(separator: "\n").map(String.init))
        #expect(lines.contains("sosecure_http_requests_total{route=\"/v1/scan\",method=\"POST\",status=\"200\"} 3"))
        #expect(lines.contains("sosecure_http_requests_total{route=\"/v1/scan\",method=\"POST\",status=\"400\"} 1"))
        #expect(lines.contains("sosecure_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"))
        #expect(lines.contains("sosecure_http_request_duration_seconds_bucket{route=\"/v1/scan\",le=\"+Inf\"} 4"))
        #expect(lines.contains("sosecure_http_request_duration_seconds_count{route=\"/v1/scan\"} 4"))
        #expect(lines.contains("sosecure_findings_total{rule=\"yaml-unsafe-load\"} 3"))
        #expect(lines.contains("# TYPE sosecure_http_request_duration_seconds histogram"))
        // Buckets are cumulative: each count is at least the one before.
        let buckets = reply.text.split(separator: "\n").filter { $0.hasPrefix("sosecure_http_request_duration_seconds_bucket{route=\"/v1/scan\"") }
            .compactMap { Int($0.split(separator: " ").last ?? "") }
        #expect(buckets.count == ServerMetrics.latencyBuckets.count + 1)
        #expect(buckets == buckets.sorted())
    }
}
