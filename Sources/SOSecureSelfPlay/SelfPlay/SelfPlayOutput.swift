import Foundation

/// The files a run writes: pairs as JSONL (one pair per line), the trees as one JSON document.
public enum SelfPlayOutput {
    public static func pairsJSONL(_ pairs: [PreferencePair]) throws -> String {
        try pairs.map { try $0.jsonLine() + "\n" }.joined()
    }

    /// `{"version": 1, "model": …, "round": …, "tasks": [TaskTree…]}`.
    public static func treeJSON(_ result: SelfPlayResult, model: String, configuration: SelfPlayConfiguration) throws -> Data {
        struct Document: Encodable {
            let version = 1
            let model: String
            let round: Int
            let branches: Int
            let depth: Int
            let tasks: [TaskTree]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(Document(model: model, round: configuration.round, branches: configuration.branches,
                                           depth: configuration.depth, tasks: result.trees))
    }
}
