import Foundation

/// One `:command` line of the REPL.
public enum ReplCommand: Sendable, Equatable {
    /// `:gen <request>`: have the model write code for the request.
    case generate(String)
    case ast
    case fix
    case diff
    /// `:save FILE`
    case save(String)
    /// `:lang` alone shows the language; `:lang L` switches to it.
    case language(String?)
    case help
    case quit
    /// A `:word` that is no command, or a command missing its argument; the text says which.
    case invalid(String)

    /// The command a line spells, or nil when the line is not a command (it does not start with `:`).
    public init?(line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.first == ":" else { return nil }
        let body = trimmed.dropFirst()
        let name = body.prefix { !$0.isWhitespace }
        let argument = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        switch name.lowercased() {
        case "gen", "generate":
            self = argument.isEmpty ? .invalid(":gen needs a request, like :gen read a YAML config file") : .generate(argument)
        case "ast":
            self = .ast
        case "fix":
            self = .fix
        case "diff":
            self = .diff
        case "save", "w", "write":
            self = argument.isEmpty ? .invalid(":save needs a file name, like :save app.py") : .save(argument)
        case "lang", "language":
            self = .language(argument.isEmpty ? nil : argument)
        case "help", "h", "?":
            self = .help
        case "quit", "q", "exit":
            self = .quit
        default:
            self = .invalid("unknown command ':\(name)'; type :help for the list")
        }
    }

    /// The `:help` text.
    public static let helpText = """
    Paste or type code; a blank line or a line `.end` ends the entry, which is then scanned.
    Commands:
      :paste           start an entry that keeps blank lines; only `.end` ends it
      :gen <request>   have the configured model write code for the request, then scan it
      :ast             show the syntax tree of the current entry (Python)
      :fix             rule fixes, then a model revision if one is configured; show the explained diff
      :diff            show the last accepted revision's diff again
      :save FILE       write the current code (revised, if a revision was accepted) to FILE
      :lang [L]        show or set the language of new entries (python, js, ts, java, go, c, cpp, php, swift)
      :help            this text
      :quit            leave (end of input does too)

    """
}
