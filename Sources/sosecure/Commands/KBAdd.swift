import ArgumentParser
import Foundation
import SOSecureKnowledge

/// `sosecure kb add`: a team's own discussions.
struct KBAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add your team's discussions from YAML (the default-KB format) or Markdown files.",
        discussion: "Adding a file again replaces its earlier entries. Nothing is written when a file has schema errors."
    )

    @Argument(help: ArgumentHelp("YAML or Markdown files.", valueName: "file"))
    var files: [String]

    @OptionGroup var database: KBDatabaseOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file") }
    }

    func run() async throws {
        do {
            let store = try database.openStore()
            for file in files {
                let count = try TeamKnowledge.add(path: file, store: store)
                print("\(file): \(count) entr\(count == 1 ? "y" : "ies") added")
            }
        } catch {
            throw KBOutput.fail(error)
        }
    }
}
