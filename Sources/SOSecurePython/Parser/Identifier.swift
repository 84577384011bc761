import Foundation
import SOSecureCore

/// Turns the bytes of a NAME token into the identifier CPython stores.
enum Identifier {
    /// CPython NFKC-normalizes non-ASCII identifiers (PEP 3131), so `ﬁle` names `file`.
    static func make(_ text: [UInt8], _ range: TextRange) -> String {
        var ascii = true
        for index in range.start..<range.end where text[index] >= 0x80 {
            ascii = false
            break
        }
        let raw = String(decoding: text[range.start..<range.end], as: UTF8.self)
        return ascii ? raw : raw.precomposedStringWithCompatibilityMapping
    }
}
