import ArgumentParser
import Foundation
import SOSecureKnowledge

/// `sosecure kb`: the community knowledge base.
struct KB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "Search and maintain the knowledge base of community security discussions.",
        discussion: """
            The knowledge base ships with SOSecure's own discussions and is indexed into \
            ~/.cache/sosecure/kb.sqlite on first use (override with SOSECURE_KB or --db). \
            Add Stack Overflow dumps with `kb ingest`, recent posts with `kb sync`, and your \
            team's discussions with `kb add`.
            Exit codes: 0 success, 1 invalid input data (malformed dump, schema violations), \
            2 usage, I/O, network or database error.
            """,
        subcommands: [KBSearch.self, KBIngest.self, KBStats.self, KBSync.self, KBAdd.self]
    )
}

/// The `--db` option every `kb` subcommand shares.
struct KBDatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Knowledge base database file (default: $SOSECURE_KB or ~/.cache/sosecure/kb.sqlite).", valueName: "path"))
    var db: String?

    var path: String { DefaultKnowledgeBase.databasePath(override: db) }

    /// Opens the store and brings the shipped entries up to date, warning about invalid shipped sources.
    func openStore(syncDefault: Bool = true) throws -> KnowledgeStore {
        let store = try KnowledgeStore(path: path)
        if syncDefault {
            let outcome = try DefaultKnowledgeBase.synchronize(store)
            for violation in outcome.violations { KBOutput.warn("default knowledge base: \(violation)") }
        }
        return store
    }
}

enum KBOutput {
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("sosecure kb: \(message)\n".utf8))
    }

    /// Prints the error and exits: 1 for bad input data, 2 for everything else.
    static func fail(_ error: Error) -> ExitCode {
        if let exit = error as? ExitCode { return exit }
        let message = (error as? KnowledgeError)?.description ?? "\(error)"
        FileHandle.standardError.write(Data("sosecure kb: error: \(message)\n".utf8))
        switch error as? KnowledgeError {
        case .malformedXML, .schema, .interrupted: return ExitCode(1)
        default: return ExitCode(2)
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

enum KBOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
