/// Finding the next interesting byte eight bytes at a time, for long comments and docstrings.
enum ByteSearch {
    /// The first index >= `start` holding `a` or `b`, or `end` if there is none.
    @inline(__always)
    static func firstIndex(of a: UInt8, or b: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            let patternA = UInt64(a) &* 0x0101_0101_0101_0101
            let patternB = UInt64(b) &* 0x0101_0101_0101_0101
            while index + 8 <= end {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if hasZeroByte(word ^ patternA) || hasZeroByte(word ^ patternB) { break }
                index += 8
            }
        }
        while index < end, bytes[index] != a, bytes[index] != b { index += 1 }
        return index
    }

    /// Whether any byte of `word` is zero (exact: the classic bit trick can only misreport bytes above a real zero).
    @inline(__always)
    static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
    }
}
