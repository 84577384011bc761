import SOSecureCore
import SOSecurePython

/// What interpreting one function (or the module's top-level code) found.
struct FunctionTaintResult {
    /// nil for the module's top-level code.
    let function: Stmt?
    let scope: Scope
    let handler: WebHandler?
    let events: [TaintCallEvent]
    let returns: [TaintReturnEvent]
    /// What the function's return value depends on: a real source and/or parameters.
    let returnTaint: TaintValue
}

/// Abstract interpretation of one function body: statements in order, a taint value per variable,
/// branches joined, loops iterated until their taint stops growing (at most three rounds).
/// Nested `def`s and classes are interpreted on their own.
final class FunctionTaintInterpreter {
    private let file: FileTaintAnalysis
    private let frame: TaintFrame
    private let depth: Int
    private var state: [String: TaintValue] = [:] {
        // Counts writes, so a branch or loop round that wrote nothing needs no join.
        didSet { version &+= 1 }
    }
    private var version = 0
    /// Whether any `a.b` key is in `state`; saves building keys for attribute reads.
    private var hasAttributeKeys = false
    private var eventIndex: [ObjectIdentifier: Int] = [:]
    private var events: [TaintCallEvent] = []
    private var returnIndex: [ObjectIdentifier: Int] = [:]
    private var returns: [TaintReturnEvent] = []
    private var returnTaint = TaintValue.clean
    private var loopDepth = 0

    init(file: FileTaintAnalysis, frame: TaintFrame, depth: Int) {
        self.file = file
        self.frame = frame
        self.depth = depth
    }

    /// Gives a variable its taint before the body runs (parameters, request parameters).
    func seed(_ name: String, with value: TaintValue) {
        state[name, default: .clean].formUnion(value)
    }

    func run(_ body: [Stmt]) -> FunctionTaintResult {
        execute(body)
        if frame.function == nil { file.updateGlobals(state) }
        return FunctionTaintResult(function: frame.function, scope: frame.scope, handler: frame.handler,
                                   events: events, returns: returns, returnTaint: returnTaint)
    }

    // MARK: Statements

    /// Runs statements in order; false when control cannot fall off the end (`return`, `raise`).
    @discardableResult
    private func execute(_ body: [Stmt]) -> Bool {
        for stmt in body where !execute(stmt) { return false }
        return true
    }

    private func execute(_ stmt: Stmt) -> Bool {
        switch stmt.kind {
        case let .functionDef(name, _, _, _, _, _, _):
            // A nested function sees the enclosing variables as they are when it is defined.
            if frame.function != nil, !state.isEmpty { file.recordClosure(of: stmt, state: state) }
            clear(name)
        case let .classDef(name, _, _, _, _, _):
            clear(name)
        case let .return(value):
            if let value { recordReturn(stmt, value: value, taint: evaluate(value)) }
            return false
        case let .delete(targets):
            for target in targets { if let key = Self.key(of: target) { clear(key) } }
        case let .assign(targets, value):
            executeAssignment(targets: targets, value: value, at: stmt.range)
        case let .annAssign(target, _, value?, _):
            executeAssignment(targets: [target], value: value, at: stmt.range)
        case let .augAssign(target, _, value):
            let combined = evaluate(value).union(evaluate(target))
            assign(target, combined, at: stmt.range)
        case let .for(target, iter, body, orelse, _):
            var items = evaluate(iter)
            if let hit = file.catalog.iterationSource(of: iter, frame: frame) { items.formUnion(sourceValue(hit, node: iter)) }
            iterate {
                assign(target, items, at: target.range)
                execute(body)
            }
            return execute(orelse)
        case let .while(test, body, orelse):
            iterate {
                _ = evaluate(test)
                execute(body)
            }
            return execute(orelse)
        case let .if(test, body, orelse):
            _ = evaluate(test)
            return executeBranches([body, orelse])
        case let .with(items, body, _):
            for item in items {
                let value = evaluate(item.contextExpr)
                if let target = item.optionalVars { assign(target, value, at: target.range) }
            }
            return execute(body)
        case let .match(subject, cases):
            let value = evaluate(subject)
            let entry = state
            var merged: [String: TaintValue]?
            for matchCase in cases {
                state = entry
                bind(matchCase.pattern, to: value)
                if let guardExpr = matchCase.guardExpr { _ = evaluate(guardExpr) }
                if execute(matchCase.body) { merged = merged.map { Self.join($0, state) } ?? state }
            }
            // No case may match: the entry state flows on too.
            state = merged.map { Self.join($0, entry) } ?? entry
        case let .raise(exc, cause):
            if let exc { _ = evaluate(exc) }
            if let cause { _ = evaluate(cause) }
            return false
        case let .try(body, handlers, orelse, finalbody, _):
            return executeTry(body: body, handlers: handlers, orelse: orelse, finalbody: finalbody)
        case let .assert(test, msg):
            _ = evaluate(test)
            if let msg { _ = evaluate(msg) }
        case let .expr(value):
            _ = evaluate(value)
        case let .import(names):
            for alias in names { clear(alias.asname ?? String(alias.name.prefix { $0 != "." })) }
        case let .importFrom(_, names, _):
            for alias in names { clear(alias.asname ?? alias.name) }
        case .annAssign, .typeAlias, .global, .nonlocal, .pass, .break, .continue:
            break
        }
        return true
    }

