/// The pathological inputs of issue 2, generated rather than stored (the largest is 10 MB).
enum BadInputCorpus {
    /// Arbitrary bytes with NULs, like an image or archive renamed to `.py`.
    static var binary: [UInt8] {
        // A fixed linear congruential sequence: the same "random" bytes on every run.
        var state: UInt32 = 12_345
        var bytes: [UInt8] = []
        for _ in 0..<4096 {
            state = state &* 1_103_515_245 &+ 12_345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        return bytes + [UInt8](repeating: 0, count: 16)
    }

    /// Latin-1 `é` (0xE9) inside an otherwise valid UTF-8 file, on line 2, column 9.
    static let invalidUTF8: [UInt8] = Array("x = 1\ny = \"caf".utf8) + [0xE9] + Array("\"\nz = 3\n".utf8)

    /// One 10 MB line: a list of numbers closed by the wrong bracket at its very end.
    static var longLine: [UInt8] {
        var text = "data = ["
        var number = 0
        while text.utf8.count < 10_000_000 {
            text += "\(number), "
            number += 1
        }
        return Array((text + ")\n").utf8)
    }

    /// `x = ((((…1…))))` with 100,000 parentheses on each side.
    static let nestedParentheses: [UInt8] =
        Array(("x = " + String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000) + "\n").utf8)

    /// A 1 MB file whose first line opens a triple-quoted string that never closes.
    static var unterminatedTripleQuote: [UInt8] {
        let body = "def f(x):\n    return x + 1\n"
        return Array(("\"\"\"" + String(repeating: body, count: 1_000_000 / body.utf8.count + 1)).utf8)
    }
}
