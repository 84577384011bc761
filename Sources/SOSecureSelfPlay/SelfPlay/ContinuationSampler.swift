import Foundation
import SOSecureCore
import SOSecureRemediation

/// Samples continuations of a program prefix: through `/completions` when the endpoint offers it
/// (the model continues the exact text), else through chat with an explicit instruction.
///
/// The first request is the probe: a 404/400/405 from `/completions` switches this sampler to chat
/// for good, and the same request is sent as chat at once.
public actor ContinuationSampler {
    public enum Route: String, Sendable { case completions, chat }

    private let completion: (any TextCompletionModel)?
    private let chat: any ChatModel
    private let options: TextCompletionOptions
    /// nil until the first request shows whether `/completions` exists.
    public private(set) var completionsOffered: Bool?
    public private(set) var requests: [Route: Int] = [:]

    public init(completion: (any TextCompletionModel)?, chat: any ChatModel, options: TextCompletionOptions) {
        self.completion = completion
        self.chat = chat
        self.options = options
        if completion == nil { completionsOffered = false }
    }

    /// The model's continuation of `prefix` for `task`: code that starts at the line after the prefix.
    public func continuation(task: CodingTask, prefix: String) async throws -> String {
        if let completion, completionsOffered != false {
            do {
                requests[.completions, default: 0] += 1
                let text = try await completion.complete(
                    prompt: ContinuationPrompt.completion(task: task, prefix: prefix), options: options)
                completionsOffered = true
                return text
            } catch TextCompletionError.notOffered {
                completionsOffered = false
            }
        }
        requests[.chat, default: 0] += 1
        let answer = try await chat.complete(ContinuationPrompt.chatMessages(task: task, prefix: prefix))
        return Self.continuation(fromChatAnswer: answer, prefix: prefix, language: task.language)
    }

    /// The code of a chat answer (its fenced block, else the whole answer), without a repeated prefix.
    static func continuation(fromChatAnswer answer: String, prefix: String, language: Language) -> String {
        let code = (try? CodeBlockExtractor.extract(from: answer, language: language)) ?? answer
        let given = prefix.trimmingCharacters(in: .newlines)
        if !given.isEmpty, code.hasPrefix(given) {
            return String(code.dropFirst(given.count).drop(while: { $0 == "\n" }))
        }
        return code
    }
}
