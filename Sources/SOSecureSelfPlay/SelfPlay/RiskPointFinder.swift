import SOSecureCore
import SOSecurePython
import SOSecureRules

/// Finds the risk points of Python code: statements calling any API a rule watches, whether the call
/// is flagged or not. The sensitive names come from the rules themselves (their call matchers and
/// taint sinks), and calls are compared by resolved qualified name, as the analyzer compares them.
public struct RiskPointFinder: Sendable {
    /// Every call name a rule looks at.
    public let sensitiveNames: [NamePattern]

    public init(rules: [Rule]) {
        var seen: Set<String> = []
        var names: [NamePattern] = []
        for rule in rules where rule.language == .python {
            for pattern in Self.callNames(rule.match) where seen.insert(pattern.text).inserted {
                names.append(pattern)
            }
        }
        sensitiveNames = names
    }

    /// The call names of a matcher: `call:` names and the call sinks of `taint:`, through `any:`.
    static func callNames(_ matcher: Matcher) -> [NamePattern] {
        switch matcher {
        case let .call(pattern):
            return pattern.names
        case let .taint(pattern):
            return pattern.sinks.flatMap { sink -> [NamePattern] in
                if case let .call(names, _, _, _) = sink { return names }
                return []
            }
        case let .any(alternatives):
            return alternatives.flatMap(callNames)
        default:
            // Imports, assignments, secrets, strings, decorators and C-family code patterns name no call.
            return []
        }
    }

    public func isSensitive(_ qualifiedName: String) -> Bool {
        sensitiveNames.contains { $0.matches(qualifiedName) }
    }

    /// One risk point per line, in line order; the first sensitive call of a statement names it.
    public func riskPoints(in text: String, path: String = "<selfplay>") -> [RiskPoint] {
        let file = SourceFile(path: path, text: text)
        let finder = self
        // Deep nesting must not overflow the caller's stack: parse and walk on a large-stack thread.
        return LargeStackThread.run {
            let parse = PythonParser.parseOnCurrentThread(file)
            let model = SemanticModel(parse: parse)
            var byLine: [Int: RiskPoint] = [:]
            finder.walk(parse.module.body, scope: model.moduleScope, model: model) { stmt, scope in
                guard let callee = finder.firstSensitiveCall(of: stmt, scope: scope, model: model) else { return }
                let line = parse.lineIndex.location(of: stmt.range.start).line
                if byLine[line] == nil { byLine[line] = RiskPoint(line: line, callee: callee) }
            }
            return byLine.values.sorted { $0.line < $1.line }
        }
    }

    /// Visits every statement with the scope it runs in (function and class bodies get their own).
    private func walk(_ body: [Stmt], scope: Scope, model: SemanticModel, visit: (Stmt, Scope) -> Void) {
        for stmt in body {
            visit(stmt, scope)
            switch stmt.kind {
            case let .functionDef(_, _, _, inner, _, _, _), let .classDef(_, _, _, _, inner, _):
                walk(inner, scope: model.scope(of: stmt) ?? scope, model: model, visit: visit)
            case let .if(_, inner, orelse), let .while(_, inner, orelse), let .for(_, _, inner, orelse, _):
                walk(inner, scope: scope, model: model, visit: visit)
                walk(orelse, scope: scope, model: model, visit: visit)
            case let .with(_, inner, _):
                walk(inner, scope: scope, model: model, visit: visit)
            case let .try(inner, handlers, orelse, finalbody, _):
                for part in [inner] + handlers.map(\.body) + [orelse, finalbody] {
                    walk(part, scope: scope, model: model, visit: visit)
                }
            case let .match(_, cases):
                for matchCase in cases { walk(matchCase.body, scope: scope, model: model, visit: visit) }
            default:
                break
            }
        }
    }

    /// The first sensitive call among a statement's own expressions (not those of nested statements).
    private func firstSensitiveCall(of stmt: Stmt, scope: Scope, model: SemanticModel) -> String? {
        var stack: [ASTNodeRef] = []
        var calls: [(start: Int, name: String)] = []
        ASTNodeRef.stmt(stmt).forEachChild { child in
            if case .stmt = child { return }
            stack.append(child)
        }
        while let node = stack.popLast() {
            if case let .expr(expr) = node, case let .call(function, _, _) = expr.kind,
               let callee = model.calleeName(of: expr, in: scope)?.name ?? PythonAnalyzer.unknownReceiverCallee(function)?.name,
               isSensitive(callee) {
                calls.append((expr.range.start, callee))
            }
            node.forEachChild { child in
                if case .stmt = child { return }
                stack.append(child)
            }
        }
        return calls.min { $0.start < $1.start }?.name
    }
}