    /// Runs each branch from the current state and joins the states of those that fall through.
    private func executeBranches(_ branches: [[Stmt]]) -> Bool {
        let entry = state
        var merged: [String: TaintValue]?
        var unchangedBranchFallsThrough = false
        var anyFallsThrough = false
        for branch in branches {
            state = entry
            let before = version
            guard execute(branch) else { continue }
            anyFallsThrough = true
            if version == before {
                unchangedBranchFallsThrough = true
            } else {
                merged = merged.map { Self.join($0, state) } ?? state
            }
        }
        guard anyFallsThrough else {
            state = entry
            return false
        }
        if let merged {
            state = unchangedBranchFallsThrough ? Self.join(merged, entry) : merged
        } else {
            state = entry
        }
        return true
    }

    private func executeTry(body: [Stmt], handlers: [ExceptHandler], orelse: [Stmt], finalbody: [Stmt]) -> Bool {
        let entry = state
        let bodyFallsThrough = execute(body)
        // An exception can leave the body anywhere, so handlers start from what either end knew.
        let handlerEntry = Self.join(entry, state)
        var exits: [[String: TaintValue]] = []
        if bodyFallsThrough, execute(orelse) { exits.append(state) }
        for handler in handlers {
            state = handlerEntry
            if let name = handler.name { clear(name) }
            if let type = handler.type { _ = evaluate(type) }
            if execute(handler.body) { exits.append(state) }
        }
        guard let first = exits.first else {
            state = handlerEntry
            execute(finalbody)
            return false
        }
        state = exits.dropFirst().reduce(first, Self.join)
        return execute(finalbody)
    }

    /// Runs a loop body until the taint it adds stops growing. Deeply nested loops get one round each,
    /// so nesting cannot multiply the work without bound.
    private func iterate(_ round: () -> Void) {
        loopDepth += 1
        defer { loopDepth -= 1 }
        let rounds = loopDepth > 2 ? 1 : 3
        for _ in 0..<rounds {
            let before = state
            let beforeVersion = version
            round()
            if version == beforeVersion { break }
            state = Self.join(before, state)
            if Self.sameOrigins(before, state) { break }
        }
    }

    private func executeAssignment(targets: [Expr], value: Expr, at range: TextRange) {
        // `a, b = x, y` assigns element by element when both sides have the same shape.
        if targets.count == 1, let pairs = Self.elementPairs(targets[0], value) {
            let values = pairs.map { evaluate($0.value) }
            for (pair, taint) in zip(pairs, values) { assign(pair.target, taint, at: range) }
            return
        }
        let taint = evaluate(value)
        for target in targets { assign(target, taint, at: range) }
    }

    private static func elementPairs(_ target: Expr, _ value: Expr) -> [(target: Expr, value: Expr)]? {
        let targets: [Expr], values: [Expr]
        switch (target.kind, value.kind) {
        case let (.tuple(t, _), .tuple(v, _)), let (.tuple(t, _), .list(v, _)), let (.list(t, _), .tuple(v, _)), let (.list(t, _), .list(v, _)):
            targets = t
            values = v
        default:
            return nil
        }
        func starred(_ expr: Expr) -> Bool { if case .starred = expr.kind { return true }; return false }
        guard targets.count == values.count, !targets.contains(where: starred), !values.contains(where: starred) else { return nil }
        return Array(zip(targets, values)).map { (target: $0.0, value: $0.1) }
    }

