import Foundation
import Testing

/// Saved reporter outputs in `Expected/`.
///
/// `SOSECURE_RECORD_EXPECTED=1 swift test --filter SOSecureReportersTests` rewrites the files in the
/// source tree from the current output; the recording run still fails, so a recording can never
/// pass unnoticed.
enum ExpectedOutput {
    static let recordVariable = "SOSECURE_RECORD_EXPECTED"

    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if ProcessInfo.processInfo.environment[recordVariable] == "1" {
            let url = sourceDirectory.appendingPathComponent(name)
            do {
                try actual.write(to: url, atomically: true, encoding: .utf8)
                Issue.record("recorded \(url.path); rerun without \(recordVariable)", sourceLocation: sourceLocation)
            } catch {
                Issue.record("cannot record \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let url = Bundle.module.url(forResource: "Expected", withExtension: nil)?.appendingPathComponent(name),
              let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing expected file Expected/\(name); record it with \(recordVariable)=1", sourceLocation: sourceLocation)
            return
        }
        if let difference = firstDifference(expected: expected, actual: actual) {
            Issue.record("output differs from Expected/\(name)\n\(difference)", sourceLocation: sourceLocation)
        }
    }

    /// The first line that differs, with its number and both versions; nil when equal.
    static func firstDifference(expected: String, actual: String) -> String? {
        guard expected != actual else { return nil }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let wanted = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
            let got = index < actualLines.count ? String(actualLines[index]) : "<end of file>"
            if wanted != got {
                return "line \(index + 1):\n- expected: \(wanted.debugDescription)\n+ actual:   \(got.debugDescription)"
            }
        }
        return "outputs differ only in line endings"
    }

    private static var sourceDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Expected")
    }
}
