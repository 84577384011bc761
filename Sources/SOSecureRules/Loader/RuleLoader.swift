import Foundation
import SOSecureCore
import Yams

/// Loads rule files: the built-in set shipped as resources, and user folders.
public enum RuleLoader {
    static let topLevelFields = ["id", "language", "cwe", "severity", "confidence", "summary", "message",
                                 "rationale", "match", "fix", "examples", "references"]

    /// Parses one rule file. `file` names it in errors.
    public static func load(yaml text: String, file: String) throws -> Rule {
        let root: Node
        do {
            // The basic resolver tags every scalar as text without running the default resolver's
            // regular expressions on each one (Yams hashes every mapping key to find duplicates, which
            // resolves its tag); the few typed fields resolve their own scalar (`YAMLReader.typed`).
            // An explicit encoding spares a read of the process environment per file.
            guard let composed = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                throw RuleLoadError(file: file, line: 0, field: "", message: "the file is empty; expected a rule")
            }
            root = composed
        } catch let error as YamlError {
            throw RuleLoadError(file: file, line: Self.line(of: error), field: "", message: "not valid YAML: \(error)")
        }
        let reader = YAMLReader(file: file, node: root, path: "")
        try reader.checkKeys(topLevelFields)

        let idReader = try reader.required("id")
        let id = try idReader.nonEmptyString()
        guard isKebabCase(id) else {
            throw idReader.error("rule ids are kebab-case (lowercase words joined by '-')")
        }
        let fileStem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        if file.hasSuffix(".yaml") || file.hasSuffix(".yml"), fileStem != id {
            throw idReader.error("the id '\(id)' must equal the file name '\(fileStem)'")
        }

        let language = try reader.optional("language").map { try $0.oneOf(Language.self, Language.allCases) } ?? .python
        let cweReader = try reader.required("cwe")
        let cweIDs: [Int] = cweReader.node.scalar != nil ? [try cweReader.int()] : try cweReader.sequence().map { try $0.int() }
        if cweIDs.isEmpty { throw cweReader.error("list at least one CWE id") }
        let severity = try reader.required("severity").oneOf(Severity.self, Severity.allCases)
        let confidence = try reader.required("confidence").oneOf(Confidence.self, Confidence.allCases)
        let summary = try reader.required("summary").nonEmptyString()
        let message = try reader.optional("message")?.nonEmptyString()
        let rationale = try reader.required("rationale").nonEmptyString()
        let matchReader = try reader.required("match")
        // Python rules use the structural matchers; every other language writes its match as code patterns.
        let match = language.usesCodePatterns ? try CodeMatchReader.matcher(matchReader, language: language)
            : try MatcherReader.matcher(matchReader)
        let fix = try reader.optional("fix").map { try FixReader.fix($0, language: language, match: match) }
        let examples = try examples(try reader.required("examples"), marker: RuleExamples.expectMarker(for: language))
        let references = try reader.optional("references")?.strings() ?? []

        return Rule(id: id, language: language, cwes: cweIDs.map { CWE(id: $0) }, severity: severity,
                    confidence: confidence, summary: summary.trimmingWhitespace(),
                    message: message?.trimmingWhitespace(),
                    rationale: rationale.trimmingWhitespace(), match: match, fix: fix,
                    examples: examples, references: references, origin: file)
    }

    /// Lowercase ASCII words of letters and digits joined by single `-`.
    static func isKebabCase(_ id: String) -> Bool {
        let words = id.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        return words.allSatisfy { word in
            !word.isEmpty && word.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
    }

    private static func examples(_ reader: YAMLReader, marker: String) throws -> RuleExamples {
        try reader.checkKeys(["vulnerable", "safe"])
        let vulnerableReader = try reader.required("vulnerable")
        let vulnerable = try vulnerableReader.sequence().map { try $0.nonEmptyString() }
        let safe = try reader.required("safe").sequence().map { try $0.nonEmptyString() }
        for (index, example) in vulnerable.enumerated() where !example.contains(marker) {
            throw RuleLoadError(file: reader.file, line: vulnerableReader.line, field: "examples.vulnerable[\(index)]",
                                message: "mark the flagged line with a trailing '\(marker)' comment")
        }
        return RuleExamples(vulnerable: vulnerable, safe: safe)
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        default:
            return 0
        }
    }

    /// Loads every `.yaml`/`.yml` file under `directory` (recursively), sorted by path.
    /// Errors from all files are collected so a user sees every broken rule at once.
    public static func loadDirectory(_ directory: URL) throws -> [Rule] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuleLoadError(file: directory.path, line: 0, field: "", message: "no such rule folder")
        }
        var found: [URL] = []
        if let enumerator = manager.enumerator(at: directory, includingPropertiesForKeys: nil) {
            for case let url as URL in enumerator where ["yaml", "yml"].contains(url.pathExtension) {
                found.append(url)
            }
        }
        let files = found.sorted { $0.path < $1.path }
        // Files parse independently, and loading is most of a small scan's start-up: all cores share it.
        // Results keep the files' sorted order.
        let outcomes = ResultSlots<Result<Rule, RuleLoadError>>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let url = files[index]
            do {
                let text = try String(contentsOf: url, encoding: .utf8)
                outcomes.set(index, .success(try load(yaml: text, file: url.path)))
            } catch let error as RuleLoadError {
                outcomes.set(index, .failure(error))
            } catch {
                outcomes.set(index, .failure(RuleLoadError(file: url.path, line: 0, field: "",
                                                           message: "cannot read: \(error.localizedDescription)")))
            }
        }
        var rules: [Rule] = []
        var errors: [RuleLoadError] = []
        for outcome in outcomes.values {
            switch outcome {
            case let .success(rule): rules.append(rule)
            case let .failure(error): errors.append(error)
            case nil: continue
            }
        }
        if !errors.isEmpty { throw RuleLoadErrors(errors: errors) }
        return rules
    }

    /// The rules shipped with SOSecure.
    public static func builtIn() throws -> [Rule] {
        try loadDirectory(builtInFolder())
    }

    /// The shipped rules that apply to files of `languages`. Built-in rules sit in a folder named after
    /// their language, so the others are never read: loading is most of a small scan's start-up.
    public static func builtIn(for languages: Set<Language>) throws -> [Rule] {
        let root = try builtInFolder()
        var rules: [Rule] = []
        for language in Language.allCases.sorted(by: { $0.rawValue < $1.rawValue })
        where !language.ruleTargets.isDisjoint(with: languages) {
            let folder = root.appendingPathComponent(language.rawValue, isDirectory: true)
            if FileManager.default.fileExists(atPath: folder.path) { rules += try loadDirectory(folder) }
        }
        return rules
    }

    /// The id of every shipped rule, read from file names (a rule's id equals its file's name), so a
    /// configuration can name a rule of a language the scan does not load.
    public static func builtInRuleIDs() throws -> Set<String> {
        let root = try builtInFolder()
        var ids: Set<String> = []
        if let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) {
            for case let url as URL in enumerator where ["yaml", "yml"].contains(url.pathExtension) {
                ids.insert(url.deletingPathExtension().lastPathComponent)
            }
        }
        return ids
    }

    private static func builtInFolder() throws -> URL {
        guard let url = Bundle.module.url(forResource: "Rules", withExtension: nil) else {
            throw RuleLoadError(file: "Rules", line: 0, field: "", message: "the built-in rules are missing from the bundle")
        }
        return url
    }
}

/// Several rule files failed to load.
public struct RuleLoadErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [RuleLoadError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
