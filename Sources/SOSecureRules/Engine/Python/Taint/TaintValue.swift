import SOSecureCore
import SOSecurePython

/// Where tainted data started: a real source, or a parameter of the function being analysed
/// (parameter origins make a function's summary; the caller substitutes its own arguments).
enum TaintOrigin: Hashable {
    case source(TaintSourceKind)
    case parameter(Int)
}

/// One way a value came to be tainted: its origin and the hops since, for the finding's flow.
struct TaintTrace {
    /// Longer paths keep their source and their most recent hops.
    static let maximumSteps = 16

    let origin: TaintOrigin
    private(set) var steps: [FlowStep]
    /// The last thing that held the data, as written in messages: "request.args", "`cmd`".
    private(set) var holder: String
    /// Some step relied on a snippet guess (a missing import, a name-based type).
    var guessed: Bool

    init(origin: TaintOrigin, steps: [FlowStep], holder: String, guessed: Bool) {
        self.origin = origin
        self.steps = steps
        self.holder = holder
        self.guessed = guessed
    }

    func appending(_ step: FlowStep, holder newHolder: String) -> TaintTrace {
        var copy = self
        if copy.steps.count >= Self.maximumSteps { copy.steps.remove(at: 1) }
        copy.steps.append(step)
        copy.holder = newHolder
        return copy
    }

    func appending(contentsOf more: [FlowStep], holder newHolder: String, guessed moreGuessed: Bool) -> TaintTrace {
        var copy = self
        for step in more {
            if copy.steps.count >= Self.maximumSteps { copy.steps.remove(at: 1) }
            copy.steps.append(step)
        }
        copy.holder = newHolder
        copy.guessed = guessed || moreGuessed
        return copy
    }
}

/// The taint of one value: at most one trace from a real source, plus one trace per parameter the value
/// depends on. Keeping one trace per origin keeps joins cheap and paths short.
struct TaintValue {
    private(set) var source: TaintTrace?
    /// Sorted by parameter index, one trace each.
    private(set) var parameters: [TaintTrace]

    static let clean = TaintValue(source: nil, parameters: [])

    init(source: TaintTrace?, parameters: [TaintTrace]) {
        self.source = source
        self.parameters = parameters
    }

    init(_ trace: TaintTrace) {
        if case .source = trace.origin { self.init(source: trace, parameters: []) } else { self.init(source: nil, parameters: [trace]) }
    }

    var isClean: Bool { source == nil && parameters.isEmpty }

    func parameter(_ index: Int) -> TaintTrace? {
        parameters.first { $0.origin == .parameter(index) }
    }

    /// Every trace, the real source first.
    var traces: [TaintTrace] { (source.map { [$0] } ?? []) + parameters }

    mutating func formUnion(_ other: TaintValue) {
        if other.isClean { return }
        if isClean { self = other; return }
        if source == nil { source = other.source }
        for trace in other.parameters where !parameters.contains(where: { $0.origin == trace.origin }) {
            parameters.append(trace)
            parameters.sort { Self.index($0) < Self.index($1) }
        }
    }

    func union(_ other: TaintValue) -> TaintValue {
        var copy = self
        copy.formUnion(other)
        return copy
    }

    /// Records a propagation hop on every trace; `message` gets each trace's previous holder.
    func adding(range: TextRange, holder: String, message: (String) -> String) -> TaintValue {
        if isClean { return self }
        func hop(_ trace: TaintTrace) -> TaintTrace {
            trace.appending(FlowStep(role: .propagation, range: range, message: message(trace.holder)), holder: holder)
        }
        return TaintValue(source: source.map(hop), parameters: parameters.map(hop))
    }

    /// Same origins (ignoring paths): what loop iteration compares to know it reached a fixed point.
    func hasSameOrigins(as other: TaintValue) -> Bool {
        (source == nil) == (other.source == nil) && parameters.map(\.origin) == other.parameters.map(\.origin)
    }

    private static func index(_ trace: TaintTrace) -> Int {
        if case let .parameter(index) = trace.origin { return index }
        return -1
    }
}
