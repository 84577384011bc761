import Foundation

/// A bounded first-in first-out hand-off between one producing thread and one consuming thread.
/// The bound keeps memory constant (at most `capacity` batches wait); `cancel` wakes a blocked
/// producer so a consumer that failed can stop it.
final class BatchChannel<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Waits for room; false when the consumer cancelled (the item is dropped).
    @discardableResult
    func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity, !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, or nil once the producer finished and everything was taken.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty, !finished, !cancelled { condition.wait() }
        if items.isEmpty { return nil }
        // Taken items leave the array at once: a batch is megabytes and must not linger.
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// The producer has no more items.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer stops: a blocked or later `put` returns false.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }
}

/// A thread that runs one closure and can be waited for: the ingest's second core.
final class WorkerThread: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var joined = false

    init(name: String, _ body: @escaping @Sendable () -> Void) {
        let done = self.done
        let thread = Thread {
            body()
            done.signal()
        }
        thread.name = name
        // Parsing a large row recurses little but allocates; 8 MB matches the main thread.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits until the closure has returned; safe to call more than once.
    func join() {
        if joined { return }
        done.wait()
        joined = true
    }
}

/// Carries a value that is handed from one thread to another and never shared.
struct Handoff<Value>: @unchecked Sendable {
    let value: Value
}
