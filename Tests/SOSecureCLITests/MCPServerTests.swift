import Foundation
import SOSecureTestSupport
import Testing

/// `sosecure mcp` end to end: the real binary as a child process, raw JSON-RPC lines over its standard
/// input and output, a private knowledge-base file and no model configured.
@Suite(.serialized) struct MCPServerTests {
    /// A query built by formatting, handed to execute: sql-execute-with-formatted-query on line 6.
    static let sqlInjection = """
    import sqlite3


    def find_user(name):
        conn = sqlite3.connect("app.db")
        return conn.execute(f"SELECT * FROM users WHERE name = '{name}'").fetchall()

    """

    /// yaml.load without a loader: a safe rule fix (yaml.safe_load) removes the finding.
    static let yamlLoad = """
    import yaml


    def read_settings(path):
        with open(path) as handle:
            return yaml.load(handle)

    """

    static let toolNames: Set<String> = ["scan_code", "secure_code", "search_knowledge", "explain_rule"]

    @Test func everyToolAnswersAndTheServerExitsWhenInputCloses() throws {
        let session = try MCPTestSession()

        let initialized = try session.initialize()
        let info = try #require(initialized["result"] as? [String: Any], "\(initialized)")
        #expect((info["serverInfo"] as? [String: Any])?["name"] as? String == "sosecure")
        #expect(info["protocolVersion"] as? String == "2025-06-18")
        #expect((info["capabilities"] as? [String: Any])?["tools"] != nil)

        // tools/list: four tools, each with an object input schema naming its required arguments and an output schema.
        let listed = try #require(try session.request("tools/list")["result"] as? [String: Any])
        let tools = try #require(listed["tools"] as? [[String: Any]])
        #expect(Set(tools.compactMap { $0["name"] as? String }) == Self.toolNames)
        var outputSchemas: [String: [String: Any]] = [:]
        for tool in tools {
            let name = tool["name"] as? String ?? "?"
            let schema = try #require(tool["inputSchema"] as? [String: Any], "\(name) has no input schema")
            #expect(schema["type"] as? String == "object", "\(name)")
            let required = schema["required"] as? [String] ?? []
            let properties = schema["properties"] as? [String: Any] ?? [:]
            #expect(!required.isEmpty && required.allSatisfy { properties[$0] != nil }, "\(name): \(schema)")
            #expect((tool["description"] as? String)?.isEmpty == false, "\(name)")
            outputSchemas[name] = tool["outputSchema"] as? [String: Any]
        }

        // scan_code finds the SQL injection with the fields of `scan --format json`.
        let scanned = try session.callTool("scan_code", ["code": Self.sqlInjection, "path": "users.py"])
        #expect(!scanned.isToolError, "\(scanned)")
        let report = try #require(scanned.structuredContent, "\(scanned)")
        Self.expectConforms(report, to: outputSchemas["scan_code"], tool: "scan_code")
        let findings = try #require(report["findings"] as? [[String: Any]])
        let sql = try #require(findings.first { $0["rule"] as? String == "sql-execute-with-formatted-query" }, "\(findings)")
        #expect(sql["cwe"] as? [Int] == [89])
        #expect(sql["line"] as? Int == 6)
        #expect(sql["path"] as? String == "users.py")
        for key in ["severity", "confidence", "message", "column", "end_line", "end_column", "flow"] {
            #expect(sql[key] != nil, "finding lacks \(key)")
        }
        // The text item carries the same JSON for clients that only read text.
        let textReport = try #require(try JSONSerialization.jsonObject(with: Data((scanned.firstText ?? "").utf8)) as? [String: Any])
        #expect((textReport["findings"] as? [[String: Any]])?.count == findings.count)

        // secure_code: verified rule fixes (no model here); its revision rescans clean.
        let secured = try session.callTool("secure_code", ["code": Self.yamlLoad, "language": "python"])
        #expect(!secured.isToolError, "\(secured)")
        let revision = try #require(secured.structuredContent, "\(secured)")
        Self.expectConforms(revision, to: outputSchemas["secure_code"], tool: "secure_code")
        #expect(revision["status"] as? String == "fixed", "\(revision)")
        #expect((revision["findings_before"] as? [[String: Any]])?.first?["rule"] as? String == "yaml-load-without-safe-loader")
        #expect((revision["findings_after"] as? [Any])?.isEmpty == true)
        let revisedCode = try #require(revision["revised_code"] as? String)
        #expect(revisedCode.contains("yaml.safe_load(handle)"))
        let changes = try #require(revision["changes"] as? [[String: Any]])
        let resolves = changes.flatMap { $0["resolves"] as? [[String: Any]] ?? [] }
        #expect(resolves.contains { $0["rule"] as? String == "yaml-load-without-safe-loader" && !($0["rationale"] as? String ?? "").isEmpty })
        #expect(!(revision["evidence"] as? [Any] ?? []).isEmpty, "the default knowledge base warns about yaml.load")
        let rescan = try session.callTool("scan_code", ["code": revisedCode])
        #expect((rescan.structuredContent?["findings"] as? [Any])?.isEmpty == true, "\(rescan)")

        // search_knowledge: the community's warnings about yaml.load.
        let searched = try session.callTool("search_knowledge", ["query": "config = yaml.load(open(\"c.yml\"))\n", "language": "python", "k": 3])
        #expect(!searched.isToolError, "\(searched)")
        let discussions = try #require(searched.structuredContent, "\(searched)")
        Self.expectConforms(discussions, to: outputSchemas["search_knowledge"], tool: "search_knowledge")
        let results = try #require(discussions["results"] as? [[String: Any]])
        #expect((1...3).contains(results.count), "\(results.count) results")
        let best = try #require(results.first)
        #expect(!(best["title"] as? String ?? "").isEmpty)
        #expect(!(best["url"] as? String ?? "").isEmpty)
        #expect((best["score"] as? Double ?? 0) > 0)
        #expect(results.contains { ($0["cwe"] as? [Int] ?? []).contains(502) }, "\(results)")

        // explain_rule: a real rule, then an id that does not exist.
        let explained = try session.callTool("explain_rule", ["id": "yaml-load-without-safe-loader"])
        #expect(!explained.isToolError, "\(explained)")
        let rule = try #require(explained.structuredContent, "\(explained)")
        Self.expectConforms(rule, to: outputSchemas["explain_rule"], tool: "explain_rule")
        #expect(rule["id"] as? String == "yaml-load-without-safe-loader")
        #expect((rule["cwe"] as? [[String: Any]])?.first?["id"] as? String == "CWE-502")
        #expect(rule["severity"] as? String == "high")
        #expect(!(rule["rationale"] as? String ?? "").isEmpty)
        let examples = try #require(rule["examples"] as? [String: Any])
        #expect(!(examples["vulnerable"] as? [String] ?? []).isEmpty)
        #expect(!(examples["safe"] as? [String] ?? []).isEmpty)

        let unknown = try session.callTool("explain_rule", ["id": "no-such-rule-anywhere"])
        #expect(unknown.isToolError)
        #expect(unknown.firstText?.contains("no-such-rule-anywhere") == true, "\(unknown)")
        #expect(unknown.structuredContent == nil)

        // A call still in flight when input closes is answered before the server exits.
        let lastID = try session.sendRequest("tools/call", params: ["name": "scan_code", "arguments": ["code": Self.sqlInjection]])
        try session.closeInput()
        let last = try session.response(to: lastID)
        #expect(((last["result"] as? [String: Any])?.structuredContent?["findings"] as? [Any])?.isEmpty == false, "\(last)")
        let status = session.waitForExit(seconds: 30)
        #expect(status == 0, "stderr: \(session.standardError)")
        #expect(session.remainingOutput().isEmpty)
    }

