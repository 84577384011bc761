import Foundation

/// Guesses which weaknesses a community discussion is about, so dump entries carry CWE ids
/// like shipped entries do. Explicit `CWE-89` mentions always count; otherwise a short list
/// of unambiguous phrases. Unknown stays empty rather than guessed.
enum CWEInference {
    private static let phrases: [(String, Int)] = [
        ("sql injection", 89), ("sqli", 89), ("parameterized quer", 89), ("prepared statement", 89),
        ("command injection", 78), ("shell injection", 78), ("shell=true", 78), ("os.system", 78),
        ("cross-site scripting", 79), ("cross site scripting", 79), ("xss", 79),
        ("path traversal", 22), ("directory traversal", 22),
        ("csrf", 352), ("xsrf", 352), ("cross-site request forgery", 352),
        ("ssrf", 918), ("server-side request forgery", 918),
        ("xxe", 611), ("external entit", 611),
        ("deserializ", 502), ("pickle.load", 502), ("yaml.load", 502), ("unserialize", 502),
        ("eval(", 95), ("code injection", 94),
        ("open redirect", 601),
        ("hardcoded password", 798), ("hard-coded password", 798), ("hardcoded credential", 798), ("hard-coded credential", 798),
        ("verify=false", 295), ("certificate validation", 295), ("certificate verification", 295), ("insecureskipverify", 295),
        ("md5", 328), ("sha1", 328), ("weak hash", 328),
        ("math.random", 338), ("not cryptographically secure", 338), ("insecure random", 330),
        ("buffer overflow", 120), ("strcpy", 120), ("gets(", 120),
        ("format string", 134), ("integer overflow", 190),
        ("use after free", 416), ("use-after-free", 416), ("double free", 415),
        ("prototype pollution", 1321), ("redos", 1333), ("catastrophic backtracking", 1333),
        ("ldap injection", 90), ("xpath injection", 643), ("template injection", 1336), ("ssti", 1336),
        ("mass assignment", 915), ("debug=true", 489), ("tempfile.mktemp", 377), ("mktemp(", 377),
        ("chmod 777", 732), ("0o777", 732), ("log injection", 117), ("crlf injection", 113), ("header injection", 113),
        ("ecb mode", 327), ("rc4", 327), ("unrestricted upload", 434),
    ]

    private static let phraseBytes: [([UInt8], Int)] = phrases.map { (Array($0.0.utf8), $0.1) }

    /// Phrase indexes by their first two bytes: one pass over the text finds every phrase,
    /// instead of one `memchr` scan per phrase (this runs for every kept answer of a dump).
    private static let phrasesByPrefix: [[Int]] = {
        var table = [[Int]](repeating: [], count: 1 << 16)
        for (index, phrase) in phraseBytes.enumerated() {
            table[Int(phrase.0[0]) << 8 | Int(phrase.0[1])].append(index)
        }
        return table
    }()

    /// CWE ids mentioned or implied by `text`, ascending.
    static func infer(_ text: String) -> [Int] {
        var bytes = Array(text.utf8)
        for index in bytes.indices where bytes[index] >= 0x41 && bytes[index] <= 0x5A { bytes[index] |= 0x20 }
        var ids = Set<Int>()
        bytes.withUnsafeBufferPointer { haystack in
            let count = haystack.count
            guard count >= 2 else { return }
            for position in 0..<(count - 1) {
                let candidates = phrasesByPrefix[Int(haystack[position]) << 8 | Int(haystack[position + 1])]
                if candidates.isEmpty { continue }
                for candidate in candidates {
                    let (phrase, id) = phraseBytes[candidate]
                    guard position + phrase.count <= count, !ids.contains(id) else { continue }
                    var matched = true
                    for offset in 2..<phrase.count where haystack[position + offset] != phrase[offset] {
                        matched = false
                        break
                    }
                    if matched { ids.insert(id) }
                }
            }
        }
        ids.formUnion(explicitMentions(bytes))
        return ids.sorted()
    }

    /// `cwe-89`, `cwe 89`, `cwe89`.
    static func explicitMentions(_ bytes: [UInt8]) -> Set<Int> {
        var ids = Set<Int>()
        var index = 0
        while index + 3 < bytes.count {
            if bytes[index] == UInt8(ascii: "c"), bytes[index + 1] == UInt8(ascii: "w"), bytes[index + 2] == UInt8(ascii: "e") {
                var cursor = index + 3
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "-") || bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
                var value = 0
                var digits = 0
                while cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39, digits < 5 {
                    value = value * 10 + Int(bytes[cursor] - 0x30)
                    digits += 1
                    cursor += 1
                }
                if digits > 0, value > 0 { ids.insert(value) }
                index = cursor
            } else {
                index += 1
            }
        }
        return ids
    }
}
