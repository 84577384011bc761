import ArgumentParser
import Foundation
import SOSecureCore
import SOSecureRules

/// The rule-selection options `scan`, `fix` and `serve` share (one `@OptionGroup`), and how they turn
/// into a configuration and a rule set, so every command judges code by exactly the same rules.
struct RuleSetup: ParsableArguments {
    @Option(help: ArgumentHelp("Only these rules or CWEs (comma-separated ids, `CWE-89`, globs like `sql-*`).", valueName: "ids"))
    var select: [String] = []

    @Option(help: ArgumentHelp("Skip these rules or CWEs (comma-separated).", valueName: "ids"))
    var ignore: [String] = []

    @Option(help: ArgumentHelp("Report findings of at least this severity: low, medium, high, critical.", valueName: "level"))
    var severity: String?

    @Option(help: ArgumentHelp("Report findings of at least this confidence: low, medium, high.", valueName: "level"))
    var confidence: String?

    @Option(name: .customLong("rules"), help: ArgumentHelp("Also load rule files from this folder (repeatable).", valueName: "dir"))
    var ruleFolders: [String] = []

    @Option(name: .customLong("config"), help: ArgumentHelp("Read configuration from this file instead of searching for one.", valueName: "file"))
    var configFile: String?

    /// Only a configuration file, for commands without rule-selection flags (`repl`). Parsed, because
    /// option values exist only after ArgumentParser has read them.
    static func configOnly(_ configFile: String?) throws -> RuleSetup {
        try parse(configFile.map { ["--config", $0] } ?? [])
    }

    /// The config file (`--config`, else the one found walking up from `firstPath`) with flags applied.
    func loadConfig(firstPath: String, honorNosec: Bool = false, reportUnusedSuppressions: Bool = false) throws -> ScanConfig {
        let base: ScanConfig
        if let configFile {
            base = try ConfigLoader.load(file: configFile)
        } else {
            base = try ConfigLoader.discover(startingAt: firstPath) ?? ScanConfig()
        }
        var overrides = ScanConfig.Overrides()
        let selected = select.flatMap(Self.splitList).compactMap(RuleSelector.init)
        if !selected.isEmpty { overrides.select = selected }
        let ignored = ignore.flatMap(Self.splitList).compactMap(RuleSelector.init)
        if !ignored.isEmpty { overrides.ignore = base.ignore + ignored }
        overrides.minimumSeverity = severity.flatMap(Severity.init(rawValue:))
        overrides.minimumConfidence = confidence.flatMap(Confidence.init(rawValue:))
        overrides.ruleFolders = ruleFolders
        if honorNosec { overrides.honorNosec = true }
        if reportUnusedSuppressions { overrides.reportUnusedSuppressions = true }
        return base.merging(overrides: overrides)
    }

    /// Built-in rules plus the configured folders; a rule id defined twice is a configuration error.
    /// `languages`: load only the built-in rules for files of these languages (nil: all of them); the
    /// configured folders are always loaded whole.
    static func loadRules(_ settings: ScanConfig, languages: Set<Language>? = nil) throws -> [Rule] {
        var rules = try languages.map { try RuleLoader.builtIn(for: $0) } ?? RuleLoader.builtIn()
        var known = languages == nil ? Set(rules.map(\.id)) : try RuleLoader.builtInRuleIDs()
        let builtInCount = rules.count
        for folder in settings.ruleFolders {
            rules += try RuleLoader.loadDirectory(URL(fileURLWithPath: folder))
        }
        var seen: [String: String] = [:]
        for (index, rule) in rules.enumerated() {
            if let earlier = seen[rule.id] {
                throw ScanFailure.config("\(rule.origin): rule id '\(rule.id)' is already defined in \(earlier)")
            }
            // A user rule may also clash with a built-in rule this scan did not load.
            if index >= builtInCount, known.contains(rule.id) {
                throw ScanFailure.config("\(rule.origin): rule id '\(rule.id)' is already defined by a built-in rule")
            }
            seen[rule.id] = rule.origin
        }
        known.formUnion(rules.map(\.id))
        for problem in settings.unknownRuleErrors(knownRuleIDs: known) {
            throw ScanFailure.config(problem.description)
        }
        return rules
    }

    /// Each rule's rationale by rule id, for revision prompts and explanations (the first of a duplicated id).
    static func rationales(_ rules: [Rule]) -> [String: String] {
        Dictionary(rules.map { ($0.id, $0.rationale) }, uniquingKeysWith: { first, _ in first })
    }

    /// The usage problem with these options, if any (checked in `validate()`).
    func usageProblem() -> String? {
        if let severity, Severity(rawValue: severity) == nil {
            return "unknown severity '\(severity)'; expected one of: \(Severity.allCases.map(\.rawValue).joined(separator: ", "))"
        }
        if let confidence, Confidence(rawValue: confidence) == nil {
            return "unknown confidence '\(confidence)'; expected one of: low, medium, high"
        }
        for selector in (select + ignore).flatMap(Self.splitList) where RuleSelector(selector) == nil {
            return "'\(selector)' is not a rule id, rule glob or CWE id (like CWE-89)"
        }
        return nil
    }

    static func splitList(_ value: String) -> [String] {
        value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
