/// Words that mark a Stack Overflow discussion as security-relevant.
/// The default list is deliberately broad; users replace or extend it from config.
public struct SecurityVocabulary: Sendable {
    public let words: Set<String>

    public init(words: some Sequence<String>) {
        self.words = Set(words.map { $0.lowercased() })
    }

    public static let `default` = SecurityVocabulary(words: [
        "secure", "insecure", "security", "vulnerable", "vulnerability", "vulnerabilities",
        "exploit", "exploitable", "injection", "inject", "sanitize", "sanitise", "sanitized",
        "escape", "escaping", "unescaped", "cve", "cwe", "xss", "csrf", "ssrf", "xxe", "unsafe",
        "deprecated", "attack", "attacker", "malicious", "untrusted", "tainted", "overflow",
        "traversal", "rce", "deserialization", "pickle", "hardcoded", "hard-coded", "plaintext",
        "cleartext", "weak", "md5", "sha1", "brute", "timing", "owasp", "privilege", "backdoor",
    ])

    /// True when any word of `text` (split on non-alphanumerics) is in the vocabulary.
    public func matches(_ text: String) -> Bool {
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "-" {
                current.append(character)
            } else {
                if !current.isEmpty, words.contains(current) { return true }
                current = ""
            }
        }
        return !current.isEmpty && words.contains(current)
    }
}
