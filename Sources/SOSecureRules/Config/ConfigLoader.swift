import Foundation
import SOSecureCore
import TOMLKit

/// Reads `ScanConfig` from `.sosecure.toml` (top-level keys) or `[tool.sosecure]` in `pyproject.toml`.
public enum ConfigLoader {
    public static let configFileName = ".sosecure.toml"
    public static let pyprojectFileName = "pyproject.toml"

    static let keys: [String] = ["select", "ignore", "severity", "confidence", "per-path-ignores", "rules",
                                 "exclude", "honor-nosec", "report-unused-suppressions", "llm"]
    static let llmKeys: [String] = ["base-url", "model", "temperature", "max-tokens", "timeout"]

    /// Walks up from `path` (a folder, or a file's folder) to the first folder holding `.git`, or the
    /// file-system root, and loads the first config found. In each folder `.sosecure.toml` comes
    /// before `pyproject.toml`; a `pyproject.toml` without `[tool.sosecure]` is passed over.
    public static func discover(startingAt path: String) throws(ConfigError) -> ScanConfig? {
        var folder = PathNormalizer.absolute(path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), !isDirectory.boolValue {
            folder = (folder as NSString).deletingLastPathComponent
        }
        while true {
            for name in [configFileName, pyprojectFileName] {
                let candidate = folder == "/" ? "/" + name : folder + "/" + name
                guard FileManager.default.fileExists(atPath: candidate) else { continue }
                if let config = try loadIfConfigured(file: candidate) { return config }
            }
            if FileManager.default.fileExists(atPath: folder + "/.git") || folder == "/" { return nil }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }

    /// Loads a config file named on the command line. A `pyproject.toml` must have `[tool.sosecure]`.
    public static func load(file: String) throws(ConfigError) -> ScanConfig {
        guard let config = try loadIfConfigured(file: file) else {
            throw ConfigError(file: file, line: 0, key: "", message: "no [tool.sosecure] table in this file")
        }
        return config
    }

    /// Parses config text. `file` names it in errors and decides the layout (`pyproject.toml` or not);
    /// relative `rules` folders are resolved against the file's folder.
    public static func parse(text: String, file: String) throws(ConfigError) -> ScanConfig? {
        let isPyproject = (file as NSString).lastPathComponent == pyprojectFileName
        let root: TOMLNode
        do {
            root = TOMLNode(try TOMLTable(string: text))
        } catch let error as TOMLParseError {
            if isPyproject, !text.contains("sosecure") {
                // A broken pyproject.toml that holds no SOSecure settings is another tool's problem.
                return nil
            }
            throw ConfigError(file: file, line: error.source.begin.line, key: "",
                              message: "not valid TOML: \(error.description)")
        } catch {
            throw ConfigError(file: file, line: 0, key: "", message: "not valid TOML: \(error)")
        }
        let prefix = isPyproject ? ["tool", "sosecure"] : []
        var table = root
        for part in prefix {
            guard case let .table(entries) = table, let next = entries.first(where: { $0.0 == part })?.1 else { return nil }
            table = next
        }
        let lines = TOMLKeyLines(text: text)
        let reader = ConfigTableReader(file: file, prefix: prefix, lines: lines)
        guard case let .table(entries) = table else {
            throw ConfigError(file: file, line: lines.line(of: prefix) ?? 0, key: prefix.joined(separator: "."),
                              message: "expected a table, found \(table.typeName)")
        }
        let folder = (PathNormalizer.absolute(file) as NSString).deletingLastPathComponent
        return try reader.config(from: entries, baseDirectory: folder)
    }

    private static func loadIfConfigured(file: String) throws(ConfigError) -> ScanConfig? {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigError(file: file, line: 0, key: "", message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: file, line: 0, key: "", message: "the file is not valid UTF-8")
        }
        return try parse(text: text, file: file)
    }
}

/// Checks the SOSecure table key by key and builds the config, with errors located by `TOMLKeyLines`.
struct ConfigTableReader {
    let file: String
    let prefix: [String]
    let lines: TOMLKeyLines

    func error(at path: [String], _ message: String) -> ConfigError {
        ConfigError(file: file, line: lines.line(of: prefix + path) ?? 0, key: Self.dotted(path), message: message)
    }

