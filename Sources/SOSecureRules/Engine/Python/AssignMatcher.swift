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

    /// Every assign rule's matches in one statement. Targets are spelled once, then compared with each pattern.
    /// The last component of a target or pattern (`config[DEBUG]` for `app.config[DEBUG]` and
    /// `*.config[DEBUG]`): a target can match a pattern only when these are equal.
    static func lastComponent(_ path: String) -> Substring {
        guard let dot = path.lastIndex(of: ".") else { return Substring(path) }
        return path[path.index(after: dot)...]
    }

    /// False when the target's last component, known without spelling its path, is no pattern's: a name's
    /// path is the name, an attribute's ends in `.attr`. Subscript keys may hold dots, so those are spelled.
    private static func mayMatch(_ target: Expr, _ components: Set<Substring>) -> Bool {
        switch target.kind {
        case let .name(id, _): return components.contains(Substring(id))
        case let .attribute(_, attr, _): return components.contains(Substring(attr))
        default: return true
        }
    }

    /// `components`: the last components of every pattern's targets, to skip most assignments at once.
    static func matches(_ rules: [(rule: Int, pattern: AssignPattern)], components: Set<Substring>, statement: Stmt,
                        place: StatementContext, context: PythonFileContext) -> [(Int, Match)] {
        // (written target, assigned value, flagged range)
        var assignments: [(path: String, value: Expr, flagged: TextRange)] = []
        switch statement.kind {
        case let .assign(targets, value):
            for target in targets where mayMatch(target, components) {
                if let path = path(of: target) { assignments.append((path, value, statement.range)) }
            }
        case let .annAssign(target, _, value?, _):
            if mayMatch(target, components), let path = path(of: target) { assignments.append((path, value, statement.range)) }
        case let .expr(call):
            // `settings.update(KEY=value)` and `settings.update({"KEY": value})` set keys too.
            guard case let .call(function, args, keywords) = call.kind,
                  case let .attribute(receiver, "update", _) = function.kind, let base = path(of: receiver) else { break }
            for keyword in keywords {
                if let name = keyword.arg { assignments.append(("\(base)[\(name)]", keyword.value, keyword.range)) }
            }
            if let first = args.first, case let .dict(keys, values) = first.kind {
                for (key, value) in zip(keys, values) {
                    guard let key, let name = ExpressionFacts.stringValue(key) else { continue }
                    assignments.append(("\(base)[\(name)]", value, TextRange(start: key.range.start, end: value.range.end)))
                }
            }
        default:
            break
        }
        assignments.removeAll { !components.contains(lastComponent($0.path)) }
        guard !assignments.isEmpty else { return [] }
        var found: [(Int, Match)] = []
        for (index, pattern) in rules where ContextWalker.satisfies(pattern.inside, place) {
            for assignment in assignments where targetMatches(assignment.path, pattern.targets) {
                guard ArgumentChecks.test(pattern.value, value: .passed(assignment.value), context: context, scope: place.scope) else { continue }
                found.append((index, Match(range: assignment.flagged, guessed: false, fixTarget: .value(assignment.value))))
            }
        }
        return found
    }
}
