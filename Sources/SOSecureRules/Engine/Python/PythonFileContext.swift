import SOSecureCore
import SOSecurePython

/// One parsed file plus what every matcher needs from it: the semantic model and a walk that knows,
/// for every statement and expression, the scope it runs in and the handler it belongs to.
final class PythonFileContext: @unchecked Sendable {
    let parse: ParseResult
    let model: SemanticModel
    let path: String
    let assignments: AssignmentIndex

    /// Every `def` in the file with the scope it is defined in (not the scope it opens).
    private(set) var functions: [(function: Stmt, scope: Scope)] = []
    /// Web handlers by the identity of their `def`.
    private(set) var handlers: [ObjectIdentifier: WebHandler] = [:]

    init(parse: ParseResult, path: String) {
        self.parse = parse
        self.model = SemanticModel(parse: parse)
        self.path = path
        self.assignments = AssignmentIndex(module: parse.module)
        collectFunctions(parse.module.body, in: model.moduleScope)
    }

    private func collectFunctions(_ body: [Stmt], in scope: Scope) {
        for stmt in body {
            switch stmt.kind {
            case let .functionDef(_, _, _, inner, _, _, _):
                functions.append((stmt, scope))
                if let handler = model.webHandler(stmt, in: scope) { handlers[ObjectIdentifier(stmt)] = handler }
                if let innerScope = model.scope(of: stmt) { collectFunctions(inner, in: innerScope) }
            case let .classDef(_, _, _, _, inner, _):
                if let innerScope = model.scope(of: stmt) { collectFunctions(inner, in: innerScope) }
            default:
                for child in Self.nestedBodies(of: stmt) { collectFunctions(child, in: scope) }
            }
        }
    }

    /// Statement lists nested in a compound statement that stay in the same scope (if/for/while/with/try/match).
    static func nestedBodies(of stmt: Stmt) -> [[Stmt]] {
        switch stmt.kind {
        case let .if(_, body, orelse), let .while(_, body, orelse): return [body, orelse]
        case let .for(_, _, body, orelse, _): return [body, orelse]
        case let .with(_, body, _): return [body]
        case let .try(body, handlers, orelse, finalbody, _): return [body] + handlers.map(\.body) + [orelse, finalbody]
        case let .match(_, cases): return cases.map(\.body)
        default: return []
        }
    }

    func handler(for function: Stmt) -> WebHandler? { handlers[ObjectIdentifier(function)] }

    /// The source text of a range (of `parse.text`).
    func text(_ range: TextRange) -> String {
        let start = max(0, min(range.start, parse.text.count))
        let end = max(start, min(range.end, parse.text.count))
        return String(decoding: parse.text[start..<end], as: UTF8.self)
    }

    func location(_ offset: Int) -> SourceLocation { parse.lineIndex.location(of: offset) }
}

/// Where a statement runs: its scope and, inside a web handler, that handler.
struct StatementContext {
    let scope: Scope
    /// The innermost enclosing `def`, nil at module or class level.
    let function: Stmt?
    let handler: WebHandler?
}

/// A place a matcher flagged, before the analyzer turns it into a `Finding`.
struct Match {
    /// The flagged node's range (a call, an argument, an assignment, a string).
    let range: TextRange
    /// The match depended on a snippet guess (missing import); lowers confidence.
    let guessed: Bool
    /// Source → sink steps for taint matches.
    let flow: [FlowStep]
    /// What a rule fix edits.
    let fixTarget: FixTarget?
    /// A message more specific than the rule's, if the matcher has one.
    let message: String?

    init(range: TextRange, guessed: Bool, flow: [FlowStep] = [], fixTarget: FixTarget? = nil, message: String? = nil) {
        self.range = range
        self.guessed = guessed
        self.flow = flow
        self.fixTarget = fixTarget
        self.message = message
    }
}

/// One hop of a taint path, in byte ranges; the analyzer adds line/column.
struct FlowStep {
    let role: DataflowStep.Role
    let range: TextRange
    let message: String
}

/// The node a rule's fix rewrites.
enum FixTarget {
    /// A call: `rename-callee`, `remove-keyword` and `set-keyword` apply to it.
    case call(Expr)
    /// The value of an assignment: `replace-value` applies to it.
    case value(Expr)
}
