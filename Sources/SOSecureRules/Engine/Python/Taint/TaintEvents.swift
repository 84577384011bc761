import SOSecureCore
import SOSecurePython

/// A call that received tainted data (from a source or from a parameter), recorded once per call node
/// while a function is interpreted. Sinks are checked against these afterwards, so one interpretation
/// serves every rule with the same sources and sanitizers.
struct TaintCallEvent {
    let call: Expr
    let function: Expr
    let args: [Expr]
    let keywords: [Keyword]
    var argumentTaints: [TaintValue]
    var keywordTaints: [TaintValue]
    /// The callee expression's own taint: the receiver of a method call.
    var receiverTaint: TaintValue
    let scope: Scope
    let callee: ResolvedName?
    /// A function of this file that the call runs, and how many leading parameters the call fills
    /// implicitly (1 for `self.method(...)`).
    let localCallee: Stmt?
    let parameterOffset: Int
    /// The callee's last name segment (`execute`), resolved when possible: a cheap first test for sinks.
    let segment: String

    init(call: Expr, function: Expr, args: [Expr], keywords: [Keyword], argumentTaints: [TaintValue],
         keywordTaints: [TaintValue], receiverTaint: TaintValue, scope: Scope, callee: ResolvedName?,
         localCallee: Stmt?, parameterOffset: Int) {
        self.call = call
        self.function = function
        self.args = args
        self.keywords = keywords
        self.argumentTaints = argumentTaints
        self.keywordTaints = keywordTaints
        self.receiverTaint = receiverTaint
        self.scope = scope
        self.callee = callee
        self.localCallee = localCallee
        self.parameterOffset = parameterOffset
        if let name = callee?.name {
            segment = name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]) } ?? name
        } else {
            switch function.kind {
            case let .attribute(_, attr, _): segment = attr
            case let .name(id, _): segment = id
            default: segment = ""
            }
        }
    }

    mutating func merge(_ other: TaintCallEvent) {
        for index in argumentTaints.indices { argumentTaints[index].formUnion(other.argumentTaints[index]) }
        for index in keywordTaints.indices { keywordTaints[index].formUnion(other.keywordTaints[index]) }
        receiverTaint.formUnion(other.receiverTaint)
    }

    /// The taint and expression of the argument a local callee receives as its parameter `index`.
    func argument(forParameter index: Int, layout: ParameterLayout) -> (taint: TaintValue, expr: Expr)? {
        CallArguments.argument(forParameter: index, layout: layout, offset: parameterOffset, args: args,
                               argumentTaints: argumentTaints, keywords: keywords, keywordTaints: keywordTaints)
    }
}

/// A `return` inside an analysed function, with the taint of its value.
struct TaintReturnEvent {
    let statement: Stmt
    let value: Expr
    var taint: TaintValue
}

/// How a `def` takes its arguments, for mapping call arguments to parameters.
struct ParameterLayout {
    let names: [String]
    /// Parameters that can be passed by position (positional-only and ordinary).
    let positionalCount: Int
    let varargIndex: Int?

    init(_ function: Stmt) {
        guard case let .functionDef(_, _, args, _, _, _, _) = function.kind else {
            names = []; positionalCount = 0; varargIndex = nil
            return
        }
        positionalCount = args.posonlyargs.count + args.args.count
        names = SemanticModel.parameters(of: function).map(\.arg)
        varargIndex = args.vararg == nil ? nil : positionalCount
    }
}

enum CallArguments {
    static func argument(forParameter index: Int, layout: ParameterLayout, offset: Int, args: [Expr],
                         argumentTaints: [TaintValue], keywords: [Keyword], keywordTaints: [TaintValue]) -> (taint: TaintValue, expr: Expr)? {
        guard index < layout.names.count else { return nil }
        let name = layout.names[index]
        if let keywordIndex = keywords.firstIndex(where: { $0.arg == name }) {
            return (keywordTaints[keywordIndex], keywords[keywordIndex].value)
        }
        let position = index - offset
        guard position >= 0 else { return nil }
        if index == layout.varargIndex {
            // `*args` collects every positional argument from here on.
            let rest = position < args.count ? Array(position..<args.count) : []
            guard let first = rest.first else { return nil }
            var taint = TaintValue.clean
            for argumentIndex in rest { taint.formUnion(argumentTaints[argumentIndex]) }
            return (taint, args[first])
        }
        guard index < layout.positionalCount else { return nil }
        if let star = args.firstIndex(where: { if case .starred = $0.kind { return true }; return false }), star <= position {
            return (argumentTaints[star], args[star])
        }
        guard position < args.count else { return nil }
        return (argumentTaints[position], args[position])
    }
}
