import Foundation

/// Bounds how many requests may wait for the worker pool; past that, new ones get 503 at once
/// instead of piling up behind work they would time out waiting for.
final class AdmissionGate: @unchecked Sendable {
    private let lock = NSLock()
    private var admitted = 0
    let limit: Int

    init(limit: Int) { self.limit = max(1, limit) }

    func enter() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard admitted < limit else { return false }
        admitted += 1
        return true
    }

    func leave() {
        lock.lock()
        admitted -= 1
        lock.unlock()
    }
}
