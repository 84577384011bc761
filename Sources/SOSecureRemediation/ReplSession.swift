import Foundation
import SOSecureCore
import SOSecureKnowledge
import SOSecurePython

/// What one REPL step prints: `output` for standard output, `errors` (one message each) for standard error.
public struct ReplReply: Sendable, Equatable {
    public var output: String
    public var errors: [String]
    /// The user asked to leave.
    public var quit: Bool

    public init(output: String = "", errors: [String] = [], quit: Bool = false) {
        self.output = output
        self.errors = errors
        self.quit = quit
    }

    static func error(_ message: String) -> ReplReply { ReplReply(errors: [message]) }
}

/// The REPL's state and its answers to entries and commands. The terminal side (line editing, prompts)
/// lives in the command; everything here is the same pipeline `fix` runs: the judge scans, the retriever
/// finds discussions, the remediator revises and verifies.
public struct ReplSession: Sendable {
    /// The code being worked on.
    public struct Entry: Sendable, Equatable {
        /// `entry-N.py` (`.js`, `.go`… in other languages): names the entry in findings and diffs.
        public let path: String
        /// The code as entered or generated.
        public let original: String
        /// The code now: the last accepted revision, or the original.
        public var text: String

        /// The language the entry was written in (`:lang` changes only later entries).
        public var language: Language { RevisionJudge.language(ofPath: path) }
    }

    public let remediator: Remediator
    /// Writes code for `:gen`; nil when no model is configured.
    public let generator: (any ChatModel)?
    /// Why there is no model (said by `:gen`, and by `:fix` when findings remain after rule fixes).
    public let noModelReason: String
    /// ANSI colour in trees and code frames.
    public let color: Bool

    public private(set) var language: Language = .python
    public private(set) var current: Entry?
    /// The last accepted revision of the current entry.
    public private(set) var lastRevision: Remediation?
    private var entryCount = 0

    public init(remediator: Remediator, generator: (any ChatModel)?, noModelReason: String, color: Bool = false) {
        self.remediator = remediator
        self.generator = generator
        self.noModelReason = noModelReason
        self.color = color
    }

    /// Languages the REPL can scan: every one the judge reads.
    public static let supportedLanguages: [Language] = Language.allCases.filter(RevisionJudge.reads)

    private var renderer: RemediationTextRenderer {
        var renderer = RemediationTextRenderer()
        renderer.warningsPerDiscussion = 1
        return renderer
    }

    public mutating func handle(_ item: ReplInputCollector.Item) async -> ReplReply {
        switch item {
        case .entry(let code): return evaluate(code)
        case .command(let command): return await run(command)
        }
    }

    /// Makes `code` the current entry and reports its findings with the community evidence.
    public mutating func evaluate(_ code: String) -> ReplReply {
        entryCount += 1
        let entry = Entry(path: "entry-\(entryCount).\(language.fileExtension)", original: code, text: code)
        current = entry
        lastRevision = nil
        return ReplReply(output: scanReport(entry))
    }

    public mutating func run(_ command: ReplCommand) async -> ReplReply {
        switch command {
        case .generate(let request): return await generate(request)
        case .ast: return ast()
        case .fix: return await fix()
        case .diff: return diff()
        case .save(let path): return save(to: path)
        case .language(let name): return setLanguage(name)
        case .help: return ReplReply(output: ReplCommand.helpText)
        case .quit: return ReplReply(quit: true)
        case .invalid(let message): return .error(message)
        }
    }

    // MARK: - Scan

    /// Findings with their code frames, then the discussions retrieved for them.
    func scanReport(_ entry: Entry) -> String {
        let judgement = remediator.judge.judge(entry.text, path: entry.path, language: entry.language)
        let file = SourceFile(path: entry.path, text: entry.text)
        let lineCount = file.lineIndex.lineStarts.count - (entry.text.hasSuffix("\n") ? 1 : 0)
        let count = judgement.findings.count
        var output = "\(entry.path): \(lineCount) line\(lineCount == 1 ? "" : "s"), "
            + (count == 0 ? "no findings" : "\(count) finding\(count == 1 ? "" : "s")") + "\n"
        if !judgement.parses {
            // Rendered as `sosecure ast` shows errors: position, message and a code frame.
            let errors = judgement.syntaxErrors.map {
                PythonSyntaxError(message: $0.message, range: $0.range, location: file.location(of: $0.range.start))
            }
            output += ASTSyntaxErrorReport.render(errors, path: entry.path, text: file.bytes,
                                                  lineIndex: file.lineIndex, color: color)
            output += "note: the entry does not parse; findings after the first error may be missing\n"
        }
        guard count > 0 else { return output }
        let frame = CodeFrame(contextLines: 0, color: color)
        for finding in judgement.findings {
            output += RemediationTextRenderer.findingLine(ReportedFinding(finding), path: entry.path) + "\n"
            output += frame.render(file, range: finding.range)
        }
        output += "\n"
        var discussions: [SearchHitSummary] = []
        if let retriever = remediator.retriever {
            do {
                discussions = try retriever.discussions(code: entry.text, language: entry.language, findings: judgement.findings,
                                                        k: remediator.k).map(SearchHitSummary.init)
            } catch {
                output += "note: knowledge base unavailable: \(error)\n"
            }
        }
        output += renderer.evidenceLines(discussions).joined(separator: "\n") + "\n"
        output += entry.language == .python ? ":fix revises the entry, :ast shows its tree\n" : ":fix revises the entry\n"
        return output
    }

