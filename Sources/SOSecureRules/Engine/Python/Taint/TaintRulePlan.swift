/// What a taint pattern needs on every file, worked out once per scan: the last segments of its sink
/// names (the cheap first test for calls), whether it checks handler returns, and its sanitizers'
/// last segments for the analysis cache key.
struct TaintRulePlan: Sendable {
    struct Sanitizer: Sendable {
        let pattern: NamePattern
        /// `quote` for `shlex.quote`; `*` for a pattern ending in a wildcard segment.
        let segment: String
        /// A function the engine treats as clean anyway: listing it as a sanitizer changes nothing.
        let alwaysCleans: Bool
    }

    let pattern: TaintPattern
    /// Last segments of the call sinks' names; nil when some name ends in a wildcard.
    let sinkSegments: Set<String>?
    let hasCallSinks: Bool
    let checksReturns: Bool
    let sanitizers: [Sanitizer]
    /// The source kinds as the analysis cache spells them.
    let kindsKey: String

    init(_ pattern: TaintPattern) {
        self.pattern = pattern
        var segments: Set<String>? = []
        var hasCallSinks = false
        var checksReturns = false
        for sink in pattern.sinks {
            switch sink {
            case let .call(names, _, _, _):
                hasCallSinks = true
                for name in names {
                    let segment = Self.lastSegment(name.text)
                    if segment == "*" { segments = nil } else { segments?.insert(segment) }
                }
            case .handlerReturn:
                checksReturns = true
            }
        }
        sinkSegments = segments
        self.hasCallSinks = hasCallSinks
        self.checksReturns = checksReturns
        sanitizers = pattern.sanitizers.map {
            // Split as the cache always has: `a.b.` ends in `b`.
            Sanitizer(pattern: $0, segment: $0.text.split(separator: ".").last.map(String.init) ?? $0.text,
                      alwaysCleans: TaintCleaners.cleanFunctions.contains($0.text))
        }
        kindsKey = pattern.sources.map(\.rawValue).sorted().joined(separator: ",")
    }

    /// Whether the pattern can report anything in a file whose calls have these last segments (resolved
    /// and as written) and that has (or lacks) web handlers. Every finding needs a call whose segment is
    /// a sink segment, or a handler's return.
    func mayMatch(callSegments: Set<String>, hasHandlers: Bool) -> Bool {
        guard !pattern.sinks.isEmpty, !pattern.sources.isEmpty else { return false }
        if checksReturns && hasHandlers { return true }
        guard hasCallSinks else { return false }
        guard let sinkSegments else { return true }
        return !sinkSegments.isDisjoint(with: callSegments)
    }

    static func lastSegment(_ name: String) -> String {
        name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]) } ?? name
    }
}
