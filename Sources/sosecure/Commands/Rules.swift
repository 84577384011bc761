import ArgumentParser
import Foundation
import SOSecureCore
import SOSecureRules

/// `sosecure rules`: lists the rules, or explains one.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the security rules, or explain one.",
        subcommands: [List.self, Explain.self],
        defaultSubcommand: List.self
    )

    static func load(folders: [String]) throws -> [Rule] {
        var rules = try RuleLoader.builtIn()
        for folder in folders { rules += try RuleLoader.loadDirectory(URL(fileURLWithPath: folder)) }
        return rules.sorted { $0.id < $1.id }
    }

    static func fail(_ error: Error) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        return ExitCode(2)
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List rules: id, CWE, severity, language, fixable.")

        @Option(name: .customLong("rules"), help: ArgumentHelp("Also load rule files from this folder.", valueName: "dir"))
        var ruleFolders: [String] = []

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() throws {
            let rules: [Rule]
            do { rules = try Rules.load(folders: ruleFolders) } catch { throw Rules.fail(error) }
            if json {
                let items: [[String: Any]] = rules.map { rule in
                    ["id": rule.id, "cwe": rule.cwes.map(\.id), "severity": rule.severity.rawValue,
                     "confidence": rule.confidence.rawValue, "language": rule.language.rawValue,
                     "fixable": rule.fix != nil, "summary": rule.summary]
                }
                let data = try JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            let idWidth = max(4, rules.map(\.id.count).max() ?? 0)
            let cweColumn = rules.map { $0.cwes.map(\.identifier).joined(separator: ",") }
            let cweWidth = max(3, cweColumn.map(\.count).max() ?? 0)
            print("\("RULE".padding(toLength: idWidth, withPad: " ", startingAt: 0))  \("CWE".padding(toLength: cweWidth, withPad: " ", startingAt: 0))  SEVERITY  LANGUAGE  FIX")
            for (rule, cwes) in zip(rules, cweColumn) {
                print("\(rule.id.padding(toLength: idWidth, withPad: " ", startingAt: 0))  \(cwes.padding(toLength: cweWidth, withPad: " ", startingAt: 0))  \(rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(rule.language.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(rule.fix != nil ? "yes" : "-")")
            }
            let cweCount = Set(rules.flatMap { $0.cwes.map(\.id) }).count
            print("\n\(rules.count) rules, \(cweCount) CWEs, \(rules.filter { $0.fix != nil }.count) with a fix")
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "explain", abstract: "Show a rule's summary, rationale and examples.")

        @Argument(help: "The rule id.")
        var id: String

        @Option(name: .customLong("rules"), help: ArgumentHelp("Also load rule files from this folder.", valueName: "dir"))
        var ruleFolders: [String] = []

        func run() throws {
            let rules: [Rule]
            do { rules = try Rules.load(folders: ruleFolders) } catch { throw Rules.fail(error) }
            guard let rule = rules.first(where: { $0.id == id }) else {
                let close = rules.map(\.id).filter { $0.contains(id) || id.contains($0) }.prefix(5)
                throw Rules.fail(ScanFailure.config("no rule '\(id)'" + (close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?")))
            }
            var text = "\(rule.id)  [\(rule.severity.rawValue), confidence \(rule.confidence.rawValue)]\n"
            text += rule.cwes.map { "  \($0.description)" }.joined(separator: "\n") + "\n\n"
            text += rule.summary + "\n\n" + rule.rationale + "\n"
            if let fix = rule.fix { text += "\nFix (\(fix.applicability.rawValue)): \(fix.title)\n" }
            for (index, example) in rule.examples.vulnerable.enumerated() {
                text += "\nVulnerable example \(index + 1):\n" + indent(example)
            }
            for (index, example) in rule.examples.safe.enumerated() {
                text += "\nSafe example \(index + 1):\n" + indent(example)
            }
            if !rule.references.isEmpty { text += "\nReferences:\n" + rule.references.map { "  \($0)" }.joined(separator: "\n") + "\n" }
            print(text, terminator: "")
        }

        private func indent(_ code: String) -> String {
            code.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }.joined(separator: "\n") + "\n"
        }
    }
}