    private func assign(_ target: Expr, _ value: TaintValue, at range: TextRange) {
        switch target.kind {
        case let .name(id, _):
            store(id, value, at: range)
        case .attribute:
            guard let key = Self.key(of: target) else { return }
            store(key, value, at: range)
            if !value.isClean { hasAttributeKeys = true }
        case let .subscript(base, _, _):
            // Writing into a container taints the whole container; it never cleans it.
            guard !value.isClean, let key = Self.key(of: base) else { return }
            state[key, default: .clean].formUnion(Self.flow(value, into: key, at: range))
            if key.contains(".") { hasAttributeKeys = true }
        case let .tuple(elements, _), let .list(elements, _):
            for element in elements { assign(element, value, at: range) }
        case let .starred(inner, _):
            assign(inner, value, at: range)
        default:
            break
        }
    }

    private func store(_ key: String, _ value: TaintValue, at range: TextRange) {
        if value.isClean {
            clear(key)
        } else {
            state[key] = Self.flow(value, into: key, at: range)
        }
    }

    private static func flow(_ value: TaintValue, into key: String, at range: TextRange) -> TaintValue {
        value.adding(range: range, holder: "`\(key)`") { "\($0) flows into `\(key)`" }
    }

    private func bind(_ pattern: Pattern, to value: TaintValue) {
        ASTNodeRef.pattern(pattern).walkPatterns { node in
            switch node.kind {
            case let .matchAs(_, name?), let .matchStar(name?):
                store(name, value, at: node.range)
            case let .matchMapping(_, _, rest?):
                store(rest, value, at: node.range)
            default:
                break
            }
        }
    }

    private func recordReturn(_ stmt: Stmt, value: Expr, taint: TaintValue) {
        returnTaint.formUnion(taint)
        guard !taint.isClean else { return }
        if let index = returnIndex[ObjectIdentifier(stmt)] {
            returns[index].taint.formUnion(taint)
        } else {
            returnIndex[ObjectIdentifier(stmt)] = returns.count
            returns.append(TaintReturnEvent(statement: stmt, value: value, taint: taint))
        }
    }

    // MARK: Expressions

    private func evaluate(_ expr: Expr) -> TaintValue {
        switch expr.kind {
        case .constant, .lambda:
            return .clean
        case let .name(id, _):
            if let value = state[id] { return value }
            if let hit = file.catalog.source(name: id, node: expr, frame: frame) { return sourceValue(hit, node: expr) }
            return .clean
        case let .attribute(base, attr, _):
            if let hit = file.catalog.source(attribute: expr, base: base, attr: attr, frame: frame) {
                return sourceValue(hit, node: expr)
            }
            if hasAttributeKeys, let key = Self.key(of: expr), let value = state[key] { return value }
            return evaluate(base)
        case let .subscript(base, slice, _):
            _ = evaluate(slice)
            return evaluate(base)
        case let .call(function, args, keywords):
            return evaluateCall(expr, function: function, args: args, keywords: keywords)
        case let .binOp(left, _, right):
            return evaluate(left).union(evaluate(right))
        case let .boolOp(_, values):
            return evaluateAll(values)
        case let .unaryOp(op, operand):
            let value = evaluate(operand)
            return op == .not ? .clean : value
        case let .compare(left, _, comparators):
            _ = evaluate(left)
            _ = evaluateAll(comparators)
            return .clean
        case let .ifExp(test, body, orelse):
            _ = evaluate(test)
            return evaluate(body).union(evaluate(orelse))
        case let .dict(keys, values):
            return evaluateAll(keys.compactMap { $0 }).union(evaluateAll(values))
        case let .set(elements), let .list(elements, _), let .tuple(elements, _), let .joinedStr(elements):
            return evaluateAll(elements)
        case let .formattedValue(value, _, spec):
            if let spec { _ = evaluate(spec) }
            return evaluate(value)
        case let .listComp(element, generators), let .setComp(element, generators), let .generatorExp(element, generators):
            return evaluateComprehension(generators, elements: [element])
        case let .dictComp(key, value, generators):
            return evaluateComprehension(generators, elements: [key, value])
        case let .namedExpr(target, value):
            let taint = evaluate(value)
            assign(target, taint, at: expr.range)
            return taint
        case let .await(value), let .yieldFrom(value), let .starred(value, _):
            return evaluate(value)
        case let .yield(value):
            if let value { _ = evaluate(value) }
            return .clean
        case let .slice(lower, upper, step):
            for part in [lower, upper, step] { if let part { _ = evaluate(part) } }
            return .clean
        }
    }

