import SOSecureCore
import SOSecurePython

/// Turns one file's taint facts into findings for one pattern's sinks: direct sink calls, calls of
/// local functions whose parameters reach a sink, and tainted handler returns.
struct TaintSinkChecker {
    /// A parameter of a local function that reaches a sink inside it (possibly through further calls).
    struct SinkReach {
        let parameter: Int
        /// From the parameter to the sink, sink step included.
        let steps: [FlowStep]
        let sinkCall: Expr
        let sinkName: String
        let guessed: Bool
    }

    private let pattern: TaintPattern
    private let analysis: FileTaintAnalysis
    private let context: PythonFileContext
    private var reaches: [ObjectIdentifier: [SinkReach]] = [:]
    private var inProgress: Set<ObjectIdentifier> = []
    private var matches: [Match] = []
    private var flagged: Set<TextRange> = []

    /// Last segments of the sink names; nil when some name ends in a wildcard.
    private let sinkSegments: Set<String>?

    init(plan: TaintRulePlan, analysis: FileTaintAnalysis, context: PythonFileContext) {
        self.pattern = plan.pattern
        self.analysis = analysis
        self.context = context
        sinkSegments = plan.sinkSegments
    }

    mutating func run() -> [Match] {
        let checksReturns = pattern.sinks.contains { if case .handlerReturn = $0 { return true }; return false }
        for result in analysis.allResults {
            for event in result.events {
                for hit in sinkHits(event) {
                    guard let source = hit.taint.source else { continue }
                    let sink = FlowStep(role: .sink, range: hit.argumentRange, message: "\(source.holder) reaches \(hit.sinkName)")
                    emit(range: event.call.range, steps: source.steps + [sink], origin: source.origin, sinkName: hit.sinkName,
                         guessed: source.guessed || hit.guessed, fixTarget: .call(event.call))
                    break
                }
                if let local = event.localCallee {
                    let layout = analysis.layout(of: local)
                    let name = FunctionTaintInterpreter.functionName(local)
                    for reach in sinkReaches(of: local, depth: 1) {
                        guard let (taint, argument) = event.argument(forParameter: reach.parameter, layout: layout),
                              let source = taint.source else { continue }
                        let pass = FlowStep(role: .propagation, range: argument.range, message: "\(source.holder) is passed to `\(name)()`")
                        // Reported at the dangerous call inside the helper, where the fix goes; the flow starts
                        // at the caller's source, and several tainted call sites of one helper are one finding.
                        emit(range: reach.sinkCall.range, steps: source.steps + [pass] + reach.steps, origin: source.origin,
                             sinkName: reach.sinkName, guessed: source.guessed || reach.guessed, fixTarget: .call(reach.sinkCall))
                        break
                    }
                }
            }
            if checksReturns, result.handler != nil { checkReturns(of: result) }
        }
        return matches.sorted { $0.range < $1.range }
    }

    private mutating func checkReturns(of result: FunctionTaintResult) {
        for returned in result.returns {
            guard let source = returned.taint.source else { continue }
            for sink in pattern.sinks {
                guard case let .handlerReturn(html) = sink else { continue }
                if html, !HandlerResponseMarkup.isMarkup(returned.value, scope: result.scope, context: context) { continue }
                let step = FlowStep(role: .sink, range: returned.value.range, message: "\(source.holder) is returned in the response")
                emit(range: returned.value.range, steps: source.steps + [step], origin: source.origin, sinkName: "the response",
                     guessed: source.guessed, fixTarget: nil)
                break
            }
        }
    }

    private mutating func emit(range: TextRange, steps: [FlowStep], origin: TaintOrigin, sinkName: String, guessed: Bool,
                               fixTarget: FixTarget?) {
        guard flagged.insert(range).inserted, case let .source(kind) = origin else { return }
        let message = "\(TaintSourceCatalog.phrase(for: kind)) reaches \(sinkName)"
        matches.append(Match(range: range, guessed: guessed, flow: steps, fixTarget: fixTarget, message: message))
    }

    // MARK: Sink calls

    struct SinkHit {
        let sinkName: String
        let taint: TaintValue
        let argumentRange: TextRange
        let guessed: Bool
    }

