import SOSecureCore
import SOSecurePython

/// Finds untrusted data reaching dangerous calls. This first version follows direct flows inside one
/// function: a source expression, names assigned from it, and sink arguments that mention either.
enum TaintMatcher {
    /// Every place untrusted data of `pattern.sources` kinds reaches one of `pattern.sinks` unsanitized.
    static func matches(_ pattern: TaintPattern, in context: PythonFileContext) -> [Match] {
        var result: [Match] = []
        for (function, _) in context.functions {
            guard let scope = context.model.scope(of: function),
                  case let .functionDef(_, _, _, body, _, _, _) = function.kind else { continue }
            var tainted: [String: FlowStep] = [:]
            if pattern.sources.contains(.web), let handler = context.handler(for: function) {
                for parameter in SemanticModel.parameters(of: function) where handler.taintedParameters.contains(parameter.arg) {
                    tainted[parameter.arg] = FlowStep(role: .source, range: parameter.range, message: "request parameter `\(parameter.arg)`")
                }
            }
            scan(body, pattern: pattern, context: context, scope: scope, tainted: &tainted, into: &result)
        }
        return result
    }

    private static func scan(_ body: [Stmt], pattern: TaintPattern, context: PythonFileContext, scope: Scope,
                             tainted: inout [String: FlowStep], into result: inout [Match]) {
        for stmt in body {
            if case .functionDef = stmt.kind { continue }
            if case .classDef = stmt.kind { continue }
            ASTNodeRef.stmt(stmt).forEachCall { site in
                guard let callee = context.model.calleeName(of: site.call, in: scope) else { return }
                for sink in pattern.sinks {
                    guard case let .call(names, position, keyword, _) = sink, names.contains(where: { $0.matches(callee.name) }) else { continue }
                    var selected: [Expr] = []
                    if position == nil && keyword == nil { selected = site.args + site.keywords.map(\.value) }
                    if let position, position < site.args.count { selected.append(site.args[position]) }
                    if let keyword, let value = site.keyword(keyword)?.value { selected.append(value) }
                    for argument in selected {
                        guard let source = taintSource(of: argument, pattern: pattern, context: context, scope: scope, tainted: tainted) else { continue }
                        let sinkStep = FlowStep(role: .sink, range: site.call.range, message: "reaches \(callee.name)")
                        result.append(Match(range: site.call.range, guessed: callee.guessed, flow: [source, sinkStep],
                                            fixTarget: .call(site.call), message: "untrusted data reaches \(callee.name)"))
                        return
                    }
                }
            }
            if case let .assign(targets, value) = stmt.kind {
                let source = taintSource(of: value, pattern: pattern, context: context, scope: scope, tainted: tainted)
                for target in targets {
                    guard case let .name(id, _) = target.kind else { continue }
                    tainted[id] = source
                }
            }
            for nested in PythonFileContext.nestedBodies(of: stmt) {
                scan(nested, pattern: pattern, context: context, scope: scope, tainted: &tainted, into: &result)
            }
        }
    }

    /// The first source step an expression carries: a tainted name or a direct source read.
    private static func taintSource(of expr: Expr, pattern: TaintPattern, context: PythonFileContext, scope: Scope,
                                    tainted: [String: FlowStep]) -> FlowStep? {
        var found: FlowStep?
        ASTNodeRef.expr(expr).walkExpressions { node in
            guard found == nil else { return }
            if case let .name(id, _) = node.kind, let step = tainted[id] { found = step; return }
            guard let name = context.model.resolve(node, in: scope)?.name ?? context.model.calleeName(of: node, in: scope)?.name else { return }
            let isSource = (pattern.sources.contains(.web) && name.hasPrefix("flask.request."))
                || (pattern.sources.contains(.cli) && name == "sys.argv")
                || (pattern.sources.contains(.env) && (name == "os.environ" || name == "os.getenv"))
                || (pattern.sources.contains(.stdin) && name == "input")
            if isSource { found = FlowStep(role: .source, range: node.range, message: name) }
        }
        return found
    }
}
