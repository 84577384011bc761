import SOSecureCore
import SOSecurePython

/// Finds untrusted data reaching dangerous calls: sources by kind (web, cli, env, stdin, file, network),
/// propagation by abstract interpretation of each function, summaries of the file's own functions,
/// and the pattern's sinks and sanitizers.
enum TaintMatcher {
    /// Every place untrusted data of `pattern.sources` kinds reaches one of `pattern.sinks` unsanitized.
    static func matches(_ pattern: TaintPattern, in context: PythonFileContext) -> [Match] {
        matches(TaintRulePlan(pattern), in: FileTaintAnalyses(context: context))
    }

    /// As above, sharing the file's analyses with the other taint rules run on it.
    static func matches(_ plan: TaintRulePlan, in analyses: FileTaintAnalyses) -> [Match] {
        guard !plan.pattern.sinks.isEmpty, !plan.pattern.sources.isEmpty else { return [] }
        var checker = TaintSinkChecker(plan: plan, analysis: analyses.analysis(for: plan), context: analyses.context)
        return checker.run()
    }
}
