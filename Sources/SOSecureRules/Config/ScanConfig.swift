import Foundation
import SOSecureCore

/// What a scan reports: which rules run, the thresholds, where findings are ignored and which
/// files are left out. Built from `.sosecure.toml` / `[tool.sosecure]` by `ConfigLoader`,
/// then `merging(overrides:)` with the command line.
public struct ScanConfig: Sendable, Equatable {
    /// Rules to run; nil runs every rule.
    public var select: [RuleSelector]?
    /// Rules never reported; wins over `select`.
    public var ignore: [RuleSelector]
    /// Findings below these are dropped.
    public var minimumSeverity: Severity
    public var minimumConfidence: Confidence
    /// Rules ignored only for paths matching a glob (tests, generated code…).
    public var perPathIgnores: [PerPathIgnore]
    /// Extra rule folders, absolute (written relative to the config file).
    public var ruleFolders: [String]
    /// Files and folders left out of folder walks, relative to `baseDirectory`.
    public var exclude: [GlobPattern]
    /// Also honour `# nosec` and `# noqa: S…` comments written for Bandit and Ruff.
    public var honorNosec: Bool
    /// Report `# sosecure: ignore` comments that silenced nothing.
    public var reportUnusedSuppressions: Bool
    /// Absolute folder that globs are relative to: the config file's folder, or the working folder.
    public var baseDirectory: String
    /// Where the settings came from; nil for defaults and command-line-only settings.
    public var origin: ConfigOrigin?
    /// The `[llm]` table: the model endpoint `fix` revises code with; nil when the file has none.
    public var llm: LLMConfigValues?

    public init(
        select: [RuleSelector]? = nil, ignore: [RuleSelector] = [], minimumSeverity: Severity = .info,
        minimumConfidence: Confidence = .low, perPathIgnores: [PerPathIgnore] = [], ruleFolders: [String] = [],
        exclude: [GlobPattern] = [], honorNosec: Bool = false, reportUnusedSuppressions: Bool = false,
        baseDirectory: String = FileManager.default.currentDirectoryPath, origin: ConfigOrigin? = nil,
        llm: LLMConfigValues? = nil
    ) {
        self.select = select
        self.ignore = ignore
        self.minimumSeverity = minimumSeverity
        self.minimumConfidence = minimumConfidence
        self.perPathIgnores = perPathIgnores
        self.ruleFolders = ruleFolders
        self.exclude = exclude
        self.honorNosec = honorNosec
        self.reportUnusedSuppressions = reportUnusedSuppressions
        self.baseDirectory = baseDirectory
        self.origin = origin
        self.llm = llm
    }

    /// Whether a rule runs at all (select and ignore, not thresholds or paths).
    public func isEnabled(ruleID: String, cwes: [CWE]) -> Bool {
        if let select, !select.contains(where: { $0.matches(ruleID: ruleID, cwes: cwes) }) { return false }
        return !ignore.contains { $0.matches(ruleID: ruleID, cwes: cwes) }
    }

    public func isEnabled(_ rule: RuleMetadata) -> Bool { isEnabled(ruleID: rule.id, cwes: rule.cwes) }

    public func meetsThresholds(severity: Severity, confidence: Confidence) -> Bool {
        severity >= minimumSeverity && confidence >= minimumConfidence
    }

    /// Whether a per-path ignore covers this rule at `path` (absolute, or relative to the working folder).
    public func isIgnored(ruleID: String, cwes: [CWE], atPath path: String) -> Bool {
        guard !perPathIgnores.isEmpty else { return false }
        let components = relativeComponents(of: path)
        return perPathIgnores.contains { entry in
            entry.rules.contains { $0.matches(ruleID: ruleID, cwes: cwes) }
                && entry.glob.matchesPathOrAncestor(components, isDirectory: false)
        }
    }

