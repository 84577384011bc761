import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `sosecure fix` end to end, with no model: a private knowledge-base file, no LLM settings in the environment.
@Suite struct FixCommandTests {
    /// Safe rule fix only: yaml.load → yaml.safe_load twice.
    static let yamlOnly = """
    import yaml


    def read_settings(path):
        with open(path) as handle:
            return yaml.load(handle)


    def read_defaults(text):
        return yaml.load(text)

    """

    /// One safe fix, one unsafe fix (verify=False), and a finding no rule can fix (os.system with a formatted string).
    static let mixed = """
    import os

    import requests
    import yaml


    def sync(url, folder):
        config = yaml.load(requests.get(url, verify=False).text)
        os.system(f"tar czf /tmp/out.tgz {folder}")
        return config

    """

    struct Workspace {
        let url: URL

        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("sosecure-fix-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }

        func remove() { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        func write(_ name: String, _ text: String) throws { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        func read(_ name: String) throws -> String { try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8) }

        /// The environment of a run: no model configured, the knowledge base inside the workspace.
        var environment: [String: String] {
            var environment = ProcessInfo.processInfo.environment
            for key in ["SOSECURE_LLM_MODEL", "SOSECURE_LLM_BASE_URL", "SOSECURE_LLM_API_KEY", "OPENAI_API_KEY"] {
                environment.removeValue(forKey: key)
            }
            environment["SOSECURE_KB"] = url.appendingPathComponent(".kb.sqlite").path
            return environment
        }

        func process(_ arguments: [String]) -> Process {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["fix"] + arguments
            process.currentDirectoryURL = url
            process.environment = environment
            return process
        }

        func fix(_ arguments: [String], stdin: String? = nil) throws -> CLI.Output {
            let process = process(arguments)
            let out = Pipe(), err = Pipe(), input = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = input
            try process.run()
            if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
            try input.fileHandleForWriting.close()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CLI.Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                              stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    @Test func deterministicRunShowsFindingsEvidenceAndVerifiedDiff() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.write("settings.py", Self.yamlOnly)
        let output = try workspace.fix(["--no-llm", "settings.py"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("settings.py: fixed (2 findings → 0)"))
        #expect(output.stdout.contains("Community evidence:"))
        #expect(output.stdout.contains("sosecure:kb/"))
        #expect(output.stdout.contains("-        return yaml.load(handle)\n+        return yaml.safe_load(handle)"))
        #expect(output.stdout.contains("resolves yaml-load-without-safe-loader (line 6, rule fix)"))
        #expect(!output.stderr.contains("LLM revision skipped"), "--no-llm needs no explanation")
        // Without --write the file is untouched.
        #expect(try workspace.read("settings.py") == Self.yamlOnly)
    }

    @Test func missingModelIsExplainedOnceAndUnsafeFixesWait() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.write("a.py", Self.mixed)
        try workspace.write("b.py", Self.mixed)
        let output = try workspace.fix(["a.py", "b.py"])
        #expect(output.status == 1)
        #expect(output.stderr.components(separatedBy: "LLM revision skipped").count == 2, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("skipped  line 8  requests-verify-disabled"))
        #expect(output.stdout.contains("+    config = yaml.safe_load(requests.get(url, verify=False).text)"))
        #expect(output.stdout.contains("Remaining findings:"))
    }

    @Test func writeAppliesUnsafeFixesWhenAskedAndLeavesNoTemporaryFile() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.write("job.py", Self.mixed)
        let output = try workspace.fix(["--write", "--unsafe-fixes", "job.py"])
        #expect(output.status == 1, "os.system remains: \(output.stdout)")
        let written = try workspace.read("job.py")
        #expect(written.contains("yaml.safe_load(requests.get(url).text)"))
        #expect(written.contains("os.system(f\"tar czf /tmp/out.tgz {folder}\")"))
        let names = try FileManager.default.contentsOfDirectory(atPath: workspace.url.path)
        #expect(!names.contains { $0.hasSuffix(".tmp") }, "left behind: \(names)")
        #expect(output.stdout.contains("1 file written"))

        // A second run finds only the finding no rule fixes, and changes nothing.
        let again = try workspace.fix(["--write", "--unsafe-fixes", "job.py"])
        #expect(again.status == 1)
        #expect(try workspace.read("job.py") == written)
    }

    @Test func writeIsAtomicWhenKilledBeforeTheRename() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.write("settings.py", Self.yamlOnly)
        let process = workspace.process(["--no-llm", "--write", "--test-pause-before-rename", "60", "settings.py"])
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until the temporary file is complete and the process is parked before the rename.
        var stderr = ""
        let deadline = Date().addingTimeInterval(120)
        while !stderr.contains("paused before rename:"), Date() < deadline {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            stderr += String(decoding: chunk, as: UTF8.self)
        }
        let pausedLine = try #require(stderr.split(separator: "\n").first { $0.hasPrefix("paused before rename: ") })
        let temporary = String(pausedLine.dropFirst("paused before rename: ".count))
        // The new text is fully on disk beside the target...
        let pending = try String(contentsOfFile: temporary, encoding: .utf8)
        #expect(pending.contains("yaml.safe_load(handle)"))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        // ...but the target still holds the original, whole.
        #expect(try workspace.read("settings.py") == Self.yamlOnly)
        // The leftover is hidden and not a Python file, so a scan of the folder does not pick it up.
        let leftover = URL(fileURLWithPath: temporary).lastPathComponent
        #expect(leftover.hasPrefix(".") && !leftover.hasSuffix(".py"))
    }

