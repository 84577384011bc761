import Foundation

/// One DPO example: at a divergence point, a secure continuation is preferred to a vulnerable one.
public struct PreferencePair: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// `prompt` is the task and the shared prefix; `chosen`/`rejected` continue it.
        case continuation
        /// `prompt` is the task as written; `chosen`/`rejected` are whole programs (`--whole-function`).
        case wholeFunction = "whole-function"
    }

    public let prompt: String
    public let chosen: String
    public let rejected: String
    public let taskID: String
    /// 1-based line of the program where chosen and rejected start to differ (the risk line).
    public let line: Int
    /// `CWE-89`: the weakness of the rejected side.
    public let cwe: String
    public let rule: String
    /// Self-play round (1 for the first model, n+1 for the model trained on round n's pairs).
    public let round: Int
    public let kind: Kind
    /// Line of the rejected side's finding, in the rejected program.
    public let findingLine: Int
    /// `secure-branch` (a sibling the model wrote) or `parent` (the secure program's own code).
    public let chosenSource: String

    enum CodingKeys: String, CodingKey {
        case prompt, chosen, rejected, line, cwe, rule, round, kind
        case taskID = "task_id"
        case findingLine = "finding_line"
        case chosenSource = "chosen_source"
    }

    /// One JSON object on one line, keys sorted.
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