    /// The one question a scan asks of each finding.
    public func keeps(_ finding: Finding) -> Bool {
        isEnabled(ruleID: finding.ruleID, cwes: finding.cwes)
            && meetsThresholds(severity: finding.severity, confidence: finding.confidence)
            && !isIgnored(ruleID: finding.ruleID, cwes: finding.cwes, atPath: finding.path)
    }

    /// Whether `exclude` leaves this path out (the path or a folder above it matches).
    public func isExcluded(path: String, isDirectory: Bool) -> Bool {
        guard !exclude.isEmpty else { return false }
        let components = relativeComponents(of: path)
        return exclude.contains { $0.matchesPathOrAncestor(components, isDirectory: isDirectory) }
    }

    /// Path components relative to `baseDirectory`; paths outside it keep their own components.
    func relativeComponents(of path: String) -> [Substring] {
        let absolute = PathNormalizer.absolute(path)
        let base = PathNormalizer.absolute(baseDirectory)
        if absolute == base { return [] }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        let relative = absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : path
        return relative.split(separator: "/").filter { $0 != "." }
    }

    /// Command-line settings; every non-nil field replaces the file's value, except `ruleFolders`,
    /// which are added to the file's folders.
    public struct Overrides: Sendable, Equatable {
        public var select: [RuleSelector]?
        public var ignore: [RuleSelector]?
        public var minimumSeverity: Severity?
        public var minimumConfidence: Confidence?
        public var ruleFolders: [String]
        public var exclude: [GlobPattern]?
        public var honorNosec: Bool?
        public var reportUnusedSuppressions: Bool?

        public init(select: [RuleSelector]? = nil, ignore: [RuleSelector]? = nil, minimumSeverity: Severity? = nil,
                    minimumConfidence: Confidence? = nil, ruleFolders: [String] = [], exclude: [GlobPattern]? = nil,
                    honorNosec: Bool? = nil, reportUnusedSuppressions: Bool? = nil) {
            self.select = select
            self.ignore = ignore
            self.minimumSeverity = minimumSeverity
            self.minimumConfidence = minimumConfidence
            self.ruleFolders = ruleFolders
            self.exclude = exclude
            self.honorNosec = honorNosec
            self.reportUnusedSuppressions = reportUnusedSuppressions
        }
    }

    /// The command line wins. A rule selected on the command line is also taken out of the
    /// file's `ignore` list, so `--select X` runs X even when the config ignores it.
    public func merging(overrides: Overrides) -> ScanConfig {
        var merged = self
        if let select = overrides.select {
            merged.select = select
            if overrides.ignore == nil {
                merged.ignore = ignore.filter { !select.contains($0) }
            }
        }
        if let ignore = overrides.ignore { merged.ignore = ignore }
        if let severity = overrides.minimumSeverity { merged.minimumSeverity = severity }
        if let confidence = overrides.minimumConfidence { merged.minimumConfidence = confidence }
        // Command-line folders are relative to the working folder, not to the config file.
        merged.ruleFolders += overrides.ruleFolders.map { PathNormalizer.absolute($0) }
        if let exclude = overrides.exclude { merged.exclude = exclude }
        if let honorNosec = overrides.honorNosec { merged.honorNosec = honorNosec }
        if let report = overrides.reportUnusedSuppressions { merged.reportUnusedSuppressions = report }
        // Keys the command line replaced no longer come from the file, so errors about them must not point there.
        var replaced: Set<String> = []
        if overrides.select != nil { replaced.insert("select") }
        if overrides.ignore != nil { replaced.insert("ignore") }
        if overrides.exclude != nil { replaced.insert("exclude") }
        merged.origin = origin.map { ConfigOrigin(file: $0.file, keyLines: $0.keyLines.filter { !replaced.contains($0.key) }) }
        return merged
    }
}

/// The config file's `[llm]` table (`[tool.sosecure.llm]` in `pyproject.toml`). Plain values only:
/// the remediation target turns them into its own settings. There is no API key here on purpose.
public struct LLMConfigValues: Sendable, Equatable {
    public var baseURL: String?
    public var model: String?
    public var temperature: Double?
    public var maxTokens: Int?
    public var timeoutSeconds: Double?