    @Test func malformedLinesGetProtocolErrorsAndServingGoesOn() throws {
        let session = try MCPTestSession()
        try session.initialize()

        session.sendLine("{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": \"tools/list\"")
        let parse = try session.nextMessage()
        #expect(parse["id"] is NSNull, "a parse error has id null: \(parse)")
        #expect((parse["error"] as? [String: Any])?["code"] as? Int == -32700, "\(parse)")

        session.sendLine("42")
        let invalid = try session.nextMessage()
        #expect((invalid["error"] as? [String: Any])?["code"] as? Int == -32600, "\(invalid)")

        // Blank lines are ignored, and the session goes on.
        session.sendLine("")
        let listed = try session.request("tools/list")
        #expect(((listed["result"] as? [String: Any])?["tools"] as? [Any])?.count == 4, "\(listed)")

        try session.closeInput()
        #expect(session.waitForExit(seconds: 30) == 0, "stderr: \(session.standardError)")
        #expect(session.standardError.contains("not valid JSON"), "the malformed line is logged on standard error")
    }

    @Test func badArgumentsAreToolErrorsThatNameTheProblem() throws {
        let session = try MCPTestSession()
        try session.initialize()

        let cases: [(tool: String, arguments: [String: Any], says: String)] = [
            ("scan_code", [:], "missing field 'code'"),
            ("scan_code", ["code": 42], "field 'code' must be a string"),
            ("scan_code", ["code": "x = 1\n", "language": "cobol"], "unknown language 'cobol'"),
            ("scan_code", ["code": "x = 1;\n", "language": "javascript", "path": "a.py"], "language 'javascript' but path 'a.py' is python"),
            ("secure_code", ["code": "x = 1\n", "lang": "python"], "unknown argument 'lang'"),
            ("secure_code", ["code": ["x = 1"]], "field 'code' must be a string"),
            ("search_knowledge", ["query": "yaml.load(data)", "k": "three"], "field 'k' must be an integer"),
            ("search_knowledge", ["query": "yaml.load(data)", "k": 500], "between 1 and 50"),
            ("search_knowledge", ["text": "yaml.load(data)"], "unknown argument 'text'"),
            ("explain_rule", ["id": 7], "field 'id' must be a string"),
        ]
        for (tool, arguments, says) in cases {
            let result = try session.callTool(tool, arguments)
            #expect(result.isToolError, "\(tool) \(arguments): \(result)")
            #expect(result.firstText?.contains(says) == true, "\(tool) \(arguments): expected '\(says)' in \(result.firstText ?? "nothing")")
        }

        // A tool the server does not have is a protocol error naming it.
        let unknownTool = try session.request("tools/call", params: ["name": "delete_everything", "arguments": [String: Any]()])
        let error = try #require(unknownTool["error"] as? [String: Any], "\(unknownTool)")
        #expect(error["code"] as? Int == -32602)
        #expect((error["message"] as? String)?.contains("delete_everything") == true, "\(error)")

        // None of it stopped the server.
        let scanned = try session.callTool("scan_code", ["code": "import yaml\nyaml.load(data)\n"])
        #expect((scanned.structuredContent?["findings"] as? [Any])?.count == 1, "\(scanned)")
        try session.closeInput()
        #expect(session.waitForExit(seconds: 30) == 0, "stderr: \(session.standardError)")
    }

