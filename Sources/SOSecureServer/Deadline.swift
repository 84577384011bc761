import Foundation

/// Runs work in its own task and gives up waiting after a deadline. CPU-bound work cannot be stopped
/// part-way, so on timeout the task is only cancelled (work that checks cancellation stops early) and
/// the caller gets `ServerError.timeout` at once instead of holding the connection.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
enum Deadline {
    static func run<T: Sendable>(seconds: Double, on pool: BlockingWorkPool,
                                 _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let work = Task(executorPreference: pool) { try await body() }
        let race = FirstResult<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.install(continuation)
                let timer = Task {
                    try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                    if Task.isCancelled { return }
                    work.cancel()
                    race.finish(.failure(ServerError.timeout(seconds: seconds)))
                }
                Task {
                    let result = await work.result
                    timer.cancel()
                    race.finish(result)
                }
            }
        } onCancel: {
            work.cancel()
        }
    }
}

/// Resumes a continuation with whichever result arrives first; later ones are dropped.
private final class FirstResult<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var early: Result<T, any Error>?

    func install(_ continuation: CheckedContinuation<T, any Error>) {
        lock.lock()
        if let early {
            lock.unlock()
            continuation.resume(with: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func finish(_ result: Result<T, any Error>) {
        lock.lock()
        guard let continuation else {
            if early == nil { early = result }
            lock.unlock()
            return
        }
        self.continuation = nil
        early = result
        lock.unlock()
        continuation.resume(with: result)
    }
}