    public init(baseURL: String? = nil, model: String? = nil, temperature: Double? = nil, maxTokens: Int? = nil,
                timeoutSeconds: Double? = nil) {
        self.baseURL = baseURL
        self.model = model
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.timeoutSeconds = timeoutSeconds
    }
}

/// A `select`/`ignore` entry: a rule id, a rule-id prefix ending in `*`, or `CWE-<n>`.
public enum RuleSelector: Sendable, Hashable, CustomStringConvertible {
    case rule(String)
    case rulePrefix(String)
    case cwe(Int)

    /// Nil when the text is none of the three forms.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("cwe-") {
            let digits = trimmed.dropFirst(4)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigitCharacter), let id = Int(digits), id > 0 else { return nil }
            self = .cwe(id)
            return
        }
        let isIDCharacter: (Character) -> Bool = { $0.isASCIIDigitCharacter || ("a"..."z").contains($0) || $0 == "-" }
        if trimmed.hasSuffix("*") {
            let prefix = String(trimmed.dropLast())
            guard prefix.allSatisfy(isIDCharacter) else { return nil }
            self = .rulePrefix(prefix)
            return
        }
        guard !trimmed.isEmpty, trimmed.allSatisfy(isIDCharacter), !trimmed.hasPrefix("-"), !trimmed.hasSuffix("-") else {
            return nil
        }
        self = .rule(trimmed)
    }

    public func matches(ruleID: String, cwes: [CWE]) -> Bool {
        switch self {
        case let .rule(id): return ruleID == id
        case let .rulePrefix(prefix): return ruleID.hasPrefix(prefix)
        case let .cwe(id): return cwes.contains { $0.id == id }
        }
    }

    public var description: String {
        switch self {
        case let .rule(id): return id
        case let .rulePrefix(prefix): return prefix + "*"
        case let .cwe(id): return "CWE-\(id)"
        }
    }
}

/// `"tests/**" = ["hardcoded-password", "CWE-798"]`.
public struct PerPathIgnore: Sendable, Hashable {
    public let glob: GlobPattern
    public let rules: [RuleSelector]

    public init(glob: GlobPattern, rules: [RuleSelector]) {
        self.glob = glob
        self.rules = rules
    }
}

/// The file a config came from and the line of each key, so later checks (unknown rule ids)
/// can point at the place to edit.
public struct ConfigOrigin: Sendable, Equatable {
    public let file: String
    /// Key name (`select`, `per-path-ignores`) → 1-based line.
    public let keyLines: [String: Int]

    public init(file: String, keyLines: [String: Int]) {
        self.file = file
        self.keyLines = keyLines
    }
}

extension ScanConfig {
    /// Selectors that name a rule id no loaded rule has (CWE selectors are always valid), as
    /// errors pointing at the config key. Command-line selectors are reported without a file.
    public func unknownRuleErrors(knownRuleIDs: Set<String>) -> [ConfigError] {
        var errors: [ConfigError] = []
        func check(_ selectors: [RuleSelector], key: String) {
            for selector in selectors {
                let known: Bool
                switch selector {
                case let .rule(id): known = knownRuleIDs.contains(id)
                case let .rulePrefix(prefix): known = knownRuleIDs.contains { $0.hasPrefix(prefix) }
                case .cwe: known = true
                }
                if !known {
                    let line = origin?.keyLines[key]
                    errors.append(ConfigError(file: line == nil ? "command line" : origin?.file ?? "command line",
                                              line: line ?? 0, key: key, message: "no rule matches '\(selector)'"))
                }
            }
        }
        check(select ?? [], key: "select")
        check(ignore, key: "ignore")
        for entry in perPathIgnores { check(entry.rules, key: "per-path-ignores") }
        return errors
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}

/// Absolute, standardized paths without touching the file system (symlinks are kept).
enum PathNormalizer {
    static func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for component in joined.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(component)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
