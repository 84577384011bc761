import Foundation

/// Words that mark a Stack Overflow discussion as security-relevant (the filter of the SOSecure paper).
/// The default list is deliberately broad; `--vocabulary FILE` replaces it.
/// Matching works on UTF-8 bytes without allocating, because it runs over every answer and comment of a dump.
public struct SecurityVocabulary: Sendable, Equatable {
    public let words: Set<String>
    private let hashes: Set<UInt64>
    /// One bit per (hash mod 2^14): nearly every word of a post is rejected here without a set lookup.
    private let filter: [UInt64]
    private static let filterBits: UInt64 = 1 << 14

    public init(words: some Sequence<String>) {
        let cleaned = Set(words.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        self.words = cleaned
        let hashes = Set(cleaned.map { SecurityVocabulary.hash(Array($0.utf8)[...]) })
        self.hashes = hashes
        var filter = [UInt64](repeating: 0, count: Int(SecurityVocabulary.filterBits / 64))
        for hash in hashes {
            let bit = hash % SecurityVocabulary.filterBits
            filter[Int(bit >> 6)] |= 1 << (bit & 63)
        }
        self.filter = filter
    }

    public static let `default` = SecurityVocabulary(words: [
        "secure", "insecure", "security", "securely", "vulnerable", "vulnerability", "vulnerabilities",
        "exploit", "exploits", "exploitable", "exploited", "injection", "injections", "inject", "injected",
        "sanitize", "sanitise", "sanitized", "sanitizing", "sanitization", "unsanitized",
        "escape", "escaping", "escaped", "unescaped", "cve", "cwe", "xss", "csrf", "xsrf", "ssrf", "xxe",
        "unsafe", "deprecated", "attack", "attacks", "attacker", "attackers", "malicious", "untrusted",
        "tainted", "overflow", "traversal", "rce", "deserialization", "deserialisation", "hardcoded", "hard-coded",
        "plaintext", "cleartext", "weak", "brute-force", "bruteforce", "owasp", "privilege", "privileges",
        "backdoor", "spoofing", "spoof", "hijack", "hijacking", "clickjacking", "forgery", "phishing",
        "leak", "leaked", "leaking", "dangerous", "risky", "compromise", "compromised",
        "whitelist", "allowlist", "blacklist", "denylist", "csp", "mitm", "man-in-the-middle",
        "salt", "salted", "unsalted", "bcrypt", "argon2", "pbkdf2", "md5", "sha1", "credential", "credentials",
        "predictable", "bypass", "bypassed", "out-of-bounds", "use-after-free", "dangling", "nonce", "leaks",
        "symlink", "symlinks", "tamper", "tampering", "tampered", "forged", "forge", "impersonate", "impersonation",
        "eavesdrop", "eavesdropping", "sniff", "sniffing", "dos", "ddos", "redos", "toctou", "race-condition",
        "unauthenticated", "unauthorized", "unvalidated", "unverified", "cryptographically", "sanitizes",
        "injectable", "cves", "unencrypted", "denial-of-service", "exposure", "autoescape", "autoescaping",
    ])

    /// Reads a word list: one word per line, `#` starts a comment, blank lines are ignored.
    public static func load(path: String) throws -> SecurityVocabulary {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KnowledgeError.unreadable(path: path, reason: "no such file or not readable")
        }
        var words: [String] = []
        var violations: [SchemaViolation] = []
        for (number, rawLine) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let word = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if word.isEmpty { continue }
            if word.contains(where: { $0 == " " || $0 == "\t" }) {
                violations.append(SchemaViolation(path: path, line: number + 1, column: 1, field: "word",
                                                  message: "'\(word)' holds whitespace; write one word per line"))
                continue
            }
            words.append(word)
        }
        if !violations.isEmpty { throw KnowledgeError.schema(violations) }
        if words.isEmpty {
            throw KnowledgeError.schema([SchemaViolation(path: path, line: 1, column: 1, field: "word", message: "the word list is empty")])
        }
        return SecurityVocabulary(words: words)
    }

    /// True when any word of `text` is in the vocabulary.
    public func matches(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { matches($0) }
    }

    public func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var found = false
        forEachWord(in: bytes) { _ in found = true; return false }
        return found
    }

    /// The vocabulary words `text` uses, in first-use order, without repeats.
    public func matchedWords(_ text: String) -> [String] {
        var result: [String] = []
        var copy = text
        copy.withUTF8 { bytes in
            forEachWord(in: bytes) { word in
                if !result.contains(word) { result.append(word) }
                return true
            }
        }
        return result
    }

    /// Calls `body` with each vocabulary word found; `body` returns false to stop.
    private func forEachWord(in bytes: UnsafeBufferPointer<UInt8>, _ body: (String) -> Bool) {
        var index = 0
        let count = bytes.count
        while index < count {
            guard isWordByte(bytes[index]) else {
                index += 1
                continue
            }
            var end = index
            var dashes = false
            while end < count {
                let byte = bytes[end]
                guard isWordByte(byte) else { break }
                if byte == UInt8(ascii: "-") { dashes = true }
                end += 1
            }
            var start = index
            var stop = end
            while start < stop, bytes[start] == UInt8(ascii: "-") { start += 1 }
            while stop > start, bytes[stop - 1] == UInt8(ascii: "-") { stop -= 1 }
            if contains(bytes, start, stop) {
                if !check(bytes, start, stop, body) { return }
            } else if dashes, stop - start <= 32 {
                // `attacker-controlled`: when the whole word is not listed, its parts may be.
                var partStart = start
                for cursor in start...stop where cursor == stop || bytes[cursor] == UInt8(ascii: "-") {
                    if partStart < cursor, partStart != start || cursor != stop, !check(bytes, partStart, cursor, body) { return }
                    partStart = cursor + 1
                }
            }
            index = end
        }
    }

    /// Reports `bytes[start..<stop]` to `body` when it is a vocabulary word; false when `body` asked to stop.
    private func check(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int, _ body: (String) -> Bool) -> Bool {
        guard contains(bytes, start, stop) else { return true }
        return body(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self).lowercased())
    }

    private func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> Bool {
        guard stop - start >= 2, stop - start <= 32 else { return false }
        let word = UnsafeBufferPointer(rebasing: bytes[start..<stop])
        let hash = SecurityVocabulary.hash(word)
        let bit = hash % SecurityVocabulary.filterBits
        guard filter[Int(bit >> 6)] & (1 << (bit & 63)) != 0, hashes.contains(hash) else { return false }
        return words.contains(String(decoding: word, as: UTF8.self).lowercased())
    }

    @inline(__always) private func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "-") || b >= 0x80
    }

    /// FNV-1a over ASCII-lowercased bytes, so the scan can test membership before building a String.
    private static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in bytes {
            let lower = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
            hash ^= UInt64(lower)
            hash = hash &* 0x100000001b3
        }
        return hash
    }

    public static func == (lhs: SecurityVocabulary, rhs: SecurityVocabulary) -> Bool { lhs.words == rhs.words }
}
