import SOSecurePython
import Testing

@Suite struct LexerIdentifierTests {
    typealias L = LexerTestSupport

    @Test func unicodeIdentifiers() {
        #expect(L.tokens("café = π + 变量 + _ñ + a\u{301}b") == [
            "NAME café", "OP =", "NAME π", "OP +", "NAME 变量", "OP +", "NAME _ñ", "OP +", "NAME a\u{301}b", "NEWLINE", "EOF",
        ])
        // Letters that are keywords only in ASCII stay names.
        #expect(L.tokens("ｉｆ") == ["NAME ｉｆ", "NEWLINE", "EOF"])
    }

    @Test(arguments: [
        ("€", "1:1: invalid character '€' (U+20AC)"),
        ("$", "1:1: invalid character '$' (U+0024)"),
        ("?", "1:1: invalid character '?' (U+003F)"),
        ("`", "1:1: invalid character '`' (U+0060)"),
        ("\u{A0}", "1:1: invalid non-printable character U+00A0"),
        ("\u{1}", "1:1: invalid non-printable character U+0001"),
        ("\u{200B}", "1:1: invalid non-printable character U+200B"),
        ("\u{0B}", "1:1: invalid non-printable character U+000B"),
    ])
    func invalidCharacters(_ character: String, _ expected: String) {
        let result = L.lex(character)
        #expect(result.errors.map(\.description) == [expected])
        #expect(result.tokens.map(\.kind) == [.error, .newline, .endOfFile])
    }

    @Test func invalidCharacterInsideAWord() {
        let result = L.lex("a€b = 1")
        #expect(result.errors.map(\.description) == ["1:2: invalid character '€' (U+20AC)"])
        #expect(result.tokens.map { L.describe($0, in: result) } == ["NAME a", "ERROR €", "NAME b", "OP =", "NUMBER 1", "NEWLINE", "EOF"])
    }

    @Test func aRunOfOneInvalidCharacterIsOneError() {
        let result = L.lex("x = $$$ + 1")
        #expect(result.errors.count == 1)
        #expect(result.tokens.map { L.describe($0, in: result) } == ["NAME x", "OP =", "ERROR $$$", "OP +", "NUMBER 1", "NEWLINE", "EOF"])
    }

    @Test func invalidCharactersInStringsAndCommentsAreFine() {
        #expect(L.errors("s = '$€?`'  # $€?`\n").isEmpty)
    }
}
