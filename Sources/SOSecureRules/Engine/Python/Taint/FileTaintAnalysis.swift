import SOSecureCore
import SOSecurePython

/// The taint facts of one file for one choice of source kinds and sanitizers: every function that can
/// see untrusted data is interpreted once; functions it calls are interpreted on demand and serve as
/// summaries. Rules that share sources and sanitizers share this object.
final class FileTaintAnalysis {
    /// Deeper chains of local calls fall back to the conservative rule for unknown functions.
    static let maximumCallDepth = 8

    unowned let context: PythonFileContext
    let catalog: TaintSourceCatalog
    let cleaners: TaintCleaners
    var model: SemanticModel { context.model }
    let facts: TaintFileFacts
    private var results: [ObjectIdentifier: FunctionTaintResult] = [:]
    private var inProgress: Set<ObjectIdentifier> = []
    private var layouts: [ObjectIdentifier: ParameterLayout] = [:]
    private(set) var moduleResult: FunctionTaintResult?
    /// Source-tainted variables of the enclosing function where a nested `def` appears.
    private var closures: [ObjectIdentifier: [String: TaintValue]] = [:]

    init(context: PythonFileContext, facts: TaintFileFacts, kinds: Set<TaintSourceKind>, sanitizers: [NamePattern]) {
        self.context = context
        self.facts = facts
        self.catalog = TaintSourceCatalog(kinds: kinds, model: context.model)
        self.cleaners = TaintCleaners(sanitizers: sanitizers)
        analyzeRoots()
    }

    /// Every interpreted body: the module's top-level code first, then functions in file order.
    var allResults: [FunctionTaintResult] {
        var list: [FunctionTaintResult] = moduleResult.map { [$0] } ?? []
        for (function, _) in context.functions {
            if let result = results[ObjectIdentifier(function)] { list.append(result) }
        }
        return list
    }

    /// Interprets top-level code, then functions that can see a source (directly or through a local call).
    /// Top-level code goes first so functions read the module's tainted globals.
    private func analyzeRoots() {
        let roots = facts.roots(for: catalog.kinds)
        if roots.contains(nil) {
            let frame = TaintFrame(scope: model.moduleScope, function: nil, handler: nil, selfName: nil,
                                   tornadoImported: facts.tornadoImported)
            moduleResult = FunctionTaintInterpreter(file: self, frame: frame, depth: 0).run(context.parse.module.body)
        }
        for (function, _) in context.functions where roots.contains(ObjectIdentifier(function)) {
            _ = result(for: function, depth: 0)
        }
    }

    /// Module variables holding source data, as top-level code last left them. A function interpreted
    /// later (called from top-level code, or afterwards) starts with them.
    private var globals: [String: TaintValue] = [:]

    func updateGlobals(_ state: [String: TaintValue]) {
        var sourced: [String: TaintValue] = [:]
        for (name, value) in state where !name.contains(".") {
            if let source = value.source { sourced[name] = TaintValue(source) }
        }
        globals = sourced
    }

    /// Remembers what a nested function can read from its enclosing function. Parameter origins are
    /// dropped: they belong to the enclosing function's summary, not the nested one's.
    func recordClosure(of function: Stmt, state: [String: TaintValue]) {
        guard results[ObjectIdentifier(function)] == nil else { return }
        var captured = closures[ObjectIdentifier(function)] ?? [:]
        for (name, value) in state {
            guard let source = value.source, !name.contains(".") else { continue }
            captured[name, default: .clean].formUnion(TaintValue(source))
        }
        if !captured.isEmpty { closures[ObjectIdentifier(function)] = captured }
    }

    func layout(of function: Stmt) -> ParameterLayout {
        if let known = layouts[ObjectIdentifier(function)] { return known }
        let layout = ParameterLayout(function)
        layouts[ObjectIdentifier(function)] = layout
        return layout
    }

    /// The interpretation of a local function, computing it on first use. Nil while the function is
    /// being interpreted (recursion) or past the call-depth limit: callers then stay conservative.
    func result(for function: Stmt, depth: Int) -> FunctionTaintResult? {
        let id = ObjectIdentifier(function)
        if let done = results[id] { return done }
        guard depth <= Self.maximumCallDepth, !inProgress.contains(id),
              case let .functionDef(_, _, _, body, _, _, _) = function.kind,
              let scope = model.scope(of: function), let definingScope = facts.definingScope(of: function) else { return nil }
        inProgress.insert(id)
        defer { inProgress.remove(id) }

        let parameters = SemanticModel.parameters(of: function)
        let isMethod = definingScope.kind == .class && !facts.isStaticMethod(function)
        let selfName = isMethod ? parameters.first?.arg : nil
        let handler = context.handler(for: function)
        let frame = TaintFrame(scope: scope, function: function, handler: handler, selfName: selfName,
                               tornadoImported: facts.tornadoImported)
        let interpreter = FunctionTaintInterpreter(file: self, frame: frame, depth: depth)
        for (name, value) in closures[id] ?? [:] where scope.localBinding(name) == nil {
            interpreter.seed(name, with: value)
        }
        for (name, value) in globals where scope.lookup(name)?.scope === model.moduleScope {
            interpreter.seed(name, with: value)
        }
        let clickCommand = catalog.kinds.contains(.cli) && facts.isClickCommand(function)
        for (index, parameter) in parameters.enumerated() where parameter.arg != selfName {
            interpreter.seed(parameter.arg, with: TaintValue(TaintTrace(origin: .parameter(index), steps: [],
                                                                        holder: "`\(parameter.arg)`", guessed: false)))
            var sourceKind: TaintSourceKind?
            var guessed = false
            if catalog.kinds.contains(.web), let handler, handler.taintedParameters.contains(parameter.arg) {
                sourceKind = .web
                guessed = handler.guessed
            } else if clickCommand {
                sourceKind = .cli
            }
            if let kind = sourceKind {
                let description = kind == .web ? "request parameter `\(parameter.arg)`" : "command option `\(parameter.arg)`"
                let step = FlowStep(role: .source, range: parameter.range,
                                    message: "\(description) is untrusted \(TaintSourceCatalog.phrase(for: kind))")
                interpreter.seed(parameter.arg, with: TaintValue(TaintTrace(origin: .source(kind), steps: [step],
                                                                            holder: "`\(parameter.arg)`", guessed: guessed)))
            }
        }
        let result = interpreter.run(body)
        results[id] = result
        return result
    }
}
