import SOSecureCore
import SOSecurePython

/// Runs Python rules over parsed files: one walk per file for the structural matchers, one taint pass
/// per taint rule. Thread-safe; one instance serves a whole scan.
public struct PythonAnalyzer: Sendable {
    public let rules: [Rule]
    /// Call rules by exact callee name, and the ones whose names have wildcards.
    private let callRulesByName: [String: [(rule: Int, pattern: CallPattern)]]
    private let wildcardCallRules: [(rule: Int, pattern: CallPattern)]
    /// Rules with matchers that look at statements / at every expression (not only calls or taint).
    private let statementRules: [Int]
    private let expressionRules: [Int]

    public init(rules: [Rule]) {
        self.rules = rules.filter { $0.language == .python }
        var byName: [String: [(Int, CallPattern)]] = [:]
        var wildcards: [(Int, CallPattern)] = []
        for (index, rule) in self.rules.enumerated() {
            for pattern in Self.callPatterns(in: rule.match) {
                if pattern.names.allSatisfy({ !$0.text.contains("*") }) {
                    for name in Set(pattern.names.map(\.text)) { byName[name, default: []].append((index, pattern)) }
                } else {
                    wildcards.append((index, pattern))
                }
            }
        }
        callRulesByName = byName
        wildcardCallRules = wildcards
        let pythonRules = self.rules
        statementRules = pythonRules.indices.filter { Self.has(pythonRules[$0].match, statementLevel: true) }
        expressionRules = pythonRules.indices.filter { Self.has(pythonRules[$0].match, statementLevel: false) }
    }

    private static func has(_ matcher: Matcher, statementLevel: Bool) -> Bool {
        switch matcher {
        case .importOf, .assign, .function: return statementLevel
        case .hardcodedSecret: return true
        case .sqlString: return !statementLevel
        case .call, .taint: return false
        case let .any(alternatives): return alternatives.contains { has($0, statementLevel: statementLevel) }
        }
    }

    private static func callPatterns(in matcher: Matcher) -> [CallPattern] {
        switch matcher {
        case let .call(pattern): return [pattern]
        case let .any(alternatives): return alternatives.flatMap(callPatterns)
        default: return []
        }
    }

    /// Every finding of every rule in one parsed file, sorted by position then rule.
    public func analyze(_ parse: ParseResult, path: String) -> [Finding] {
        let context = PythonFileContext(parse: parse, path: path)
        var found: [(rule: Int, match: Match, scope: Scope)] = []

        ContextWalker.walk(context, statement: { stmt, place in
            for index in statementRules {
                for match in statementMatches(rules[index].match, stmt, place, context) { found.append((index, match, place.scope)) }
            }
        }, expression: { expr, place in
            if case let .call(function, _, _) = expr.kind,
               let callee = context.model.calleeName(of: expr, in: place.scope) ?? Self.unknownReceiverCallee(function) {
                var candidates = callRulesByName[callee.name] ?? []
                candidates += wildcardCallRules
                var seen = Set<Int>()
                for (index, pattern) in candidates {
                    // A rule with several call alternatives reports one finding per call.
                    guard !seen.contains(index),
                          let match = CallMatcher.matches(pattern, call: expr, callee: callee, place: place, context: context) else { continue }
                    seen.insert(index)
                    found.append((index, match, place.scope))
                }
            }
            for index in expressionRules {
                for match in expressionMatches(rules[index].match, expr, context) { found.append((index, match, place.scope)) }
            }
        })

        for (index, rule) in rules.enumerated() {
            for pattern in Self.taintPatterns(in: rule.match) {
                for match in TaintMatcher.matches(pattern, in: context) {
                    found.append((index, match, context.model.moduleScope))
                }
            }
        }
        return makeFindings(found, context: context)
    }

    /// `obj.method` on a receiver we cannot type still matches `*.method` patterns: the unknown head
    /// becomes `?` (`Product.objects.raw` → `?.objects.raw`), so exact names never match it.
    static func unknownReceiverCallee(_ function: Expr) -> ResolvedName? {
        guard case let .attribute(value, attr, _) = function.kind else { return nil }
        var parts = [attr]
        var current = value
        while case let .attribute(inner, name, _) = current.kind {
            parts.append(name)
            current = inner
        }
        return ResolvedName((["?"] + parts.reversed()).joined(separator: "."))
    }

    private static func taintPatterns(in matcher: Matcher) -> [TaintPattern] {
        switch matcher {
        case let .taint(pattern): return [pattern]
        case let .any(alternatives): return alternatives.flatMap(taintPatterns)
        default: return []
        }
    }

