import SOSecureCore

/// A growable token store without the per-append uniqueness check of `Array`, which shows up when appending
/// millions of tokens. Owned by one scanner; `finish()` hands the tokens over as an array and frees the storage.
struct TokenBuffer {
    private var storage: UnsafeMutablePointer<Token>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        storage = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ token: Token) {
        if count == capacity { grow() }
        (storage + count).initialize(to: token)
        count += 1
    }

    var last: Token? { count > 0 ? storage[count - 1] : nil }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newStorage = UnsafeMutablePointer<Token>.allocate(capacity: newCapacity)
        newStorage.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }

    /// The tokens as an array; the buffer must not be used afterwards.
    mutating func finish() -> [Token] {
        let tokens = Array(UnsafeBufferPointer(start: storage, count: count))
        storage.deinitialize(count: count)
        storage.deallocate()
        count = 0
        capacity = 0
        return tokens
    }
}
