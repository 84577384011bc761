import ArgumentParser
import Foundation
import SOSecureCore
import SOSecureKnowledge

/// `sosecure kb search`: the discussions most relevant to a piece of code.
struct KBSearch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find the community discussions that warn about the patterns in some code."
    )

    @Argument(help: ArgumentHelp("The code to search with; '-' reads standard input.", valueName: "code"))
    var code: String?

    @Option(name: .long, help: ArgumentHelp("Read the code from a file.", valueName: "file"))
    var file: String?

    @Option(name: .long, help: ArgumentHelp("Only discussions about this language (default: from the file extension).", valueName: "language"))
    var language: String?

    @Option(name: .customLong("k"), help: "How many discussions to return.")
    var k: Int = 5

    @Option(name: .long, help: "Output format: text or json.")
    var format: KBOutputFormat = .text

    /// Benchmark support: time a search for every file of a directory and print latency percentiles.
    @Option(name: .customLong("timing-corpus"), help: .hidden)
    var timingCorpus: String?

    @OptionGroup var database: KBDatabaseOptions

    func validate() throws {
        if timingCorpus != nil { return }
        if code == nil, file == nil { throw ValidationError("give the code as an argument, '-' for standard input, or --file FILE") }
        if code != nil, file != nil { throw ValidationError("give either code or --file, not both") }
        if k < 1 || k > 100 { throw ValidationError("--k must be between 1 and 100") }
        if let language, Language(name: language) == nil {
            throw ValidationError("unknown language '\(language)'; expected one of \(Language.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        do {
            if let timingCorpus {
                try time(directory: timingCorpus)
                return
            }
            let text: String
            var detected: Language?
            if let file {
                let source = try SourceFile.read(path: file)
                text = String(decoding: source.bytes, as: UTF8.self)
                detected = source.language
            } else if code == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                text = code ?? ""
            }
            let store = try database.openStore()
            let query = KnowledgeQuery(code: text, language: language.flatMap(Language.init(name:)) ?? detected, k: k)
            let result = try KnowledgeSearch(store: store).search(query)
            switch format {
            case .json: print(try KBOutput.json(result))
            case .text: print(render(result))
            }
        } catch {
            throw KBOutput.fail(error)
        }
    }

    private func time(directory: String) throws {
        let store = try database.openStore()
        let search = KnowledgeSearch(store: store)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        var milliseconds: [Double] = []
        for name in names {
            let source = try SourceFile.read(path: (directory as NSString).appendingPathComponent(name))
            let query = KnowledgeQuery(code: String(decoding: source.bytes, as: UTF8.self), language: source.language, k: k)
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try search.search(query)
            milliseconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        }
        let sorted = milliseconds.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
        }
        print(String(format: "queries: %d  p50: %.2f ms  p99: %.2f ms  max: %.2f ms", sorted.count, percentile(0.5), percentile(0.99), sorted.last ?? 0))
    }

    private func render(_ result: SearchResult) -> String {
        if result.results.isEmpty { return "no matching discussions (query terms: \(result.queryTerms.joined(separator: " ")))" }
        var lines: [String] = []
        for (index, hit) in result.results.enumerated() {
            let cwes = hit.cwe.map { "CWE-\($0)" }.joined(separator: ", ")
            let facts = [hit.language ?? "any language", cwes.isEmpty ? nil : cwes, hit.origin, String(format: "score %.2f", hit.score)]
                .compactMap { $0 }.joined(separator: " · ")
            lines.append("\(index + 1). \(hit.title)")
            lines.append("   \(hit.url)  (\(facts))")
            if !hit.tags.isEmpty { lines.append("   tags: \(hit.tags.joined(separator: ", "))") }
            let codeLines = hit.code.split(separator: "\n", omittingEmptySubsequences: false)
            for line in codeLines.prefix(12) { lines.append("   | \(line)") }
            if codeLines.count > 12 { lines.append("   | … \(codeLines.count - 12) more lines") }
            for warning in hit.warnings.prefix(3) { lines.append("   ! \(warning)") }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
