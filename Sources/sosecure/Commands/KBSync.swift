import ArgumentParser
import Foundation
import SOSecureKnowledge

/// `sosecure kb sync`: index recent answers from the Stack Exchange API.
struct KBSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Index answers posted since a date, with their comments, from the Stack Exchange API.",
        discussion: "Without --since, continues after the newest answer of the previous sync of the site."
    )

    @Option(name: .long, help: "Stack Exchange site name.")
    var site = "stackoverflow"

    @Option(name: .long, help: ArgumentHelp("Answers created since this date (YYYY-MM-DD, ISO 8601 or Unix seconds).", valueName: "date"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Keep answers to questions with this tag.", valueName: "tag"))
    var tag: String?

    @Option(name: .long, help: ArgumentHelp("Stack Apps key: raises the daily quota.", valueName: "key"))
    var key: String?

    @Option(name: .customLong("api-base"), help: ArgumentHelp("API root URL.", valueName: "url"))
    var apiBase = "https://api.stackexchange.com/2.3"

    @Option(name: .customLong("max-pages"), help: "At most this many pages of 100 answers per run.")
    var maxPages = 25

    @Option(name: .long, help: "Output format: text or json.")
    var format: KBOutputFormat = .text

    @OptionGroup var database: KBDatabaseOptions

    func validate() throws {
        guard let url = URL(string: apiBase), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw ValidationError("--api-base must be an http(s) URL")
        }
        if maxPages < 1 { throw ValidationError("--max-pages must be at least 1") }
        if let since { _ = try parse(since) }
    }

    private func parse(_ text: String) throws -> Date {
        do { return try KnowledgeSync.parseDate(text) } catch { throw ValidationError("\(error)") }
    }

    func run() async throws {
        do {
            var options = KnowledgeSync.Options()
            options.site = site
            options.since = try since.map(parse)
            options.tag = tag
            options.key = key
            if let url = URL(string: apiBase) { options.apiBase = url }
            options.maxPages = maxPages
            let report = try await KnowledgeSync(store: try database.openStore(syncDefault: false), options: options).run()
            print(format == .json ? try KBOutput.json(report) : report.summary)
        } catch {
            throw KBOutput.fail(error)
        }
    }
}
