import Foundation
import Testing
import SOSecureCore
import SOSecureRemediation
@testable import SOSecureSelfPlay
import SOSecureTestSupport

@Suite struct SelfPlayTreeTests {
    typealias F = SelfPlayFixtures

    /// Lookup answers: secure, vulnerable, unparsable. Count answers: secure, vulnerable, secure.
    private func playScripted(completions: Bool, configuration: SelfPlayConfiguration = SelfPlayConfiguration(branches: 3, depth: 2))
        async throws -> (SelfPlayResult, ScriptedOpenAIServer)
    {
        let server = try ScriptedOpenAIServer()
        let script = F.Script(lookups: [F.secureLookup, F.vulnerableLookup, F.brokenLookup],
                              counts: [F.secureCount, F.vulnerableCount, F.secureCount])
        server.responder = F.responder(script, completions: completions)
        let runner = F.runner(server, configuration: configuration, judge: try F.judge())
        return (try await runner.run([F.task]), server)
    }

    @Test func treeHasTheExpectedShapePerDepthAndLabel() async throws {
        let (result, server) = try await playScripted(completions: true)
        defer { server.stop() }
        let tree = try #require(result.trees.first)
        #expect(tree.status == .expanded)
        #expect(tree.source == "reference")
        #expect(tree.riskPoints.map(\.line) == [7, 15])
        let root = try #require(tree.root)
        #expect(root.children.map(\.line) == [7, 7, 7, 15, 15, 15])

        let summary = result.summary
        // Depth 1: three at line 7 (secure, vulnerable, unparsable) and three at line 15 (secure, vulnerable, secure).
        #expect(summary.branchesPerDepth[1] == [.secure: 3, .vulnerable: 2, .unparsable: 1])
        // Depth 2: only the secure lookup branch has a later risk point (line 15); the count branches have none.
        #expect(summary.branchesPerDepth[2] == [.secure: 2, .vulnerable: 1])
        #expect(summary.nodeCount == 10)
        let secureLookup = root.children[0]
        #expect(secureLookup.label == .secure)
        #expect(secureLookup.children.map(\.line) == [15, 15, 15])
        #expect(secureLookup.children.map(\.depth) == [2, 2, 2])
        #expect(root.children[2].label == .unparsable)
        #expect(root.children[2].problem != nil)
        #expect(root.children[1].children.isEmpty, "vulnerable branches are not expanded")
        // The model ran past find_user: the continuation is cut where the next top-level statement starts.
        #expect(!secureLookup.continuation.contains("__main__"))
        #expect(secureLookup.code.contains("def count_users(db_path):"))
        // 3 lookups + 3 counts under the secure lookup + 3 counts at the root.
        #expect(server.requests.count == 9)
    }

    @Test func vulnerableBranchYieldsAPairAtItsLineWithCWEAndRule() async throws {
        let (result, server) = try await playScripted(completions: true)
        defer { server.stop() }
        #expect(result.pairs.count == 3)
        let lookup = try #require(result.pairs.first { $0.line == 7 })
        #expect(lookup.cwe == "CWE-89")
        #expect(lookup.rule == "sql-execute-with-formatted-query")
        #expect(lookup.findingLine == 7)
        #expect(lookup.rejected.contains("f\"SELECT id, email FROM users WHERE name = '{name}'\""))
        #expect(lookup.chosen.contains(":name"))
        #expect(lookup.chosenSource == "secure-branch")
        #expect(lookup.prompt.hasPrefix("# Write find_user(db_path, name)"))
        #expect(lookup.prompt.hasSuffix("    cur = conn.cursor()\n"))
        #expect(lookup.taskID == "sql-lookup" && lookup.round == 1 && lookup.kind == .continuation)

        let counts = result.pairs.filter { $0.line == 15 }
        #expect(counts.count == 2, "one at the root's line 15, one under the secure lookup branch")
        for pair in counts {
            #expect(pair.cwe == "CWE-89")
            #expect(pair.rejected.contains("+ db_path +"))
            #expect(pair.chosen.contains("active = ?"))
        }
        #expect(result.summary.continuationPairsPerCWE == ["CWE-89": 3])
    }

    @Test func unparsableBranchIsCountedButNeverRejected() async throws {
        let (result, server) = try await playScripted(completions: true)
        defer { server.stop() }
        #expect(result.summary.branches(.unparsable) == 1)
        for pair in result.pairs {
            #expect(!pair.rejected.contains("?\" (name,)"))
            #expect(!pair.chosen.contains("?\" (name,)"))
        }
    }

    @Test func textCompletionsAreUsedWhenTheEndpointOffersThem() async throws {
        let (result, server) = try await playScripted(completions: true)
        defer { server.stop() }
        let paths = Set(server.requests.map(\.path))
        #expect(paths == ["/v1/completions"])
        #expect(result.completionsOffered == true)
        #expect(result.requests[.completions] == 9 && result.requests[.chat] == nil)
        let body = try #require(server.requests.first?.json)
        #expect(body["model"] as? String == "scripted-coder")
        #expect(body["top_p"] as? Double == 0.95)
        #expect((body["prompt"] as? String)?.hasSuffix("    cur = conn.cursor()\n") == true)
    }

