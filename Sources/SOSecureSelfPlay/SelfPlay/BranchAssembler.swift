import SOSecureCore
import SOSecurePython
import SOSecureRemediation

/// One continuation turned into a program and judged.
public struct AssembledBranch: Sendable {
    /// The whole program that was judged: prefix, kept continuation, and the parent's code after the unit.
    public let program: String
    /// The part of the continuation that was kept (what a preference pair compares).
    public let continuation: String
    public let label: BranchLabel
    public let findings: [BranchFinding]
    /// Why an unparsable branch did not parse.
    public let problem: String?
}

/// Completes a model's continuation into a parsable unit and judges it.
///
/// Models rarely stop where the function ends, so the continuation is cut at the end of the top-level
/// statement containing the risk line (the first later line that starts at column 0; the path's extension
/// says which language's comments and clauses to pass over), and the parent
/// program's own code after that unit is put back. Candidates are tried from the most to the least
/// faithful: each cut with the parent's remaining code, each cut alone, the whole continuation. The
/// first that parses is judged; if none does, the branch is unparsable.
public struct BranchAssembler: Sendable {
    public let judge: RevisionJudge
    /// Cut points tried before giving up on cutting (a long answer has many column-0 lines).
    static let maxCuts = 8

    public init(judge: RevisionJudge) {
        self.judge = judge
    }

    public func assemble(prefix: String, continuation raw: String, remainder: String, path: String) -> AssembledBranch {
        let continuation = CodeLines.withFinalNewline(raw)
        let lines = CodeLines.split(continuation)
        guard lines.contains(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            return AssembledBranch(program: prefix + remainder, continuation: "", label: .unparsable, findings: [],
                                   problem: "the model wrote nothing")
        }
        let cuts = CodeLines.unitBoundaries(lines, language: RevisionJudge.language(ofPath: path)).prefix(Self.maxCuts).map { Self.trimmed(lines[..<$0].joined()) }
        var candidates: [(program: String, kept: String)] = []
        if !remainder.isEmpty { candidates += cuts.map { (program: prefix + $0 + remainder, kept: $0) } }
        candidates += cuts.map { (program: prefix + $0, kept: $0) }
        let whole = Self.trimmed(continuation)
        if remainder.isEmpty || cuts.isEmpty { candidates.append((program: prefix + whole + remainder, kept: whole)) }
        candidates.append((program: prefix + whole, kept: whole))

        var firstFailure: (program: String, kept: String, problem: String)?
        for candidate in candidates {
            let judgement = judge.judge(candidate.program, path: path)
            if judgement.parses {
                let findings = judgement.findings.map(BranchFinding.init)
                return AssembledBranch(program: candidate.program, continuation: candidate.kept,
                                       label: findings.isEmpty ? .secure : .vulnerable, findings: findings, problem: nil)
            }
            if firstFailure == nil, let error = judgement.syntaxErrors.first {
                firstFailure = (program: candidate.program, kept: candidate.kept, problem: judgement.describe(error))
            }
        }
        let failure = firstFailure ?? (program: prefix + whole, kept: whole, problem: "does not parse")
        return AssembledBranch(program: failure.program, continuation: failure.kept, label: .unparsable, findings: [],
                               problem: failure.problem)
    }

    /// Without trailing blank lines, ending in one line break.
    static func trimmed(_ text: String) -> String {
        var lines = CodeLines.split(text)
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return CodeLines.withFinalNewline(lines.joined())
    }
}