    // MARK: - Commands

    mutating func generate(_ request: String) async -> ReplReply {
        guard let generator else { return .error(":gen needs a model: \(noModelReason)") }
        let answer: String
        do {
            answer = try await generator.complete(Self.generationMessages(request, language: language))
        } catch {
            return .error("model request failed: \(error)")
        }
        let code: String
        do {
            code = try CodeBlockExtractor.extract(from: answer, language: language)
        } catch {
            return .error("the model's answer held no code (\(error)); try rephrasing the request")
        }
        let listing = Self.numbered(code)
        var reply = evaluate(code)
        reply.output = "generated by \(generator.modelName):\n" + listing + "\n" + reply.output
        return reply
    }

    /// Asks for one fenced block, so the answer can be read without guessing which code is meant.
    static func generationMessages(_ request: String, language: Language) -> [ChatMessage] {
        [
            ChatMessage(role: .system, content: """
                You write \(language.displayName) code for a developer. Answer with exactly one fenced code block \
                tagged \(language.fenceTag) that holds the complete code, and nothing else.
                """),
            ChatMessage(role: .user, content: request),
        ]
    }

    /// The code with a line-number gutter, as the listing of a generated entry.
    static func numbered(_ code: String) -> String {
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        let width = String(lines.count).count
        return lines.enumerated().map { index, line in
            let number = String(index + 1)
            return String(repeating: " ", count: width - number.count) + number + " | " + line
        }.joined(separator: "\n") + "\n"
    }

    func ast() -> ReplReply {
        guard let entry = current else { return .error(Self.noEntry) }
        guard entry.language == .python else {
            return .error(":ast shows Python syntax trees; \(entry.path) is \(entry.language.displayName)")
        }
        let result = PythonParser.parse(SourceFile(path: entry.path, text: entry.text))
        return ReplReply(output: ASTTextPrinter.render(.module(result.module), lineIndex: result.lineIndex, color: color)
            + ASTSyntaxErrorReport.render(result.errors, path: entry.path, text: result.text, lineIndex: result.lineIndex, color: color))
    }

    mutating func fix() async -> ReplReply {
        guard var entry = current else { return .error(Self.noEntry) }
        let remediation = await remediator.remediate(text: entry.text, path: entry.path, language: entry.language)
        if remediation.before.isEmpty { return ReplReply(output: "\(entry.path): no findings; nothing to fix\n") }
        var output = renderer.render(remediation)
        if remediator.loop == nil && !remediation.after.isEmpty {
            output += "note: model revision skipped: \(noModelReason)\n"
        }
        if remediation.changed {
            entry.text = remediation.revisedText
            current = entry
            lastRevision = remediation
            output += "The entry now holds the revised code (:diff shows the change again, :save FILE writes it).\n"
        } else {
            output += "No change was accepted; the entry is as it was.\n"
        }
        return ReplReply(output: output)
    }

    func diff() -> ReplReply {
        guard let lastRevision else {
            return .error(current == nil ? Self.noEntry : "no accepted revision of \(current?.path ?? "the entry") yet; :fix makes one")
        }
        return ReplReply(output: renderer.changeLines(lastRevision.result).joined(separator: "\n") + "\n")
    }

    func save(to path: String) -> ReplReply {
        guard let entry = current else { return .error(Self.noEntry) }
        let target = (path as NSString).expandingTildeInPath
        do {
            try AtomicFileWriter.write(entry.text, to: target)
        } catch {
            return .error("\(error)")
        }
        let what = entry.text == entry.original ? "as entered" : "revised"
        return ReplReply(output: "wrote \(entry.path) (\(what)) to \(path)\n")
    }

    mutating func setLanguage(_ name: String?) -> ReplReply {
        let supported = Self.supportedLanguages.map(\.rawValue).joined(separator: ", ")
        guard let name else { return ReplReply(output: "language: \(language.rawValue) (supported: \(supported))\n") }
        guard let chosen = Language(name: name) else {
            return .error("unknown language '\(name)'; the REPL supports \(supported)")
        }
        guard Self.supportedLanguages.contains(chosen) else {
            return .error("no analyzer reads \(chosen.rawValue); the REPL supports \(supported) (the language stays \(language.rawValue))")
        }
        language = chosen
        return ReplReply(output: "language: \(language.rawValue)\n")
    }

    static let noEntry = "no entry yet: paste code and end it with a blank line, or use :gen <request>"
}