    @Test func secureCodeAsksTheModelGivenByFlagsAndReturnsOnlyAVerifiedRevision() throws {
        let shell = "import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n"
        let revised = "import shlex\nimport subprocess\n\ndef run(cmd):\n    subprocess.call(shlex.split(cmd))\n"
        let model = try ScriptedOpenAIServer(script: [.completion("Split the command:\n```python\n\(revised)```\n", model: "scripted-coder")])
        defer { model.stop() }
        let session = try MCPTestSession(arguments: ["--model", "scripted-coder", "--base-url", model.baseURL, "--max-rounds", "1"])
        try session.initialize()

        // With a model, secure_code reaches outside the machine, and says so.
        let tools = try #require((try session.request("tools/list")["result"] as? [String: Any])?["tools"] as? [[String: Any]])
        let secure = try #require(tools.first { $0["name"] as? String == "secure_code" })
        #expect((secure["annotations"] as? [String: Any])?["openWorldHint"] as? Bool == true, "\(secure)")

        let secured = try session.callTool("secure_code", ["code": shell])
        #expect(!secured.isToolError, "\(secured)")
        let revision = try #require(secured.structuredContent, "\(secured)")
        #expect(revision["status"] as? String == "fixed", "\(revision)")
        #expect(revision["model"] as? String == "scripted-coder")
        #expect(revision["revised_code"] as? String == revised)
        let attempts = try #require(revision["attempts"] as? [[String: Any]])
        #expect(attempts.count == 1 && attempts.first?["accepted"] as? Bool == true, "\(attempts)")
        #expect((revision["findings_after"] as? [Any])?.isEmpty == true)
        // The model was shown the flagged code.
        let prompts = model.requests.flatMap { $0.messages.map(\.content) }
        #expect(prompts.contains { $0.contains("subprocess.call(cmd, shell=True)") }, "\(model.requests.count) model requests")

        // A revision that keeps the flaw is rejected by re-analysis: the code comes back as it was.
        model.enqueue(.completion("Here:\n```python\nimport subprocess\n\ndef run(cmd):\n    subprocess.call(cmd + ' -v', shell=True)\n```\n", model: "scripted-coder"))
        let refused = try #require(try session.callTool("secure_code", ["code": shell]).structuredContent)
        #expect(refused["status"] as? String != "fixed", "\(refused)")
        #expect(refused["revised_code"] as? String == shell)
        #expect((refused["findings_after"] as? [Any])?.isEmpty == false)
        #expect((refused["attempts"] as? [[String: Any]])?.first?["accepted"] as? Bool == false, "\(refused)")

        try session.closeInput()
        #expect(session.waitForExit(seconds: 30) == 0, "stderr: \(session.standardError)")
    }