    /// The pattern's call sinks this event matches, with the taint of the selected argument.
    private func sinkHits(_ event: TaintCallEvent) -> [SinkHit] {
        guard event.localCallee == nil else { return [] }
        if let sinkSegments, !sinkSegments.contains(event.segment) { return [] }
        var hits: [SinkHit] = []
        for sink in pattern.sinks {
            guard case let .call(names, position, keyword, constraints) = sink,
                  let sinkName = matchingName(names, event: event) else { continue }
            guard let (taint, range) = selected(position: position, keyword: keyword, in: event), !taint.isClean else { continue }
            guard constraints.allSatisfy({ ArgumentChecks.holds($0, call: event.call, context: context, scope: event.scope) }) else { continue }
            hits.append(SinkHit(sinkName: sinkName, taint: taint, argumentRange: range, guessed: event.callee?.guessed ?? false))
        }
        return hits
    }

    private func matchingName(_ names: [NamePattern], event: TaintCallEvent) -> String? {
        if let callee = event.callee {
            return names.contains(where: { $0.matches(callee.name) }) ? callee.name : nil
        }
        // A receiver of unknown type still matches `*.method` patterns, named as the analyzer names it.
        guard let unknown = PythonAnalyzer.unknownReceiverCallee(event.function)?.name else { return nil }
        for name in names where name.text.hasPrefix("*.") && name.matches(unknown) {
            // Messages name the call as written (`self.db.execute`), which reads better than `?.execute`.
            let written = event.function.dottedName ?? unknown
            return written.count <= 60 ? written : unknown
        }
        return nil
    }

    /// The taint of the argument a sink selects; neither position nor keyword means any argument or the receiver.
    private func selected(position: Int?, keyword: String?, in event: TaintCallEvent) -> (TaintValue, TextRange)? {
        if position == nil && keyword == nil {
            var taint = event.receiverTaint
            var range = event.function.range
            for (index, argument) in event.args.enumerated() where !event.argumentTaints[index].isClean {
                if taint.isClean { range = argument.range }
                taint.formUnion(event.argumentTaints[index])
            }
            for (index, keywordArgument) in event.keywords.enumerated() where !event.keywordTaints[index].isClean {
                if taint.isClean { range = keywordArgument.value.range }
                taint.formUnion(event.keywordTaints[index])
            }
            return (taint, range)
        }
        if let keyword, let index = event.keywords.firstIndex(where: { $0.arg == keyword }) {
            return (event.keywordTaints[index], event.keywords[index].value.range)
        }
        guard let position else { return nil }
        if let star = event.args.firstIndex(where: { if case .starred = $0.kind { return true }; return false }), star <= position {
            return (event.argumentTaints[star], event.args[star].range)
        }
        guard position < event.args.count else { return nil }
        return (event.argumentTaints[position], event.args[position].range)
    }

    // MARK: Local functions

    /// Which parameters of a local function reach one of the pattern's sinks, through any depth of local calls.
    private mutating func sinkReaches(of function: Stmt, depth: Int) -> [SinkReach] {
        let id = ObjectIdentifier(function)
        if let known = reaches[id] { return known }
        guard depth <= FileTaintAnalysis.maximumCallDepth, !inProgress.contains(id),
              let result = analysis.result(for: function, depth: depth) else { return [] }
        inProgress.insert(id)
        defer { inProgress.remove(id) }

        var found: [SinkReach] = []
        var reached: Set<Int> = []
        func add(_ reach: SinkReach) {
            if reached.insert(reach.parameter).inserted { found.append(reach) }
        }
        for event in result.events {
            for hit in sinkHits(event) {
                for trace in hit.taint.parameters {
                    guard case let .parameter(index) = trace.origin else { continue }
                    let sink = FlowStep(role: .sink, range: hit.argumentRange, message: "\(trace.holder) reaches \(hit.sinkName)")
                    add(SinkReach(parameter: index, steps: trace.steps + [sink], sinkCall: event.call, sinkName: hit.sinkName,
                                  guessed: hit.guessed))
                }
            }
            guard let local = event.localCallee else { continue }
            let layout = analysis.layout(of: local)
            let name = FunctionTaintInterpreter.functionName(local)
            for inner in sinkReaches(of: local, depth: depth + 1) {
                guard let (taint, argument) = event.argument(forParameter: inner.parameter, layout: layout) else { continue }
                for trace in taint.parameters {
                    guard case let .parameter(index) = trace.origin else { continue }
                    let pass = FlowStep(role: .propagation, range: argument.range, message: "\(trace.holder) is passed to `\(name)()`")
                    add(SinkReach(parameter: index, steps: trace.steps + [pass] + inner.steps, sinkCall: inner.sinkCall,
                                  sinkName: inner.sinkName, guessed: inner.guessed))
                }
            }
        }
        // Remembered even when recursion cut an inner call short: recursive flows are rare, repeated work is not.
        reaches[id] = found
        return found
    }
}