    private func evaluateAll(_ exprs: [Expr]) -> TaintValue {
        var result = TaintValue.clean
        for expr in exprs { result.formUnion(evaluate(expr)) }
        return result
    }

    /// Comprehension variables live only inside the comprehension: bind, evaluate, restore.
    private func evaluateComprehension(_ generators: [Comprehension], elements: [Expr]) -> TaintValue {
        var saved: [(String, TaintValue?)] = []
        for generator in generators {
            var items = evaluate(generator.iter)
            if let hit = file.catalog.iterationSource(of: generator.iter, frame: frame) {
                items.formUnion(sourceValue(hit, node: generator.iter))
            }
            ASTNodeRef.expr(generator.target).walkExpressions { node in
                if case let .name(id, _) = node.kind {
                    saved.append((id, state[id]))
                    if items.isClean { clear(id) } else { state[id] = items }
                }
            }
            for condition in generator.ifs { _ = evaluate(condition) }
        }
        let result = evaluateAll(elements)
        for (name, value) in saved.reversed() where !(value == nil && state[name] == nil) { state[name] = value }
        return result
    }

    private func evaluateCall(_ call: Expr, function: Expr, args: [Expr], keywords: [Keyword]) -> TaintValue {
        let functionTaint = evaluate(function)
        var anyTainted = !functionTaint.isClean
        var argumentTaints: [TaintValue] = []
        argumentTaints.reserveCapacity(args.count)
        for argument in args {
            let taint = evaluate(argument)
            anyTainted = anyTainted || !taint.isClean
            argumentTaints.append(taint)
        }
        var keywordTaints: [TaintValue] = []
        keywordTaints.reserveCapacity(keywords.count)
        for keyword in keywords {
            let taint = evaluate(keyword.value)
            anyTainted = anyTainted || !taint.isClean
            keywordTaints.append(taint)
        }

        var local: Stmt?
        var offset = 0
        switch function.kind {
        case .name:
            local = file.model.localFunction(called: function, in: frame.scope)
        case .attribute(let base, let attr, _):
            if case .name("self", _) = base.kind {
                local = file.model.localFunction(called: function, in: frame.scope)
                offset = 1
            } else if case .name = base.kind, functionTaint.isClean, let method = file.facts.uniqueMethods[attr],
                      file.model.resolve(base, in: frame.scope) == nil {
                // `service.find_user(name)`: the only method of that name in the file.
                local = method
                offset = file.facts.isStaticMethod(method) ? 0 : 1
            }
        default:
            break
        }

        if let local {
            // A function called from top-level code reads the globals as they are at this call.
            if frame.function == nil { file.updateGlobals(state) }
            let summary = file.result(for: local, depth: depth + 1)
            if anyTainted {
                record(TaintCallEvent(call: call, function: function, args: args, keywords: keywords,
                                      argumentTaints: argumentTaints, keywordTaints: keywordTaints,
                                      receiverTaint: functionTaint, scope: frame.scope, callee: nil,
                                      localCallee: local, parameterOffset: offset))
            }
            if let summary {
                return apply(summary, of: local, call: call, offset: offset, args: args, argumentTaints: argumentTaints,
                             keywords: keywords, keywordTaints: keywordTaints)
            }
        }
        guard anyTainted else { return .clean }

        let callee = local == nil ? file.model.calleeName(of: call, in: frame.scope) : nil
        if local == nil {
            record(TaintCallEvent(call: call, function: function, args: args, keywords: keywords,
                                  argumentTaints: argumentTaints, keywordTaints: keywordTaints,
                                  receiverTaint: functionTaint, scope: frame.scope, callee: callee,
                                  localCallee: nil, parameterOffset: 0))
        }
        if file.cleaners.cleans(callee: callee, function: function) { return .clean }

        var result = TaintValue.clean
        for taint in argumentTaints { result.formUnion(taint) }
        for taint in keywordTaints { result.formUnion(taint) }
        if case let .attribute(base, attr, _) = function.kind, TaintCleaners.containerAdders.contains(attr) {
            // `items.append(x)`: the container now holds tainted data; the call itself returns nothing useful.
            if !result.isClean, let key = Self.key(of: base) {
                state[key, default: .clean].formUnion(result.adding(range: call.range, holder: "`\(key)`") { "\($0) is added to `\(key)`" })
                if key.contains(".") { hasAttributeKeys = true }
            }
            return functionTaint
        }
        result.formUnion(functionTaint)
        return result
    }