    @Test func scanCodeReadsGoAndSecureCodeRevisesItThroughTheModel() throws {
        let weak = "package main\n\nimport \"crypto/md5\"\n\nfunc checksum(data []byte) []byte {\n\tsum := md5.Sum(data)\n\treturn sum[:]\n}\n"
        let strong = weak.replacingOccurrences(of: "crypto/md5", with: "crypto/sha256").replacingOccurrences(of: "md5.Sum", with: "sha256.Sum256")
        let model = try ScriptedOpenAIServer(script: [.completion("Use SHA-256:\n```go\n\(strong)```\n", model: "scripted-coder")])
        defer { model.stop() }
        let session = try MCPTestSession(arguments: ["--model", "scripted-coder", "--base-url", model.baseURL, "--max-rounds", "1"])
        try session.initialize()

        let scanned = try session.callTool("scan_code", ["code": weak, "language": "go"])
        #expect(!scanned.isToolError, "\(scanned)")
        let findings = try #require(scanned.structuredContent?["findings"] as? [[String: Any]], "\(scanned)")
        #expect(findings.compactMap { $0["rule"] as? String } == ["go-weak-hash"], "\(findings)")
        #expect(findings.first?["line"] as? Int == 6, "\(findings)")
        // The path's extension names the language as well.
        let byPath = try session.callTool("scan_code", ["code": weak, "path": "sum.go"])
        #expect((byPath.structuredContent?["findings"] as? [Any])?.count == 1, "\(byPath)")

        let secured = try #require(try session.callTool("secure_code", ["code": weak, "language": "go"]).structuredContent)
        #expect(secured["status"] as? String == "fixed", "\(secured)")
        #expect(secured["revised_code"] as? String == strong)
        let system = model.requests.first?.messages.first { $0.role == "system" }?.content ?? ""
        #expect(system.contains("Go program") && system.contains("```go"), "\(system)")

        try session.closeInput()
        #expect(session.waitForExit(seconds: 30) == 0, "stderr: \(session.standardError)")
    }

    /// The answer has every key the tool's output schema requires.
    static func expectConforms(_ object: [String: Any], to schema: [String: Any]?, tool: String) {
        guard let schema else {
            Issue.record("\(tool) has no output schema")
            return
        }
        for key in schema["required"] as? [String] ?? [] {
            #expect(object[key] != nil, "\(tool): the answer lacks '\(key)', which its output schema requires")
        }
    }
}
