import Testing
@testable import SOSecureRules

/// Which call patterns a callee name is tried against: exact names, `*.method` by last segment,
/// `module.*` by first segment, and prefixes that cannot be indexed on every call, in rule order.
@Suite("Call rule index")
struct CallRuleIndexTests {
    static let index = CallRuleIndex([
        (rule: 0, pattern: CallPattern(names: [NamePattern("Crypto.Cipher.*"), NamePattern("Cryptodome.Cipher.*")])),
        (rule: 1, pattern: CallPattern(names: [NamePattern("subprocess.run"), NamePattern("*.run")])),
        (rule: 2, pattern: CallPattern(names: [NamePattern("*.execute")])),
        (rule: 3, pattern: CallPattern(names: [NamePattern("Crypt*.new")])),
        (rule: 4, pattern: CallPattern(names: [NamePattern("Crypto.Hash.*")])),
    ])

    static func rules(_ name: String) -> (exact: [Int], bySegment: [Int], prefixed: [Int]) {
        let candidates = index.candidates(name: name, lastSegment: PythonAnalyzer.lastSegment(of: name))
        return (candidates.exact?.map(\.rule) ?? [], candidates.bySegment?.map(\.rule) ?? [], candidates.prefixed.map(\.rule))
    }

    @Test("module prefixes are tried only on names that start with their first segment")
    func prefixes() {
        #expect(Self.rules("Crypto.Cipher.AES.new").prefixed == [0, 3, 4])
        #expect(Self.rules("Cryptodome.Cipher.AES.new").prefixed == [0, 3])
        #expect(Self.rules("CryptoX.new").prefixed == [3])
        #expect(Self.rules("eval").prefixed == [3])
    }

    @Test("exact names and last segments")
    func exactAndSegments() {
        let run = Self.rules("subprocess.run")
        #expect(run.exact == [1])
        #expect(run.bySegment == [1])
        #expect(Self.rules("?.cursor.execute").bySegment == [2])
        // No dot: no last segment to look up.
        #expect(Self.rules("execute").bySegment.isEmpty)
    }

    @Test("the last segment is the text after the last dot")
    func lastSegment() {
        #expect(PythonAnalyzer.lastSegment(of: "a.b.c") == "c")
        #expect(PythonAnalyzer.lastSegment(of: "a.") == "")
        #expect(PythonAnalyzer.lastSegment(of: "abc") == nil)
        #expect(PythonAnalyzer.lastSegment(of: "é.ü") == "ü")
    }
}