    @Test func jsonAndSarifCarryTheResult() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.write("settings.py", Self.yamlOnly)
        let json = try workspace.fix(["--no-llm", "--format", "json", "settings.py"])
        #expect(json.status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let result = try #require(list.first)
        #expect(result["path"] as? String == "settings.py")
        #expect(result["status"] as? String == "fixed")
        #expect((result["findings_before"] as? [Any])?.count == 2)
        #expect((result["findings_after"] as? [Any])?.isEmpty == true)
        #expect((result["revised_code"] as? String)?.contains("yaml.safe_load(text)") == true)
        #expect((result["diff"] as? String)?.hasPrefix("--- a/settings.py") == true)
        let changes = try #require(result["changes"] as? [[String: Any]])
        // The two edits are four lines apart, so their context windows merge into one hunk resolving both.
        #expect(changes.count == 1)
        #expect(changes.allSatisfy { ($0["resolves"] as? [Any])?.count == 2 && $0["hunk"] is String && $0["evidence"] is [Any] })
        #expect(result["attempts"] is [Any])

        let sarif = try workspace.fix(["--no-llm", "--format", "sarif", "settings.py"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let run = try #require((root["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        #expect(results.allSatisfy { ($0["fixes"] as? [Any])?.count == 1 })
    }

    @Test func standardInputIsFixedAndPrinted() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let output = try workspace.fix(["--no-llm", "--format", "json", "-"], stdin: Self.yamlOnly)
        #expect(output.status == 0)
        #expect(output.stdout.contains("\"path\" : \"<stdin>\""))
    }

    @Test(arguments: [
        (["--format", "xml", "x.py"], "unknown format"),
        (["--k", "0", "x.py"], "--k must be between"),
        (["--max-rounds", "11", "x.py"], "--max-rounds must be between"),
        (["--temperature", "3", "x.py"], "--temperature"),
        (["--base-url", "ftp://example.com", "x.py"], "--base-url"),
        (["--write", "-"], "--write cannot write standard input"),
        (["missing.py"], "no such file"),
        ([], "give the files"),
    ])
    func badOptionsExitTwo(arguments: [String], message: String) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.write("x.py", "print(1)\n")
        let output = try workspace.fix(arguments)
        #expect(output.status == 2)
        #expect(output.stderr.contains(message), "stderr: \(output.stderr)")
    }

    @Test func cleanFileIsUnchangedAndExitsZero() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.write("ok.py", "import json\n\n\ndef load(text):\n    return json.loads(text)\n")
        let output = try workspace.fix(["ok.py"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("ok.py: unchanged (0 findings → 0)"))
    }
}
