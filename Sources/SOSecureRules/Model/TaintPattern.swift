/// Untrusted data reaching a dangerous call.
public struct TaintPattern: Sendable {
    public let sources: Set<TaintSourceKind>
    public let sinks: [TaintSink]
    public let sanitizers: [NamePattern]

    public init(sources: Set<TaintSourceKind> = TaintSourceKind.defaultKinds, sinks: [TaintSink], sanitizers: [NamePattern] = []) {
        self.sources = sources
        self.sinks = sinks
        self.sanitizers = sanitizers
    }
}

public enum TaintSourceKind: String, Sendable, CaseIterable, Hashable {
    case web, cli, env, stdin, file, network

    public static let defaultKinds: Set<TaintSourceKind> = [.web, .cli, .env, .stdin]
}

public enum TaintSink: Sendable {
    /// An argument of a call; `position`/`keyword` select it, nil for both means any argument.
    case call(names: [NamePattern], position: Int?, keyword: String?, constraints: [ArgumentConstraint])
    /// A value returned from a web request handler; with `html`, only strings whose constant text has markup.
    case handlerReturn(html: Bool)
}