    func config(from entries: [(String, TOMLNode)], baseDirectory: String) throws(ConfigError) -> ScanConfig {
        var config = ScanConfig(baseDirectory: baseDirectory)
        var keyLines: [String: Int] = [:]
        // TOMLKit hands keys back sorted by name; check them in file order so the first error is the first in the file.
        let ordered = entries.sorted { (lines.line(of: prefix + [$0.0]) ?? 0) < (lines.line(of: prefix + [$1.0]) ?? 0) }
        for (key, value) in ordered {
            keyLines[key] = lines.line(of: prefix + [key]) ?? 0
            switch key {
            case "select": config.select = try selectors(value, at: [key])
            case "ignore": config.ignore = try selectors(value, at: [key])
            case "severity": config.minimumSeverity = try choice(value, at: [key], Severity.allCases)
            case "confidence": config.minimumConfidence = try choice(value, at: [key], Confidence.allCases)
            case "per-path-ignores": config.perPathIgnores = try perPathIgnores(value, at: [key])
            case "rules": config.ruleFolders = try ruleFolders(value, at: [key], relativeTo: baseDirectory)
            case "exclude": config.exclude = try globs(value, at: [key])
            case "honor-nosec": config.honorNosec = try bool(value, at: [key])
            case "report-unused-suppressions": config.reportUnusedSuppressions = try bool(value, at: [key])
            case "llm": config.llm = try llm(value, at: [key])
            default:
                throw error(at: [key], "unknown key; expected one of \(ConfigLoader.keys.joined(separator: ", "))")
            }
        }
        config.origin = ConfigOrigin(file: file, keyLines: keyLines)
        return config
    }

    private func strings(_ value: TOMLNode, at path: [String]) throws(ConfigError) -> [String] {
        guard case let .array(items) = value else {
            throw error(at: path, "expected an array of strings, found \(value.typeName)")
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case let .string(text) = item else {
                throw error(at: path, "item \(index + 1) must be a string, found \(item.typeName)")
            }
            result.append(text)
        }
        return result
    }

    private func selectors(_ value: TOMLNode, at path: [String]) throws(ConfigError) -> [RuleSelector] {
        var result: [RuleSelector] = []
        for text in try strings(value, at: path) {
            guard let selector = RuleSelector(text) else {
                throw error(at: path, "'\(text)' is not a rule id, a rule-id prefix ending in '*', or CWE-<number>")
            }
            result.append(selector)
        }
        return result
    }

    private func choice<T: RawRepresentable>(_ value: TOMLNode, at path: [String], _ cases: [T]) throws(ConfigError) -> T
    where T.RawValue == String {
        let names = cases.map(\.rawValue).joined(separator: ", ")
        guard case let .string(text) = value else {
            throw error(at: path, "expected a string (one of \(names)), found \(value.typeName)")
        }
        guard let result = cases.first(where: { $0.rawValue == text.lowercased() }) else {
            throw error(at: path, "'\(text)' is not one of \(names)")
        }
        return result
    }

    private func bool(_ value: TOMLNode, at path: [String]) throws(ConfigError) -> Bool {
        guard case let .bool(flag) = value else {
            throw error(at: path, "expected true or false, found \(value.typeName)")
        }
        return flag
    }

    private func globs(_ value: TOMLNode, at path: [String]) throws(ConfigError) -> [GlobPattern] {
        var result: [GlobPattern] = []
        for text in try strings(value, at: path) {
            guard let glob = GlobPattern(text) else { throw error(at: path, "'\(text)' is an empty pattern") }
            result.append(glob)
        }
        return result
    }

    private func perPathIgnores(_ value: TOMLNode, at path: [String]) throws(ConfigError) -> [PerPathIgnore] {
        guard case let .table(entries) = value else {
            throw error(at: path, "expected a table of glob = [rule ids], found \(value.typeName)")
        }
        var result: [PerPathIgnore] = []
        for (pattern, rules) in entries {
            let entryPath = path + [pattern]
            guard let glob = GlobPattern(pattern) else { throw error(at: entryPath, "'\(pattern)' is an empty pattern") }
            result.append(PerPathIgnore(glob: glob, rules: try selectors(rules, at: entryPath)))
        }
        return result
    }

