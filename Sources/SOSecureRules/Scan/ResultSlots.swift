import Foundation

/// One result slot per input of a parallel loop, written once by whichever worker took the input, so
/// the results come out in input order.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.withLock { slots[index] = value }
    }

    var values: [T?] { lock.withLock { slots } }
}
