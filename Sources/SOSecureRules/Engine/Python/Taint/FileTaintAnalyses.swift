import SOSecurePython

/// One file's taint analyses while its rules run, so the rules that share source kinds and sanitizers
/// interpret the file once. Owned by one analysis of one file (not thread-safe), and freed with it.
final class FileTaintAnalyses {
    unowned let context: PythonFileContext
    private var facts: TaintFileFacts?
    private var analyses: [String: FileTaintAnalysis] = [:]

    init(context: PythonFileContext) { self.context = context }

    /// The file's analysis for the plan's sources and sanitizers, computed on first use.
    func analysis(for plan: TaintRulePlan) -> FileTaintAnalysis {
        let facts = self.facts ?? TaintFileFacts(context: context)
        self.facts = facts
        // Sanitizers the file never calls, or that always clean anyway, change nothing: leaving them out
        // of the key lets rules with different sanitizer lists share one interpretation.
        let relevant = plan.sanitizers.filter { sanitizer in
            (sanitizer.segment == "*" || facts.calledSegments.contains(sanitizer.segment)) && !sanitizer.alwaysCleans
        }
        let key = plan.kindsKey + "|" + relevant.map(\.pattern.text).sorted().joined(separator: ",")
        if let known = analyses[key] { return known }
        let analysis = FileTaintAnalysis(context: context, facts: facts, kinds: plan.pattern.sources, sanitizers: relevant.map(\.pattern))
        analyses[key] = analysis
        return analysis
    }
}