    private func ruleFolders(_ value: TOMLNode, at path: [String], relativeTo base: String) throws(ConfigError) -> [String] {
        var result: [String] = []
        for folder in try strings(value, at: path) {
            let absolute = PathNormalizer.absolute(folder.hasPrefix("/") ? folder : base + "/" + folder)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw error(at: path, "rule folder '\(folder)' does not exist (looked for \(absolute))")
            }
            result.append(absolute)
        }
        return result
    }

    /// `[llm]`: where the model endpoint is and how to call it.
    private func llm(_ value: TOMLNode, at path: [String]) throws(ConfigError) -> LLMConfigValues {
        guard case let .table(entries) = value else {
            throw error(at: path, "expected a table ([llm]), found \(value.typeName)")
        }
        var values = LLMConfigValues()
        let ordered = entries.sorted { (lines.line(of: prefix + path + [$0.0]) ?? 0) < (lines.line(of: prefix + path + [$1.0]) ?? 0) }
        for (key, item) in ordered {
            let keyPath = path + [key]
            switch key {
            case "base-url":
                let url = try nonEmptyString(item, at: keyPath)
                let lowered = url.lowercased()
                guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
                    throw error(at: keyPath, "'\(url)' is not an http:// or https:// URL")
                }
                values.baseURL = url
            case "model": values.model = try nonEmptyString(item, at: keyPath)
            case "temperature":
                let temperature = try number(item, at: keyPath)
                guard (0...2).contains(temperature) else { throw error(at: keyPath, "must be between 0 and 2") }
                values.temperature = temperature
            case "max-tokens":
                guard case let .int(tokens) = item else {
                    throw error(at: keyPath, "expected an integer, found \(item.typeName)")
                }
                guard tokens > 0 else { throw error(at: keyPath, "must be greater than 0") }
                values.maxTokens = tokens
            case "timeout":
                let seconds = try number(item, at: keyPath)
                guard seconds > 0 else { throw error(at: keyPath, "must be a number of seconds greater than 0") }
                values.timeoutSeconds = seconds
            case "api-key", "api_key", "apikey", "key", "token":
                // A config file is committed with the code; a key in it leaks to everyone who can read the repository.
                throw error(at: keyPath, "API keys do not belong in a config file that may be committed; "
                            + "set the SOSECURE_LLM_API_KEY (or OPENAI_API_KEY) environment variable instead")
            default:
                throw error(at: keyPath, "unknown key; expected one of \(ConfigLoader.llmKeys.joined(separator: ", "))")
            }
        }
        return values
    }

    private func nonEmptyString(_ value: TOMLNode, at path: [String]) throws(ConfigError) -> String {
        guard case let .string(text) = value else {
            throw error(at: path, "expected a string, found \(value.typeName)")
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw error(at: path, "must not be empty") }
        return trimmed
    }

    private func number(_ value: TOMLNode, at path: [String]) throws(ConfigError) -> Double {
        switch value {
        case let .int(number): return Double(number)
        case let .double(number): return number
        default: throw error(at: path, "expected a number, found \(value.typeName)")
        }
    }

    /// `a`, `per-path-ignores."tests/**"`: bare when the part allows it, quoted otherwise.
    static func dotted(_ path: [String]) -> String {
        path.map { part in
            part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) && !part.isEmpty
                ? part : "\"\(part)\""
        }.joined(separator: ".")
    }
}

/// A TOMLKit value copied into plain Swift values while its table is alive.
enum TOMLNode: Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([TOMLNode])
    case table([(String, TOMLNode)])
    /// Dates and times: never valid in a SOSecure config, kept only to name them in errors.
    case other(String)

    init(_ value: TOMLValueConvertible) {
        switch value.type {
        case .string: self = .string(value.string ?? "")
        case .int: self = .int(value.int ?? 0)
        case .double: self = .double(value.double ?? 0)
        case .bool: self = .bool(value.bool ?? false)
        case .array: self = .array(value.array.map { $0.map(TOMLNode.init) } ?? [])
        case .table: self = .table(value.table.map { table in table.map { ($0.0, TOMLNode($0.1)) } } ?? [])
        default: self = .other(value.type.rawValue)
        }
    }

    var typeName: String {
        switch self {
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a float"
        case .bool: return "a boolean"
        case .array: return "an array"
        case .table: return "a table"
        case let .other(name): return "a \(name)"
        }
    }
}
