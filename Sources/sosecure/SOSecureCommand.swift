import ArgumentParser

@main
struct SOSecureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sosecure",
        abstract: "Security inspector for AI-generated code: detect, retrieve community warnings, revise and verify.",
        version: "0.1.0",
        subcommands: [
            // Each subcommand lives in Commands/<Verb>.swift.
            Scan.self,
            Rules.self,
            KB.self,
            Ast.self,
        ]
    )
}