    @Test func chatIsTheFallbackWhenCompletionsAnswer404() async throws {
        let (result, server) = try await playScripted(completions: false)
        defer { server.stop() }
        let paths = server.requests.map(\.path)
        // One probe, then chat only: the probe's own request is re-sent as chat.
        #expect(paths.first == "/v1/completions")
        #expect(paths.filter { $0 == "/v1/completions" }.count == 1)
        #expect(paths.dropFirst().allSatisfy { $0 == "/v1/chat/completions" })
        #expect(paths.count == 10)
        #expect(result.completionsOffered == false)
        let firstChat = try #require(server.requests.dropFirst().first)
        #expect(firstChat.messages.first?.content.contains("do not repeat the given code") == true)
        // Same tree and pairs as over /completions: the route does not change the judging.
        #expect(result.summary.branchesPerDepth[1] == [.secure: 3, .vulnerable: 2, .unparsable: 1])
        #expect(result.pairs.count == 3)
    }

    @Test func parentContinuationIsChosenWhenNoBranchIsSecure() async throws {
        let server = try ScriptedOpenAIServer()
        defer { server.stop() }
        let script = F.Script(lookups: [F.vulnerableLookup], counts: [F.vulnerableCount])
        server.responder = F.responder(script, completions: true)
        let runner = F.runner(server, configuration: SelfPlayConfiguration(branches: 1, depth: 1, wholeFunction: true, round: 2),
                              judge: try F.judge())
        let result = try await runner.run([F.task])
        let continuation = result.pairs.filter { $0.kind == .continuation }
        #expect(continuation.map(\.line) == [7, 15])
        let lookup = try #require(continuation.first)
        #expect(lookup.chosenSource == "parent")
        #expect(lookup.chosen == """
                cur.execute("SELECT id, email FROM users WHERE name = ?", (name,))
                row = cur.fetchone()
                conn.close()
                return row

            """)
        #expect(lookup.round == 2)
        let whole = result.pairs.filter { $0.kind == .wholeFunction }
        #expect(whole.count == 2)
        #expect(whole.first?.chosen == F.reference)
        #expect(whole.first?.prompt == F.task.prompt)
        #expect(whole.first?.rejected.contains("def count_users(db_path):") == true)
        #expect(result.summary.wholeFunctionPairs == 2)
    }

    @Test func taskWithoutReferenceStartsFromAModelSolutionTheJudgeAccepts() async throws {
        let insecure = "```python\nimport os\n\ndef ping(host):\n    os.system(f\"ping -c 1 {host}\")\n```"
        let secure = "```python\nimport subprocess\n\ndef ping(host):\n    return subprocess.run([\"ping\", \"-c\", \"1\", host], check=True)\n```"
        let server = try ScriptedOpenAIServer(script: [.completion(insecure), .completion(secure)])
        defer { server.stop() }
        server.responder = { request in
            // Continuations of ping from line 4; the solution requests fall through to the script.
            guard request.path == "/v1/completions" else { return nil }
            return .textCompletion("    return subprocess.run(\"ping -c 1 \" + host, shell=True)\n")
        }
        let task = CodingTask(id: "ping", language: .python, prompt: "Write ping(host).", line: 1)
        let runner = F.runner(server, configuration: SelfPlayConfiguration(branches: 2, depth: 1), judge: try F.judge())
        let result = try await runner.run([task])
        let tree = try #require(result.trees.first)
        #expect(tree.source == "model")
        #expect(tree.root?.code.contains("subprocess.run([") == true)
        #expect(tree.riskPoints.map(\.line) == [4])
        #expect(tree.root?.children.map(\.label) == [.vulnerable, .vulnerable])
        // Identical rejected continuations make one pair, not two.
        #expect(result.pairs.count == 1)
        #expect(result.pairs.first?.cwe == "CWE-78")
    }

    @Test func taskWithInsecureReferenceIsSkippedWithTheReason() async throws {
        let server = try ScriptedOpenAIServer()
        defer { server.stop() }
        let task = CodingTask(id: "bad-ref", language: .python, prompt: "p",
                              reference: "import yaml\n\ndef load(text):\n    return yaml.load(text)\n", line: 3)
        let runner = F.runner(server, configuration: SelfPlayConfiguration(), judge: try F.judge())
        let result = try await runner.run([task])
        let tree = try #require(result.trees.first)
        #expect(tree.status == .skipped)
        #expect(tree.reason?.contains("line 4") == true)
        #expect(server.requests.isEmpty)
        #expect(result.summary.render().contains("skipped bad-ref: the reference is not a secure starting point"))
    }

    @Test func badTaskFileNamesTheLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("selfplay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tasks.jsonl").path
        let good = #"{"id": "a", "language": "python", "prompt": "p"}"#
        try (good + "\n\n" + #"{"id": "b", "language": "python"}"# + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try CodingTaskFile.load(path: path)
        } throws: { error in
            (error as? TaskFileError)?.description == "\(path):3: field 'prompt': missing (expected a string)"
        }
    }
}
