import ArgumentParser
import SOSecureReporters

@main
struct SOSecureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sosecure",
        abstract: "Security inspector for AI-generated code: detect, retrieve community warnings, revise and verify.",
        version: ToolInfo.sosecure.version,
        subcommands: [
            // Each subcommand lives in Commands/<Verb>.swift.
            Scan.self,
            Fix.self,
            Serve.self,
            Repl.self,
            Rules.self,
            KB.self,
            Ast.self,
        ]
    )
}
