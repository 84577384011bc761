import Foundation
import SOSecureRemediation

/// Passes requests to a model and keeps every answer, so the evaluation can judge the candidate revisions
/// the verifier rejected (the loop itself returns only the accepted one).
final class RecordingChatModel: ChatModel, @unchecked Sendable {
    let base: any ChatModel
    private let lock = NSLock()
    private var recordedAnswers: [String] = []
    private var requestCount = 0

    init(_ base: any ChatModel) {
        self.base = base
    }

    var modelName: String { base.modelName }

    func complete(_ messages: [ChatMessage]) async throws -> String {
        lock.withLock { requestCount += 1 }
        let answer = try await base.complete(messages)
        lock.withLock { recordedAnswers.append(answer) }
        return answer
    }

    var answers: [String] { lock.withLock { recordedAnswers } }
    var requests: Int { lock.withLock { requestCount } }
}
