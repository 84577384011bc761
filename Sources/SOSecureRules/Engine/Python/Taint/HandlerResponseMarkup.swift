import SOSecurePython

/// Whether a value a handler returns is an HTML page: its constant text contains a tag, directly,
/// through a local variable, or as the body of a response object.
enum HandlerResponseMarkup {
    static let responseConstructors: Set<String> = [
        "flask.make_response", "flask.Response", "django.http.HttpResponse", "django.http.response.HttpResponse",
        "werkzeug.wrappers.Response", "bottle.HTTPResponse",
    ]
    static let htmlResponses: Set<String> = [
        "fastapi.responses.HTMLResponse", "starlette.responses.HTMLResponse",
    ]

    static func isMarkup(_ value: Expr, scope: Scope, context: PythonFileContext, depth: Int = 0) -> Bool {
        if containsTag(ExpressionFacts.constantText(value)) { return true }
        guard depth < 3 else { return false }
        switch value.kind {
        case let .call(function, args, keywords):
            guard let callee = context.model.resolve(function, in: scope)?.name else { return false }
            if htmlResponses.contains(callee) { return true }
            guard responseConstructors.contains(callee) else { return false }
            let body = args.first ?? keywords.first { $0.arg == "response" || $0.arg == "content" }?.value
            return body.map { isMarkup($0, scope: scope, context: context, depth: depth + 1) } ?? false
        case let .name(id, _):
            return context.assignments.values(of: id, in: scope).contains { isMarkup($0, scope: scope, context: context, depth: depth + 1) }
        case let .binOp(left, _, right):
            return isMarkup(left, scope: scope, context: context, depth: depth + 1)
                || isMarkup(right, scope: scope, context: context, depth: depth + 1)
        default:
            return false
        }
    }

    /// `<` followed by a letter or `/`: the start of a tag, not a comparison.
    static func containsTag(_ text: String) -> Bool {
        var previousWasOpen = false
        for scalar in text.unicodeScalars {
            if previousWasOpen, scalar == "/" || (scalar.properties.isAlphabetic && scalar.isASCII) { return true }
            previousWasOpen = scalar == "<"
        }
        return false
    }
}
