import Foundation
import Testing
import SOSecureCore
import SOSecurePython

/// SOSecure's parser against CPython's `ast` over the installed standard library:
/// accept/reject must agree on every file; `ast.dump` output must be identical on
/// at least 99% of a deterministic sample (every file with SOSECURE_DIFFERENTIAL_ALL=1).
/// SOSECURE_DIFFERENTIAL_FILES=path:path restricts the run to some files and shows diffs.
@Suite("CPython differential", .serialized)
struct CPythonDifferentialTests {
    static let sampleStride = 6
    static let batchSize = 150

    @Test("accept/reject and ast.dump agree with CPython on the standard library")
    func standardLibrary() throws {
        let environment = ProcessInfo.processInfo.environment
        var files = try CPythonReference.standardLibraryFiles()
        if let only = environment["SOSECURE_DIFFERENTIAL_FILES"] {
            files = only.split(separator: ":").map(String.init)
        }
        #expect(files.count > 0, "no standard library files found")
        let dumpAll = environment["SOSECURE_DIFFERENTIAL_ALL"] == "1" || environment["SOSECURE_DIFFERENTIAL_FILES"] != nil
        var agreements = 0
        var disagreements: [String] = []
        var dumped = 0
        var identical = 0
        var differing: [String] = []
        var shownDiffs = 0

        var batchStart = 0
        while batchStart < files.count {
            let batch = Array(files[batchStart..<min(files.count, batchStart + Self.batchSize)])
            var dumpPaths = Set<String>()
            for (offset, path) in batch.enumerated() where dumpAll || (batchStart + offset) % Self.sampleStride == 0 {
                dumpPaths.insert(path)
            }
            let verdicts = try CPythonReference.verdicts(for: batch, dumpPaths: dumpPaths)
            for path in batch {
                guard let verdict = verdicts[path] else {
                    disagreements.append("\(path): python3 gave no verdict")
                    continue
                }
                let wantDump = dumpPaths.contains(path) && verdict.ok
                let ours = try CPythonReference.ours(path, dump: wantDump)
                if ours.ok == verdict.ok {
                    agreements += 1
                } else {
                    let detail = verdict.ok ? "we reject: \(ours.firstError ?? "?")" : "we accept; CPython: \(verdict.error ?? "?")"
                    disagreements.append("\(path): \(detail)")
                }
                guard wantDump, let expected = verdict.dump, let actual = ours.dump else { continue }
                dumped += 1
                if expected == actual {
                    identical += 1
                } else {
                    differing.append(path)
                    if shownDiffs < 5 {
                        shownDiffs += 1
                        print(Self.firstDifference(path: path, expected: expected, actual: actual))
                    }
                }
            }
            batchStart += Self.batchSize
        }

        let percent = dumped == 0 ? 100.0 : Double(identical) * 100 / Double(dumped)
        print("accept/reject agreement: \(agreements)/\(files.count)")
        for line in disagreements { print("  disagree: \(line)") }
        print("identical dumps: \(identical)/\(dumped) (\(String(format: "%.2f", percent))%)")
        for path in differing { print("  differs: \(path)") }
        #expect(disagreements.isEmpty, "accept/reject disagreements: \(disagreements.joined(separator: "\n"))")
        #expect(percent >= 99.0, "only \(identical)/\(dumped) identical dumps")
    }

    static func firstDifference(path: String, expected: String, actual: String) -> String {
        let expectedBytes = Array(expected.utf8)
        let actualBytes = Array(actual.utf8)
        var index = 0
        while index < expectedBytes.count, index < actualBytes.count, expectedBytes[index] == actualBytes[index] {
            index += 1
        }
        func excerpt(_ bytes: [UInt8]) -> String {
            let from = max(0, index - 150)
            let to = min(bytes.count, index + 150)
            return String(decoding: bytes[from..<to], as: UTF8.self)
        }
        return "dump differs: \(path) at byte \(index)\n  CPython: …\(excerpt(expectedBytes))…\n  ours:    …\(excerpt(actualBytes))…"
    }
}
