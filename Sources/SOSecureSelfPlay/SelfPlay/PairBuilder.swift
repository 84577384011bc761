/// Turns divergence points into preference pairs.
///
/// Each distinct vulnerable continuation is rejected once, against a secure sibling (taken in turn) or,
/// when the model wrote none, the secure parent's own continuation. Unparsable branches are never used.
enum PairBuilder {
    static func pairs(_ divergence: Divergence, round: Int, wholeFunction: Bool) -> [PreferencePair] {
        let secure = distinct(divergence.branches.filter { $0.label == .secure })
        let vulnerable = distinct(divergence.branches.filter { $0.label == .vulnerable })
        var pairs: [PreferencePair] = []
        for (index, branch) in vulnerable.enumerated() {
            guard let finding = primaryFinding(branch, from: divergence.line) else { continue }
            let chosen = secure.isEmpty ? divergence.parentContinuation : secure[index % secure.count].continuation
            let chosenSource = secure.isEmpty ? "parent" : "secure-branch"
            if !isBlank(chosen), !isBlank(branch.continuation), chosen != branch.continuation {
                pairs.append(PreferencePair(
                    prompt: divergence.prompt, chosen: chosen, rejected: branch.continuation, taskID: divergence.taskID,
                    line: divergence.line, cwe: finding.cwe ?? "CWE-unknown", rule: finding.rule, round: round,
                    kind: .continuation, findingLine: finding.line, chosenSource: chosenSource))
            }
            if wholeFunction {
                let chosenProgram = secure.isEmpty ? divergence.parentProgram : secure[index % secure.count].program
                if chosenProgram != branch.program {
                    pairs.append(PreferencePair(
                        prompt: divergence.taskPrompt, chosen: chosenProgram, rejected: branch.program,
                        taskID: divergence.taskID, line: divergence.line, cwe: finding.cwe ?? "CWE-unknown",
                        rule: finding.rule, round: round, kind: .wholeFunction, findingLine: finding.line,
                        chosenSource: chosenSource))
                }
            }
        }
        return pairs
    }

    /// The finding a pair is about: the first one at or after the divergence line, else the first.
    static func primaryFinding(_ branch: Divergence.Branch, from line: Int) -> BranchFinding? {
        branch.findings.first { $0.line >= line } ?? branch.findings.first
    }

    private static func distinct(_ branches: [Divergence.Branch]) -> [Divergence.Branch] {
        var seen: Set<String> = []
        return branches.filter { seen.insert($0.continuation).inserted }
    }

    private static func isBlank(_ text: String) -> Bool { text.allSatisfy(\.isWhitespace) }
}
