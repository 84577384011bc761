/// The counts a self-play run prints: tree sizes, branches per label, pairs per CWE.
public struct SelfPlaySummary: Sendable {
    public let expandedTasks: Int
    /// Task id and reason, in task order.
    public let skippedTasks: [(id: String, reason: String)]
    /// Branch nodes (the roots not included) per depth, per label.
    public let branchesPerDepth: [Int: [BranchLabel: Int]]
    /// Every node, roots included.
    public let nodeCount: Int
    public let continuationPairsPerCWE: [String: Int]
    public let wholeFunctionPairs: Int
    public let requests: [ContinuationSampler.Route: Int]
    public let completionsOffered: Bool?

    public init(_ result: SelfPlayResult) {
        var perDepth: [Int: [BranchLabel: Int]] = [:]
        var nodes = 0
        for tree in result.trees {
            for node in tree.root?.allNodes ?? [] {
                nodes += 1
                if node.depth > 0 { perDepth[node.depth, default: [:]][node.label, default: 0] += 1 }
            }
        }
        expandedTasks = result.trees.filter { $0.status == .expanded }.count
        skippedTasks = result.trees.filter { $0.status == .skipped }.map { ($0.taskID, $0.reason ?? "") }
        branchesPerDepth = perDepth
        nodeCount = nodes
        var perCWE: [String: Int] = [:]
        for pair in result.pairs where pair.kind == .continuation { perCWE[pair.cwe, default: 0] += 1 }
        continuationPairsPerCWE = perCWE
        wholeFunctionPairs = result.pairs.filter { $0.kind == .wholeFunction }.count
        requests = result.requests
        completionsOffered = result.completionsOffered
    }

    /// Branches with `label` over all depths.
    public func branches(_ label: BranchLabel) -> Int {
        branchesPerDepth.values.reduce(0) { $0 + ($1[label] ?? 0) }
    }

    public func render() -> String {
        var lines: [String] = []
        let total = expandedTasks + skippedTasks.count
        lines.append("tasks: \(total) (\(expandedTasks) expanded, \(skippedTasks.count) skipped)")
        for skipped in skippedTasks { lines.append("  skipped \(skipped.id): \(skipped.reason)") }
        lines.append("tree: \(nodeCount) nodes (\(expandedTasks) roots, \(nodeCount - expandedTasks) branches)")
        for depth in branchesPerDepth.keys.sorted() {
            let counts = branchesPerDepth[depth] ?? [:]
            let size = counts.values.reduce(0, +)
            lines.append("  depth \(depth): \(size) branches (" + Self.labels(counts) + ")")
        }
        let all = Dictionary(uniqueKeysWithValues: BranchLabel.allCases.map { ($0, branches($0)) })
        lines.append("branches: " + Self.labels(all))
        let pairs = continuationPairsPerCWE.values.reduce(0, +)
        let perCWE = continuationPairsPerCWE.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        lines.append("pairs: \(pairs)" + (perCWE.isEmpty ? "" : " (\(perCWE))")
                     + (wholeFunctionPairs > 0 ? "; whole-function pairs: \(wholeFunctionPairs)" : ""))
        let offered = completionsOffered.map { $0 ? "offered" : "not offered, chat fallback" } ?? "not probed"
        lines.append("model requests: /completions \(requests[.completions] ?? 0), chat \(requests[.chat] ?? 0) "
                     + "(/completions \(offered))")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func labels(_ counts: [BranchLabel: Int]) -> String {
        BranchLabel.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ")
    }
}
