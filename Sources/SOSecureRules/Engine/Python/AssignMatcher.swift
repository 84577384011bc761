import SOSecureCore
import SOSecurePython

/// `assign:` — configuration flags set to a risky value: `DEBUG = True`, `app.debug = True`,
/// `app.config["DEBUG"] = True`, `app.config.update(DEBUG=True)`.
enum AssignMatcher {
    /// A written target such as `app.config[DEBUG]`, compared against patterns like `*.config[DEBUG]`.
    static func path(of target: Expr) -> String? {
        switch target.kind {
        case let .name(id, _): return id
        case let .attribute(value, attr, _): return path(of: value).map { "\($0).\(attr)" } ?? "?.\(attr)"
        case let .subscript(value, slice, _):
            guard let key = ExpressionFacts.stringValue(slice) else { return nil }
            return (path(of: value) ?? "?") + "[\(key)]"
        default: return nil
        }
    }

    static func targetMatches(_ path: String, _ patterns: [String]) -> Bool {
        patterns.contains { pattern in
            if pattern.hasPrefix("*.") { return path.hasSuffix(String(pattern.dropFirst(1))) }
            return path == pattern
        }
    }

    static func matches(_ pattern: AssignPattern, statement: Stmt, place: StatementContext, context: PythonFileContext) -> [Match] {
        guard ContextWalker.satisfies(pattern.inside, place) else { return [] }
        var found: [Match] = []
        func check(target: Expr, value: Expr, flagged: TextRange) {
            guard let path = path(of: target), targetMatches(path, pattern.targets),
                  ArgumentChecks.test(pattern.value, value: .passed(value), context: context, scope: place.scope) else { return }
            found.append(Match(range: flagged, guessed: false, fixTarget: .value(value)))
        }
        switch statement.kind {
        case let .assign(targets, value):
            for target in targets { check(target: target, value: value, flagged: statement.range) }
        case let .annAssign(target, _, value?, _):
            check(target: target, value: value, flagged: statement.range)
        case let .expr(call):
            // `settings.update(KEY=value)` and `settings.update({"KEY": value})` set keys too.
            guard case let .call(function, args, keywords) = call.kind,
                  case let .attribute(receiver, "update", _) = function.kind, let base = path(of: receiver) else { break }
            for keyword in keywords {
                guard let name = keyword.arg else { continue }
                let synthetic = "\(base)[\(name)]"
                if targetMatches(synthetic, pattern.targets),
                   ArgumentChecks.test(pattern.value, value: .passed(keyword.value), context: context, scope: place.scope) {
                    found.append(Match(range: keyword.range, guessed: false, fixTarget: .value(keyword.value)))
                }
            }
            if let first = args.first, case let .dict(keys, values) = first.kind {
                for (key, value) in zip(keys, values) {
                    guard let key, let name = ExpressionFacts.stringValue(key) else { continue }
                    if targetMatches("\(base)[\(name)]", pattern.targets),
                       ArgumentChecks.test(pattern.value, value: .passed(value), context: context, scope: place.scope) {
                        found.append(Match(range: TextRange(start: key.range.start, end: value.range.end), guessed: false,
                                           fixTarget: .value(value)))
                    }
                }
            }
        default:
            break
        }
        return found
    }
}
