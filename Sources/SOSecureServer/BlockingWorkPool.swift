import Foundation
import SOSecurePython

/// A fixed set of large-stack threads that run the pipeline's CPU-bound and blocking work — parsing,
/// analysis, SQLite search, the judge's waits — so none of it runs on a NIO event loop or ties up
/// Swift's small cooperative pool. A task started with this executor preference suspends and resumes here.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
public final class BlockingWorkPool: TaskExecutor, @unchecked Sendable {
    public let threadCount: Int
    private let condition = NSCondition()
    // A ring would save the shifting, but a scan takes milliseconds and the queue is short.
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var stopping = false
    private var running = 0

    /// Starts `threads` workers with `stackSize` bytes of stack each (the parser recurses per nesting level).
    public init(threads: Int, stackSize: Int = LargeStackThread.defaultStackSize) {
        threadCount = max(1, threads)
        running = threadCount
        for index in 0..<threadCount {
            let thread = Thread { [self] in work() }
            thread.stackSize = stackSize
            thread.name = "sosecure-worker-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the workers finish the queued jobs, then stop. Work enqueued afterwards is still run, by
    /// the thread that calls this, so no task is left suspended forever.
    public func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count && !stopping { condition.wait() }
            if head == jobs.count {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            if head > 1024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
