import Foundation

/// Groups the REPL's input lines into code entries and `:commands`.
///
/// An entry ends with a blank line or a line `.end`. A blank line that arrived inside a terminal paste
/// belongs to the code (pasted programs have blank lines between functions); only a typed one ends the
/// entry. A `:command` line at column 0 ends an unfinished entry and then runs: no Python line starts
/// with a colon, while indented ones (`:param x:` in a docstring) stay code.
public struct ReplInputCollector: Sendable {
    public enum Item: Sendable, Equatable {
        case entry(String)
        case command(ReplCommand)
    }

    private var lines: [String] = []

    public init() {}

    /// True while an entry has started and not ended (the prompt shows a continuation).
    public var isCollecting: Bool { !lines.isEmpty }

    /// What the line completes: nothing, an entry, a command, or an entry and then a command.
    /// - Parameter pasted: the line came from a terminal paste.
    public mutating func feed(_ rawLine: String, pasted: Bool = false) -> [Item] {
        let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : rawLine
        let isBlank = line.allSatisfy { $0 == " " || $0 == "\t" }
        if line.trimmingCharacters(in: .whitespaces) == ".end" || (isBlank && !pasted) {
            return finish().map { [$0] } ?? []
        }
        if !pasted, line.first == ":" || (!isCollecting && line.trimmingCharacters(in: .whitespaces).first == ":"),
           let command = ReplCommand(line: line) {
            return (finish().map { [$0] } ?? []) + [.command(command)]
        }
        if isBlank && !isCollecting { return [] }
        lines.append(line)
        return []
    }

    /// End of input: the unfinished entry, if it holds any code.
    public mutating func finish() -> Item? {
        defer { lines = [] }
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        guard !lines.isEmpty else { return nil }
        return .entry(lines.joined(separator: "\n") + "\n")
    }
}
