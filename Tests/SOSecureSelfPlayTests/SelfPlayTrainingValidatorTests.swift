import Foundation
import Testing
import SOSecureRemediation
@testable import SOSecureSelfPlay
import SOSecureTestSupport

/// `training/dpo.py --validate-only` on a pairs file that `selfplay` really wrote, and on a broken copy.
@Suite struct SelfPlayTrainingValidatorTests {
    typealias F = SelfPlayFixtures

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("training/dpo.py").path

    private func validate(_ path: String) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, "--validate-only", path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test func validatorAcceptsSelfPlayPairsAndNamesTheBadLine() async throws {
        let server = try ScriptedOpenAIServer()
        defer { server.stop() }
        let script = F.Script(lookups: [F.secureLookup, F.vulnerableLookup, F.brokenLookup],
                              counts: [F.secureCount, F.vulnerableCount, F.secureCount])
        server.responder = F.responder(script, completions: true)
        let runner = F.runner(server, configuration: SelfPlayConfiguration(branches: 3, depth: 2, wholeFunction: true),
                              judge: try F.judge())
        let result = try await runner.run([F.task])
        #expect(result.pairs.count == 6)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("selfplay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("pairs.jsonl").path
        let jsonl = try SelfPlayOutput.pairsJSONL(result.pairs)
        try jsonl.write(toFile: good, atomically: true, encoding: .utf8)

        let accepted = try validate(good)
        #expect(accepted.status == 0, "\(accepted.err)")
        #expect(accepted.out.contains("6 pairs OK (CWE-89: 6; continuation: 3, whole-function: 3; rounds 1)"))

        // Line 2 made invalid: its rejected side equals its chosen side.
        var lines = jsonl.split(separator: "\n").map(String.init)
        var second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        second["rejected"] = second["chosen"]
        lines[1] = String(decoding: try JSONSerialization.data(withJSONObject: second, options: [.sortedKeys]), as: UTF8.self)
        // Line 4: a line number that is not an integer.
        lines[3] = lines[3].replacingOccurrences(of: "\"line\":", with: "\"line\":\"7\",\"was_line\":")
        let bad = folder.appendingPathComponent("bad.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: bad, atomically: true, encoding: .utf8)

        let rejected = try validate(bad)
        #expect(rejected.status == 1)
        #expect(rejected.err.contains("bad.jsonl:2: field 'rejected': is identical to chosen"))
        #expect(rejected.err.contains("bad.jsonl:4: field 'line': expected an integer"))
    }
}
