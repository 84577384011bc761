import Foundation

/// Groups the REPL's input lines into code entries and `:commands`.
///
/// An entry ends with a blank line or a line `.end`. A blank line that arrived inside a terminal paste
/// belongs to the code (pasted programs have blank lines between functions); only a typed one ends the
/// entry. After a line `:paste`, only `.end` (or the end of input) ends the entry, so a script or an
/// editor can send whole programs through a pipe. A `:command` line at column 0 ends an unfinished entry
/// and then runs: no Python line starts with a colon, while indented ones (`:param x:` in a docstring)
/// stay code.
public struct ReplInputCollector: Sendable {
    public enum Item: Sendable, Equatable {
        case entry(String)
        case command(ReplCommand)
    }

    /// The line that starts an entry only `.end` closes.
    public static let pasteCommand = ":paste"

    private var lines: [String] = []
    /// After `:paste`: blank lines and colon lines are code until `.end`.
    private var untilEnd = false

    public init() {}

    /// True while an entry has started and not ended (the prompt shows a continuation).
    public var isCollecting: Bool { !lines.isEmpty || untilEnd }

    /// What the line completes: nothing, an entry, a command, or an entry and then a command.
    /// - Parameter pasted: the line came from a terminal paste.
    public mutating func feed(_ rawLine: String, pasted: Bool = false) -> [Item] {
        let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : rawLine
        let isBlank = line.allSatisfy { $0 == " " || $0 == "\t" }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed == ".end" || (isBlank && !pasted && !untilEnd) {
            return finish().map { [$0] } ?? []
        }
        if untilEnd {
            lines.append(line)
            return []
        }
        let atCommandPosition = !pasted && (line.first == ":" || (!isCollecting && trimmed.first == ":"))
        if atCommandPosition && trimmed.lowercased() == Self.pasteCommand {
            let unfinished = finish().map { [$0] } ?? []
            untilEnd = true
            return unfinished
        }
        if atCommandPosition, let command = ReplCommand(line: line) {
            return (finish().map { [$0] } ?? []) + [.command(command)]
        }
        if isBlank && !isCollecting { return [] }
        lines.append(line)
        return []
    }

    /// End of input: the unfinished entry, if it holds any code.
    public mutating func finish() -> Item? {
        defer {
            lines = []
            untilEnd = false
        }
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        guard !lines.isEmpty else { return nil }
        return .entry(lines.joined(separator: "\n") + "\n")
    }
}
