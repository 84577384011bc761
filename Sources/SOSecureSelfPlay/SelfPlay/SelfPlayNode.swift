/// One program in a self-play tree: the secure root solution, or a branch the model wrote from a risk point.
public struct SelfPlayNode: Sendable, Codable {
    /// Unique within its task's tree; the root is 0.
    public var id: Int
    /// 0 for the root; a branch is one deeper than the program it continues.
    public var depth: Int
    /// The risk line the branch was continued from (its prefix is everything before it); nil for the root.
    public var line: Int?
    /// The sensitive call at that line in the parent program.
    public var riskCall: String?
    public var label: BranchLabel
    /// What the model wrote, as kept (the root: the whole solution).
    public var continuation: String
    /// The whole program that was judged.
    public var code: String
    public var findings: [BranchFinding]
    /// Why an unparsable branch did not parse.
    public var problem: String?
    public var children: [SelfPlayNode]

    enum CodingKeys: String, CodingKey {
        case id, depth, line, label, continuation, code, findings, problem, children
        case riskCall = "risk_call"
    }

    /// This node and every node below it, depth first.
    public var allNodes: [SelfPlayNode] {
        [self] + children.flatMap(\.allNodes)
    }
}

/// The tree of one task, or why the task was not expanded.
public struct TaskTree: Sendable, Codable {
    public enum Status: String, Sendable, Codable { case expanded, skipped }

    public var taskID: String
    public var status: Status
    /// Why a task was skipped (no secure starting solution, a language the judge does not read).
    public var reason: String?
    /// `reference` or `model`: where the secure root solution came from.
    public var source: String?
    /// The risk points of the root solution.
    public var riskPoints: [RiskPoint]
    public var root: SelfPlayNode?

    enum CodingKeys: String, CodingKey {
        case status, reason, source, root
        case taskID = "task_id"
        case riskPoints = "risk_points"
    }
}
