import Foundation
import MCP
import SOSecureRemediation

/// Answers `tools/call`: checks the arguments, runs the matching pipeline call on the worker pool under a
/// deadline, and wraps its JSON as structured content plus the same JSON as text. Every problem with the
/// call itself (arguments, language, rule id, timeout) is a tool error result the agent can read and act on;
/// only a tool name the server does not have is a protocol error.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
struct MCPToolbox: Sendable {
    let pipeline: SecurityPipeline
    let pool: BlockingWorkPool
    /// Seconds a scan, search or explanation may take.
    let requestTimeout: Double
    /// Seconds secure_code may take (model revisions are slow).
    let fixTimeout: Double

    var tools: [Tool] {
        MCPTool.allCases.map { $0.definition(secureCodeCallsModel: pipeline.model != nil) }
    }

    func call(_ parameters: CallTool.Parameters) async throws -> CallTool.Result {
        guard let tool = MCPTool(rawValue: parameters.name) else {
            throw MCPError.invalidParams("unknown tool '\(parameters.name)'; the tools are \(MCPTool.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        do {
            let arguments = try Self.checkedArguments(parameters.arguments ?? [:], for: tool)
            let body = try await run(tool, arguments: arguments)
            return try Self.result(json: body)
        } catch let error as ServerError {
            return Self.failure("\(tool.rawValue): \(error.message)")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return Self.failure("\(tool.rawValue) failed: \(error)")
        }
    }

    /// The pipeline's JSON answer for one call.
    private func run(_ tool: MCPTool, arguments: Data) async throws -> Data {
        let pipeline = self.pipeline
        switch tool {
        case .scanCode:
            let input = try RequestDecoding.decode(CodeInput.self, from: arguments)
            return try await Deadline.run(seconds: requestTimeout, on: pool) {
                let inputs = try SecurityPipeline.inputs(CodeRequest(single: input))
                try Task.checkCancellation()
                return pipeline.scan(inputs).body
            }
        case .secureCode:
            let input = try RequestDecoding.decode(CodeInput.self, from: arguments)
            let results = try await Deadline.run(seconds: fixTimeout, on: pool) {
                try await pipeline.fix(SecurityPipeline.inputs(CodeRequest(single: input))).body
            }
            // One piece of code in, one result out: the array `fix --format json` prints has one element.
            let decoded = try JSONDecoder().decode([RemediationResult].self, from: results)
            guard decoded.count == 1 else {
                throw ServerError.internalError("the fix pipeline answered with \(decoded.count) results for one piece of code")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(decoded[0])
        case .searchKnowledge:
            let search = try RequestDecoding.decode(SearchArguments.self, from: arguments)
            guard KnowledgeSearchRequest.kRange.contains(search.k ?? 5) else {
                throw ServerError.invalidField("field 'k' must be between \(KnowledgeSearchRequest.kRange.lowerBound) and \(KnowledgeSearchRequest.kRange.upperBound)")
            }
            let request = KnowledgeSearchRequest(query: search.query, language: search.language, k: search.k ?? 5)
            return try await Deadline.run(seconds: requestTimeout, on: pool) {
                try pipeline.searchKnowledge(request)
            }
        case .explainRule:
            let id = try RequestDecoding.decode(RuleArguments.self, from: arguments).id
            guard let rule = pipeline.rules.first(where: { $0.id == id }) else {
                let close = pipeline.rules.map(\.id).filter { $0.contains(id) || (!$0.isEmpty && id.contains($0)) }.sorted().prefix(5)
                throw ServerError.invalidField("no rule '\(id)'" + (close.isEmpty ? "; list the rules with `sosecure rules`" : "; did you mean \(close.joined(separator: ", "))?"))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(RuleExplanation(rule))
        }
    }

    /// The arguments as a JSON object for the request decoders, after refusing names the tool does not take
    /// (a misspelt `lang` would otherwise be ignored silently).
    static func checkedArguments(_ arguments: [String: Value], for tool: MCPTool) throws -> Data {
        let accepted = tool.argumentNames
        for name in arguments.keys.sorted() where !accepted.contains(name) {
            throw ServerError.invalidField("unknown argument '\(name)'; \(tool.rawValue) takes \(accepted.joined(separator: ", "))")
        }
        return try JSONEncoder().encode(arguments)
    }

    /// A successful answer: the JSON as structured content, and as text for clients that only show text.
    static func result(json body: Data) throws -> CallTool.Result {
        let structured = try JSONDecoder().decode(Value.self, from: body)
        var text = String(decoding: body, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return try CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: structured, isError: false)
    }

    static func failure(_ message: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }

    /// search_knowledge's arguments: `{"query", "language"?, "k"?}`.
    struct SearchArguments: Decodable {
        let query: String
        let language: String?
        let k: Int?
    }

    /// explain_rule's argument: `{"id"}`.
    struct RuleArguments: Decodable {
        let id: String
    }
}

extension CodeRequest {
    /// One piece of code, as the non-batch form of `/v1/scan` carries it.
    init(single input: CodeInput) {
        files = [input]
        batch = false
    }
}

extension KnowledgeSearchRequest {
    /// A query checked by the caller (k within `kRange`).
    init(query: String, language: String?, k: Int) {
        self.query = query
        self.language = language
        self.k = k
    }
}
