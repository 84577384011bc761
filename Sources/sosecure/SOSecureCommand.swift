import ArgumentParser
import Foundation
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
            Eval.self,
            Serve.self,
            Proxy.self,
            MCP.self,
            Repl.self,
            Rules.self,
            KB.self,
            Ast.self,
            SelfPlay.self,
        ]
    )

    /// Every command promises exit status 2 for usage errors; ArgumentParser's own (unknown option,
    /// missing value) would otherwise exit 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
