import Foundation

/// The JSON report (`--format json`), documented in Docs/eval.md.
public struct EvalJSONRenderer: Sendable {
    public init() {}

    public func render(_ report: EvalReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}
