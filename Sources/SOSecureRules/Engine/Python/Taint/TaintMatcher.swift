import SOSecureCore
import SOSecurePython

/// Finds untrusted data reaching dangerous calls: sources by kind (web, cli, env, stdin, file, network),
/// propagation by abstract interpretation of each function, summaries of the file's own functions,
/// and the pattern's sinks and sanitizers.
enum TaintMatcher {
    /// Every place untrusted data of `pattern.sources` kinds reaches one of `pattern.sinks` unsanitized.
    static func matches(_ pattern: TaintPattern, in context: PythonFileContext) -> [Match] {
        guard !pattern.sinks.isEmpty, !pattern.sources.isEmpty else { return [] }
        return TaintAnalysisCache.shared.withAnalysis(for: context, kinds: pattern.sources, sanitizers: pattern.sanitizers) { analysis in
            var checker = TaintSinkChecker(pattern: pattern, analysis: analysis, context: context)
            return checker.run()
        }
    }
}
