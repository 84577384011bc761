import SOSecureCore
import SOSecurePython

/// Runs Python rules over parsed files: one walk per file for the structural matchers, one taint pass
/// per taint rule. Thread-safe; one instance serves a whole scan.
public struct PythonAnalyzer: Sendable {
    public let rules: [Rule]
    private let callRules: CallRuleIndex
    /// Leaf matchers (alternatives of `any:` flattened) that look at statements or expressions, with their rule.
    private let assignRules: [(rule: Int, pattern: AssignPattern)]
    private let assignTargetComponents: Set<Substring>
    private let statementRules: [(rule: Int, matcher: Matcher)]
    private let expressionRules: [(rule: Int, matcher: Matcher)]
    private let hasSecretExpressionRules: Bool
    private let hasSecretStatementRules: Bool
    private let hasSQLStringRules: Bool
    private let taintRules: [(rule: Int, plan: TaintRulePlan)]
    /// Shapes of every taint sink's last segment: only call segments that may be one are collected.
    private let sinkSegmentShapes: WordShapes
    /// Per rule: the keywords its call constraints test (a fix must not keep them; see `RuleFixBuilder`).
    private let flaggedKeywords: [Set<String>]

    public init(rules: [Rule]) {
        self.rules = rules.filter { $0.language == .python }
        var calls: [(rule: Int, pattern: CallPattern)] = []
        var assigns: [(Int, AssignPattern)] = []
        var statements: [(Int, Matcher)] = []
        var expressions: [(Int, Matcher)] = []
        var taints: [(Int, TaintRulePlan)] = []
        for (index, rule) in self.rules.enumerated() {
            for leaf in Self.leaves(rule.match) {
                switch leaf {
                case let .call(pattern): calls.append((index, pattern))
                case let .assign(pattern): assigns.append((index, pattern))
                case .importOf, .function: statements.append((index, leaf))
                case .hardcodedSecret:
                    statements.append((index, leaf))
                    expressions.append((index, leaf))
                case .sqlString: expressions.append((index, leaf))
                case let .taint(pattern): taints.append((index, TaintRulePlan(pattern)))
                case .any, .code: break
                }
            }
        }
        callRules = CallRuleIndex(calls)
        assignRules = assigns
        assignTargetComponents = Set(assigns.flatMap { $0.1.targets.map { AssignMatcher.lastComponent($0) } })
        statementRules = statements
        expressionRules = expressions
        hasSecretStatementRules = statements.contains { if case .hardcodedSecret = $0.1 { return true }; return false }
        hasSecretExpressionRules = expressions.contains { if case .hardcodedSecret = $0.1 { return true }; return false }
        hasSQLStringRules = expressions.contains { if case .sqlString = $0.1 { return true }; return false }
        taintRules = taints
        sinkSegmentShapes = WordShapes(taints.flatMap { $0.1.sinkSegments ?? [] })
        flaggedKeywords = self.rules.map { rule in
            Set(Self.leaves(rule.match).flatMap { leaf -> [String] in
                guard case let .call(pattern) = leaf else { return [] }
                return pattern.constraints.compactMap(\.keyword)
            })
        }
    }

    /// A matcher's alternatives, flattened.
    private static func leaves(_ matcher: Matcher) -> [Matcher] {
        if case let .any(alternatives) = matcher { return alternatives.flatMap(leaves) }
        return [matcher]
    }


