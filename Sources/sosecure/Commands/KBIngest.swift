import ArgumentParser
import Foundation
import SOSecureKnowledge

/// `sosecure kb ingest`: index a Stack Exchange data dump.
struct KBIngest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Index the security-relevant answers of a Stack Exchange dump (Posts.xml, Comments.xml).",
        discussion: """
            Files may be plain XML, gzip-compressed, or '-' for standard input (posts only). \
            Work is committed in batches; an interrupted run continues with --resume, \
            otherwise entries from the same dump file are rebuilt from scratch.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Posts.xml of the dump ('-' reads standard input).", valueName: "file"))
    var posts: String

    @Option(name: .long, help: ArgumentHelp("Comments.xml of the dump.", valueName: "file"))
    var comments: String?

    @Option(name: .long, help: ArgumentHelp("Keep answers to questions with any of these tags (comma-separated).", valueName: "tags"))
    var tags: String?

    @Option(name: .customLong("min-score"), help: "Drop answers scored below this.")
    var minScore: Int?

    @Option(name: .long, help: ArgumentHelp("A security word list (one word per line) replacing the default.", valueName: "file"))
    var vocabulary: String?

    @Option(name: .customLong("language-map"), help: ArgumentHelp("Lines 'language: tag, tag' overriding which tags mean which language.", valueName: "file"))
    var languageMap: String?

    @Flag(name: .long, help: "Continue an interrupted ingest from its last committed batch.")
    var resume = false

    @Option(name: .customLong("batch-size"), help: "Rows per transaction.")
    var batchSize = 10_000

    @OptionGroup var database: KBDatabaseOptions

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if comments == "-" && posts == "-" { throw ValidationError("only one of --posts and --comments can read standard input") }
    }

    func run() async throws {
        do {
            var options = IngestOptions(postsPath: posts, commentsPath: comments)
            options.tags = Set((tags ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
            options.minScore = minScore
            options.resume = resume
            options.batchSize = batchSize
            if let vocabulary { options.vocabulary = try SecurityVocabulary.load(path: vocabulary) }
            if let languageMap { options.languageMap = try LanguageTagMap.load(path: languageMap) }
            let bar = KBProgressBar()
            if bar.enabled { options.progress = { bar.update($0) } }
            let store = try database.openStore(syncDefault: false)
            let report: IngestReport
            do {
                report = try DumpIngester(store: store, options: options).run()
            } catch {
                bar.finish()
                throw error
            }
            bar.finish()
            for warning in report.warnings { KBOutput.warn(warning) }
            print(report.summary)
        } catch {
            throw KBOutput.fail(error)
        }
    }
}
