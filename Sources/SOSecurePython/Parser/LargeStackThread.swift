import Foundation

/// Runs work on a dedicated thread with a large stack. The parser and tree
/// walkers recurse once per nesting level; CPython-sized trees (about 3,000
/// levels) would overflow the 512 KB stacks of secondary and test worker threads.
public enum LargeStackThread {
    public static let defaultStackSize = 64 << 20

    /// Runs `body` on a fresh thread with `stackSize` bytes of stack and waits for it.
    public static func run<T: Sendable>(stackSize: Int = defaultStackSize, _ body: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            finished.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        finished.wait()
        return box.value ?? body()
    }
}

/// Hands a result from the worker thread back; the semaphore orders the accesses.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