    /// Every finding of every rule in one parsed file, sorted by position then rule.
    public func analyze(_ parse: ParseResult, path: String) -> [Finding] {
        let context = PythonFileContext(parse: parse, path: path)
        var found: [(rule: Int, match: Match, scope: Scope)] = []
        // What taint rules need to find anything here, gathered on the way: the last segments of every
        // callee, resolved and as written (a finding needs a call to a sink), and the source kinds any
        // identifier of the file can start (a finding needs a body that reads a source). Rules that miss
        // either skip the file's taint analysis.
        let collectsCallSegments = !taintRules.isEmpty
        var callSegments: Set<String> = []
        var triggerKinds: Set<TaintSourceKind> = []
        var importsClick = false
        var sourceKinds = ReachableSourceKinds(model: context.model)

        ContextWalker.walk(context, statement: { stmt, place in
            switch stmt.kind {
            case .assign, .annAssign, .expr:
                if !assignRules.isEmpty {
                    for (index, match) in AssignMatcher.matches(assignRules, components: assignTargetComponents, statement: stmt,
                                                                         place: place, context: context) {
                        found.append((index, match, place.scope))
                    }
                }
            case .import, .importFrom:
                // Click commands read the command line through their parameters.
                if collectsCallSegments, !importsClick { importsClick = TaintFileFacts.imports("click", statement: stmt) }
            case .functionDef:
                break
            default:
                return
            }
            let secretCandidates = hasSecretStatementRules && HardcodedSecretMatcher.hasCandidates(statement: stmt)
            for (index, matcher) in statementRules {
                if case .hardcodedSecret = matcher, !secretCandidates { continue }
                for match in statementMatches(matcher, stmt, place, context) { found.append((index, match, place.scope)) }
            }
        }, expression: { expr, place in
            switch expr.kind {
            case let .call(function, _, _):
                let resolved = context.model.calleeName(of: expr, in: place.scope)
                var callee = resolved
                if resolved == nil, case let .attribute(_, method, _) = function.kind, callRules.hasCandidates(unknownReceiverMethod: method) {
                    callee = Self.unknownReceiverCallee(function)
                }
                let lastSegment = callee.flatMap { Self.lastSegment(of: $0.name) }
                if collectsCallSegments {
                    // Plans without segments (a wildcard sink) pass anyway; the rest only ask about their segments.
                    if let resolved {
                        let segment = lastSegment ?? Substring(resolved.name)
                        if sinkSegmentShapes.mayContain(segment) { callSegments.insert(String(segment)) }
                    }
                    switch function.kind {
                    case let .attribute(_, written, _), let .name(written, _):
                        if sinkSegmentShapes.mayContain(written) { callSegments.insert(written) }
                    default: break
                    }
                }
                if let callee {
                    var matched: [Int] = []
                    // A rule with several call alternatives reports one finding per call.
                    func check(_ candidates: [CallRuleIndex.Entry]) {
                        for entry in candidates where !matched.contains(entry.rule) {
                            guard let match = CallMatcher.matches(entry.pattern, call: expr, callee: callee, place: place, context: context) else { continue }
                            matched.append(entry.rule)
                            found.append((entry.rule, match, place.scope))
                        }
                    }
                    let candidates = callRules.candidates(name: callee.name, lastSegment: lastSegment)
                    if let exact = candidates.exact { check(exact) }
                    if let bySegment = candidates.bySegment { check(bySegment) }
                    check(candidates.prefixed)
                }
            case .dict, .compare, .joinedStr, .binOp:
                break
            case let .name(identifier, _):
                guard collectsCallSegments else { return }
                if let kinds = TaintSourceCatalog.triggerKinds(of: identifier) { triggerKinds.formUnion(kinds) }
                sourceKinds.see(name: expr, id: identifier, scope: place.scope)
                return
            case let .attribute(base, identifier, _):
                guard collectsCallSegments else { return }
                if let kinds = TaintSourceCatalog.triggerKinds(of: identifier) { triggerKinds.formUnion(kinds) }
                sourceKinds.see(attribute: identifier, base: base)
                return
            default:
                return
            }
            // Each test once per expression, whatever the number of rules that need it.
            let secretCandidates = hasSecretExpressionRules && HardcodedSecretMatcher.hasCandidates(expression: expr)
            let buildsString = hasSQLStringRules && ExpressionFacts.mayBuildString(expr) && ExpressionFacts.isStringBuilding(expr)
            guard secretCandidates || buildsString else { return }
            for (index, matcher) in expressionRules {
                switch matcher {
                case let .hardcodedSecret(pattern) where secretCandidates:
                    for match in HardcodedSecretMatcher.matches(pattern, expression: expr) { found.append((index, match, place.scope)) }
                case let .sqlString(pattern) where buildsString:
                    if let match = SQLStringMatcher.matches(pattern, stringBuilding: expr) { found.append((index, match, place.scope)) }
                default:
                    continue
                }
            }
        })

        let analyses = FileTaintAnalyses(context: context)
        let hasHandlers = !context.handlers.isEmpty
        // Web handlers read requests and click commands the command line through their parameters.
        if hasHandlers { triggerKinds.insert(.web) }
        if importsClick { triggerKinds.insert(.cli) }
        sourceKinds.see(handlers: hasHandlers, clickImport: importsClick)
        // A rule needs a call to one of its sinks, a body that can see its sources (the analysis starts
        // there), and somewhere one of its sources can arise.
        for (index, plan) in taintRules where plan.mayMatch(callSegments: callSegments, hasHandlers: hasHandlers)
            && !plan.pattern.sources.isDisjoint(with: triggerKinds) && !plan.pattern.sources.isDisjoint(with: sourceKinds.kinds) {
            for match in TaintMatcher.matches(plan, in: analyses) {
                found.append((index, match, context.model.moduleScope))
            }
        }
        return makeFindings(found, context: context)
    }

    /// The text after the last dot of a qualified name; nil without a dot. A byte search: a dot in a
    /// name always stands alone (identifiers cannot start with a combining mark).
    static func lastSegment(of name: String) -> Substring? {
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        return name[name.utf8.index(after: dot)...]
    }

    /// `obj.method` on a receiver we cannot type still matches `*.method` patterns: the unknown head
    /// becomes `?` (`Product.objects.raw` → `?.objects.raw`), so exact names never match it.
    /// Public so self-play finds risk points by the same convention.
    public static func unknownReceiverCallee(_ function: Expr) -> ResolvedName? {
        guard case let .attribute(value, attr, _) = function.kind else { return nil }
        var parts = [attr]
        var current = value
        while case let .attribute(inner, name, _) = current.kind {
            parts.append(name)
            current = inner
        }
        return ResolvedName((["?"] + parts.reversed()).joined(separator: "."))
    }

    private func statementMatches(_ matcher: Matcher, _ stmt: Stmt, _ place: StatementContext, _ context: PythonFileContext) -> [Match] {
        switch matcher {
        case let .importOf(modules): return ImportMatcher.matches(modules, statement: stmt).map { [$0] } ?? []
        case let .hardcodedSecret(pattern): return HardcodedSecretMatcher.matches(pattern, statement: stmt)
        case let .function(pattern): return FunctionMatcher.matches(pattern, statement: stmt, place: place, context: context)
        case .call, .assign, .sqlString, .taint, .any, .code: return []
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
            for (match, scope) in kept { findings.append(finding(index, match, scope: scope, context: context)) }
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

    private func finding(_ index: Int, _ match: Match, scope: Scope, context: PythonFileContext) -> Finding {
        let rule = rules[index]
        var confidence = rule.confidence
        if match.guessed { confidence = Confidence.allCases[max(0, Confidence.allCases.firstIndex(of: confidence)! - 1)] }
        let fix = rule.fix.flatMap {
            RuleFixBuilder.fix($0, target: match.fixTarget, ruleID: rule.id, context: context, scope: scope,
                               flaggedKeywords: flaggedKeywords[index])
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
