/// A point where the model wrote several continuations of one secure program: the material of pairs.
struct Divergence: Sendable {
    struct Branch: Sendable {
        let label: BranchLabel
        let continuation: String
        let program: String
        let findings: [BranchFinding]
    }

    let taskID: String
    let line: Int
    /// Task header and shared prefix.
    let prompt: String
    /// The task as written, the prompt of whole-function pairs.
    let taskPrompt: String
    /// The secure parent's own code from the risk line to the end of its unit.
    let parentContinuation: String
    let parentProgram: String
    let branches: [Branch]
}
