/// The shape of a self-play run.
public struct SelfPlayConfiguration: Sendable, Equatable {
    /// Continuations sampled at each risk point.
    public var branches: Int
    /// How deep secure branches are continued again (1: only the root's risk points).
    public var depth: Int
    /// Also emit pairs of whole programs (secure parent or sibling vs vulnerable branch).
    public var wholeFunction: Bool
    /// Written into every pair, so rounds of iterated training can be told apart.
    public var round: Int
    /// Chat samples tried for a task without a reference before it is skipped.
    public var solutionAttempts: Int

    public init(branches: Int = 4, depth: Int = 2, wholeFunction: Bool = false, round: Int = 1, solutionAttempts: Int = 3) {
        self.branches = branches
        self.depth = depth
        self.wholeFunction = wholeFunction
        self.round = round
        self.solutionAttempts = solutionAttempts
    }
}
