/// A function that serves web requests, and which of its parameters carry request data.
public struct WebHandler: Sendable {
    public enum Framework: String, Sendable { case flask, fastapi, django, bottle, tornado }

    public let framework: Framework
    /// The parameter holding the request object (Django's `request`, FastAPI's `Request`), if any.
    public let requestParameter: String?
    /// Parameters filled from the URL, query or body: untrusted.
    public let taintedParameters: [String]
    /// True when the framework was recognised from names alone (no import seen).
    public let guessed: Bool
}

extension SemanticModel {
    /// Route decorators by framework. Resolved through imports and instance types (`app = Flask(...)`).
    static let routeDecorators: [(suffix: String, framework: WebHandler.Framework)] = [
        ("flask.Flask.route", .flask), ("flask.Blueprint.route", .flask),
        ("flask.Flask.get", .flask), ("flask.Flask.post", .flask), ("flask.Flask.put", .flask),
        ("flask.Flask.delete", .flask), ("flask.Flask.patch", .flask),
        ("flask.Blueprint.get", .flask), ("flask.Blueprint.post", .flask), ("flask.Blueprint.put", .flask),
        ("flask.Blueprint.delete", .flask), ("flask.Blueprint.patch", .flask),
        ("fastapi.FastAPI.get", .fastapi), ("fastapi.FastAPI.post", .fastapi), ("fastapi.FastAPI.put", .fastapi),
        ("fastapi.FastAPI.delete", .fastapi), ("fastapi.FastAPI.patch", .fastapi), ("fastapi.FastAPI.api_route", .fastapi),
        ("fastapi.APIRouter.get", .fastapi), ("fastapi.APIRouter.post", .fastapi), ("fastapi.APIRouter.put", .fastapi),
        ("fastapi.APIRouter.delete", .fastapi), ("fastapi.APIRouter.patch", .fastapi), ("fastapi.APIRouter.api_route", .fastapi),
        ("bottle.route", .bottle), ("bottle.get", .bottle), ("bottle.post", .bottle),
        ("bottle.Bottle.route", .bottle), ("bottle.Bottle.get", .bottle), ("bottle.Bottle.post", .bottle),
    ]

    /// Whether `function` (a `def` in `scope`) is a web request handler, and how.
    public func webHandler(_ function: Stmt, in scope: Scope) -> WebHandler? {
        guard case let .functionDef(_, _, args, _, decorators, _, _) = function.kind else { return nil }
        let parameters = ScopeBuilder.parameters(args)
        let names = parameters.map(\.arg)

        for decorator in decorators {
            let callee: Expr
            var pathTemplate: String?
            if case let .call(function, callArgs, _) = decorator.kind {
                callee = function
                if let first = callArgs.first, case let .constant(.string(path), _) = first.kind { pathTemplate = path }
            } else {
                callee = decorator
            }
            guard let resolved = resolve(callee, in: scope),
                  let framework = Self.routeDecorators.first(where: { $0.suffix == resolved.name })?.framework else { continue }
            switch framework {
            case .flask, .bottle:
                // Only URL variables are parameters; `<int:id>` is converted and cannot carry text.
                let converted = Self.typedURLVariables(pathTemplate ?? "")
                let tainted = names.filter { !converted.contains($0) && $0 != "self" }
                return WebHandler(framework: framework, requestParameter: nil, taintedParameters: tainted, guessed: resolved.guessed)
            case .fastapi:
                var request: String?
                var tainted: [String] = []
                for parameter in parameters {
                    let annotation = parameter.annotation.flatMap { resolve($0, in: scope)?.name ?? $0.dottedName } ?? ""
                    if annotation.hasSuffix("Request") { request = parameter.arg; continue }
                    if ["int", "float", "bool"].contains(annotation) { continue }
                    tainted.append(parameter.arg)
                }
                return WebHandler(framework: .fastapi, requestParameter: request, taintedParameters: tainted, guessed: resolved.guessed)
            default:
                continue
            }
        }

        // Django views (and class-based view methods) take the request first.
        let isMethod = scope.kind == .class
        let requestIndex = isMethod ? 1 : 0
        if names.count > requestIndex, names[requestIndex] == "request" {
            let djangoImported = moduleMentions("django")
            let rest = Array(names[(requestIndex + 1)...]).filter { !$0.hasPrefix("*") }
            return WebHandler(framework: .django, requestParameter: "request", taintedParameters: rest, guessed: !djangoImported)
        }
        // Tornado handlers read arguments through self.get_argument; the class is the handler.
        return nil
    }

    /// URL variables with a numeric converter (`<int:id>`, `<float:x>`), which cannot carry text.
    static func typedURLVariables(_ template: String) -> Set<String> {
        var result: Set<String> = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let inside = rest[rest.index(after: open)..<close]
            if let colon = inside.firstIndex(of: ":") {
                let converter = inside[..<colon]
                if converter == "int" || converter == "float" { result.insert(String(inside[inside.index(after: colon)...])) }
            }
            rest = rest[rest.index(after: close)...]
        }
        return result
    }

    /// Whether the file imports a module under `root` anywhere at top level.
    func moduleMentions(_ root: String) -> Bool {
        for stmt in parse.module.body {
            switch stmt.kind {
            case let .import(names) where names.contains(where: { $0.name == root || $0.name.hasPrefix(root + ".") }):
                return true
            case let .importFrom(module?, _, 0) where module == root || module.hasPrefix(root + "."):
                return true
            default:
                continue
            }
        }
        return false
    }
}