    private func statementMatches(_ matcher: Matcher, _ stmt: Stmt, _ place: StatementContext, _ context: PythonFileContext) -> [Match] {
        switch matcher {
        case let .importOf(modules): return ImportMatcher.matches(modules, statement: stmt).map { [$0] } ?? []
        case let .assign(pattern): return AssignMatcher.matches(pattern, statement: stmt, place: place, context: context)
        case let .hardcodedSecret(pattern): return HardcodedSecretMatcher.matches(pattern, statement: stmt)
        case let .function(pattern): return FunctionMatcher.matches(pattern, statement: stmt, place: place, context: context)
        case let .any(alternatives): return alternatives.flatMap { statementMatches($0, stmt, place, context) }
        case .call, .sqlString, .taint: return []
        }
    }

    private func expressionMatches(_ matcher: Matcher, _ expr: Expr, _ context: PythonFileContext) -> [Match] {
        switch matcher {
        case let .hardcodedSecret(pattern): return HardcodedSecretMatcher.matches(pattern, expression: expr)
        case let .sqlString(pattern): return SQLStringMatcher.matches(pattern, expression: expr).map { [$0] } ?? []
        case let .any(alternatives): return alternatives.flatMap { expressionMatches($0, expr, context) }
        case .call, .importOf, .assign, .function, .taint: return []
        }
    }

    private func makeFindings(_ found: [(rule: Int, match: Match, scope: Scope)], context: PythonFileContext) -> [Finding] {
        // Per rule: one finding per range, and none inside another finding's range of the same rule
        // (`"SELECT " + a + b` nests string buildings; a call in a call argument is still its own finding
        // because its range differs and is reported by call rules only once per call).
        var byRule: [Int: [(match: Match, scope: Scope)]] = [:]
        for entry in found { byRule[entry.rule, default: []].append((entry.match, entry.scope)) }
        var findings: [Finding] = []
        for (index, entries) in byRule {
            let rule = rules[index]
            let sorted = entries.sorted { ($0.match.range.start, -$0.match.range.end) < ($1.match.range.start, -$1.match.range.end) }
            var kept: [(match: Match, scope: Scope)] = []
            for entry in sorted {
                if kept.contains(where: { $0.match.range == entry.match.range }) { continue }
                if case .sqlString = rule.match,
                   kept.contains(where: { $0.match.range.start <= entry.match.range.start && entry.match.range.end <= $0.match.range.end }) {
                    continue
                }
                kept.append(entry)
            }
            for (match, scope) in kept { findings.append(finding(rule, match, scope: scope, context: context)) }
        }
        return Self.keepingStrongest(findings).sorted { ($0.range.start, $0.range.end, $0.ruleID) < ($1.range.start, $1.range.end, $1.ruleID) }
    }

    /// Several rules often see one flaw (a taint rule, a structural rule and a string rule on the same
    /// `execute`). Report it once: among findings that share a CWE and where one range lies inside the
    /// other, keep the one with a source-to-sink path, then the more severe, then the more confident.
    static func keepingStrongest(_ findings: [Finding]) -> [Finding] {
        guard findings.count > 1 else { return findings }
        func strength(_ finding: Finding) -> (Int, Severity, Confidence, Int) {
            (finding.dataflow.isEmpty ? 0 : 1, finding.severity, finding.confidence, finding.range.end - finding.range.start)
        }
        func overlaps(_ a: Finding, _ b: Finding) -> Bool {
            let nested = (a.range.start <= b.range.start && b.range.end <= a.range.end)
                || (b.range.start <= a.range.start && a.range.end <= b.range.end)
            return nested && a.ruleID != b.ruleID && !Set(a.cwes.map(\.id)).isDisjoint(with: b.cwes.map(\.id))
        }
        // Ties go to the rule id, so the same code always gives the same report.
        let ranked = findings.sorted { strength($0) != strength($1) ? strength($0) > strength($1) : $0.ruleID < $1.ruleID }
        var kept: [Finding] = []
        for finding in ranked where !kept.contains(where: { overlaps($0, finding) }) {
            kept.append(finding)
        }
        return kept
    }

    private func finding(_ rule: Rule, _ match: Match, scope: Scope, context: PythonFileContext) -> Finding {
        var confidence = rule.confidence
        if match.guessed { confidence = Confidence.allCases[max(0, Confidence.allCases.firstIndex(of: confidence)! - 1)] }
        let flaggedKeywords = Set(Self.callPatterns(in: rule.match).flatMap { $0.constraints.compactMap(\.keyword) })
        let fix = rule.fix.flatMap {
            RuleFixBuilder.fix($0, target: match.fixTarget, ruleID: rule.id, context: context, scope: scope, flaggedKeywords: flaggedKeywords)
        }
        let flow = match.flow.map { step in
            DataflowStep(role: step.role, range: step.range, location: context.location(step.range.start), message: step.message)
        }
        return Finding(ruleID: rule.id, message: match.message.map { "\(rule.message): \($0)" } ?? rule.message,
                       cwes: rule.cwes, severity: rule.severity, confidence: confidence, path: context.path,
                       range: match.range, start: context.location(match.range.start), end: context.location(match.range.end),
                       dataflow: flow, fix: fix, flaggedCode: context.text(match.range))
    }
}
