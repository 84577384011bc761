import ArgumentParser
import Foundation
import SOSecureKnowledge

/// `sosecure kb stats`: what the knowledge base holds.
struct KBStats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show entries by origin, language and tag, and the size of the index."
    )

    @Option(name: .long, help: "Output format: text or json.")
    var format: KBOutputFormat = .text

    @OptionGroup var database: KBDatabaseOptions

    func run() async throws {
        do {
            let stats = try KnowledgeStats.collect(try database.openStore())
            switch format {
            case .json:
                print(try KBOutput.json(stats))
            case .text:
                var lines = ["database: \(stats.path) (\(KBProgressBar.bytes(stats.indexBytes)))",
                             "entries: \(stats.entries)  (posts stored: \(stats.posts), comments stored: \(stats.comments))"]
                lines.append("by origin:")
                lines += stats.byOrigin.map { "  \($0.name): \($0.count)" }
                lines.append("by language:")
                lines += stats.byLanguage.map { "  \($0.name): \($0.count)" }
                lines.append("top tags: " + stats.topTags.prefix(15).map { "\($0.name) (\($0.count))" }.joined(separator: ", "))
                if !stats.interruptedIngests.isEmpty {
                    lines.append("interrupted ingests (continue with kb ingest --resume): \(stats.interruptedIngests.joined(separator: ", "))")
                }
                print(lines.joined(separator: "\n"))
            }
        } catch {
            throw KBOutput.fail(error)
        }
    }
}