    /// A local function's return summary at one call site: its own sources, plus the arguments
    /// that reach its return value.
    private func apply(_ summary: FunctionTaintResult, of local: Stmt, call: Expr, offset: Int, args: [Expr],
                       argumentTaints: [TaintValue], keywords: [Keyword], keywordTaints: [TaintValue]) -> TaintValue {
        let returned = summary.returnTaint
        guard !returned.isClean else { return .clean }
        let name = Self.functionName(local)
        var result = TaintValue.clean
        if let source = returned.source, case let .source(kind) = source.origin {
            let step = FlowStep(role: .propagation, range: call.range,
                                message: "`\(name)()` returns \(TaintSourceCatalog.phrase(for: kind))")
            result.formUnion(TaintValue(source.appending(step, holder: "`\(name)()`")))
        }
        let layout = file.layout(of: local)
        for trace in returned.parameters {
            guard case let .parameter(index) = trace.origin,
                  let (taint, _) = CallArguments.argument(forParameter: index, layout: layout, offset: offset, args: args,
                                                          argumentTaints: argumentTaints, keywords: keywords,
                                                          keywordTaints: keywordTaints),
                  !taint.isClean else { continue }
            result.formUnion(taint.adding(range: call.range, holder: "`\(name)()`") { "\($0) passes through `\(name)()`" })
        }
        return result
    }

    private func record(_ event: TaintCallEvent) {
        let id = ObjectIdentifier(event.call)
        if let index = eventIndex[id] {
            events[index].merge(event)
        } else {
            eventIndex[id] = events.count
            events.append(event)
        }
    }

    private func sourceValue(_ hit: TaintSourceHit, node: Expr) -> TaintValue {
        let step = FlowStep(role: .source, range: node.range,
                            message: "\(hit.description) is untrusted \(TaintSourceCatalog.phrase(for: hit.kind))")
        return TaintValue(TaintTrace(origin: .source(hit.kind), steps: [step], holder: hit.description, guessed: hit.guessed))
    }

    // MARK: Helpers

    /// Forgets a variable's taint without counting a write when it had none.
    private func clear(_ key: String) {
        if state[key] != nil { state.removeValue(forKey: key) }
    }

    /// The state key of an assignable expression: `x`, `self.name`, `a.b.c`.
    static func key(of expr: Expr) -> String? {
        switch expr.kind {
        case let .name(id, _): return id
        case let .attribute(base, attr, _): return key(of: base).map { "\($0).\(attr)" }
        default: return nil
        }
    }

    static func functionName(_ function: Stmt) -> String {
        if case let .functionDef(name, _, _, _, _, _, _) = function.kind { return name }
        return "function"
    }

    static func join(_ left: [String: TaintValue], _ right: [String: TaintValue]) -> [String: TaintValue] {
        if left.isEmpty { return right }
        var result = left
        for (key, value) in right { result[key, default: .clean].formUnion(value) }
        return result
    }

    /// Same variables with the same origins (paths may differ): a loop has reached its fixed point.
    private static func sameOrigins(_ left: [String: TaintValue], _ right: [String: TaintValue]) -> Bool {
        guard left.count == right.count else { return false }
        for (key, value) in left {
            guard let other = right[key], value.hasSameOrigins(as: other) else { return false }
        }
        return true
    }
}
