/// A dialect's multi-byte operators, found by longest match from the first byte.
struct OperatorTable: Sendable {
    /// For each first byte, the operators starting with it, longest first.
    private let byFirstByte: [[[UInt8]]]

    init(_ operators: [String]) {
        var table = [[[UInt8]]](repeating: [], count: 256)
        for op in operators {
            let bytes = Array(op.utf8)
            precondition(bytes.count >= 2, "single-byte punctuation needs no table entry")
            table[Int(bytes[0])].append(bytes)
        }
        for index in table.indices { table[index].sort { $0.count > $1.count } }
        byFirstByte = table
    }

    /// The length of the longest operator at `start` (1 when only the single byte matches).
    @inline(__always)
    func matchLength(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        let candidates = byFirstByte[Int(bytes[start])]
        for candidate in candidates where start + candidate.count <= end {
            var index = 1
            while index < candidate.count, bytes[start + index] == candidate[index] { index += 1 }
            if index == candidate.count { return candidate.count }
        }
        return 1
    }

    /// Operators every C-family dialect shares.
    static let common = [
        "==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
        "<<", ">>", "<<=", ">>=",
    ]
}
