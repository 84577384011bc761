import SOSecurePython
import Testing

@Suite struct LexerNumberTests {
    typealias L = LexerTestSupport

    @Test(arguments: [
        "0", "00", "0_0", "000_000", "7", "123", "1_000_000", "0x_1F", "0XdeadBEEF", "0x1_f", "0o17", "0O_7", "0b1010",
        "0B_1_0", "1.", ".5", "1.5", "1e-3", "1E+10", "1e1_0", "1_000.0_1", "1.e5", "1j", "1.5J", "0.5j", ".5j", "1e3j",
        "09.5", "00.5", "012e3", "09j", "0e0", "0j", "0.0",
    ])
    func validNumbers(_ literal: String) {
        let result = L.lex(literal)
        #expect(result.errors.isEmpty, "\(literal): \(result.errors)")
        #expect(result.tokens.map { L.describe($0, in: result) } == ["NUMBER \(literal)", "NEWLINE", "EOF"])
    }

    @Test func numberThenDotMethod() {
        #expect(L.tokens("1 .real") == ["NUMBER 1", "OP .", "NAME real", "NEWLINE", "EOF"])
        #expect(L.tokens("1..real") == ["NUMBER 1.", "OP .", "NAME real", "NEWLINE", "EOF"])
        #expect(L.tokens("x[1:2]") == ["NAME x", "OP [", "NUMBER 1", "OP :", "NUMBER 2", "OP ]", "NEWLINE", "EOF"])
    }

    @Test func keywordRightAfterANumber() {
        #expect(L.tokens("1if x else 2") == ["NUMBER 1", "KW if", "NAME x", "KW else", "NUMBER 2", "NEWLINE", "EOF"])
        #expect(L.tokens("x = 1else 2") == ["NAME x", "OP =", "NUMBER 1", "KW else", "NUMBER 2", "NEWLINE", "EOF"])
        #expect(L.tokens("0x1for") == ["NUMBER 0x1f", "KW or", "NEWLINE", "EOF"])
        #expect(L.tokens("[0for x in y]") == [
            "OP [", "NUMBER 0", "KW for", "NAME x", "KW in", "NAME y", "OP ]", "NEWLINE", "EOF",
        ])
        #expect(L.tokens("1or 2") == ["NUMBER 1", "KW or", "NUMBER 2", "NEWLINE", "EOF"])
        #expect(L.tokens("1and 2") == ["NUMBER 1", "KW and", "NUMBER 2", "NEWLINE", "EOF"])
        #expect(L.tokens("1is x") == ["NUMBER 1", "KW is", "NAME x", "NEWLINE", "EOF"])
        #expect(L.tokens("1not in x") == ["NUMBER 1", "KW not", "KW in", "NAME x", "NEWLINE", "EOF"])
        #expect(L.tokens("1.5in x") == ["NUMBER 1.5", "KW in", "NAME x", "NEWLINE", "EOF"])
        #expect(L.tokens("1jif x else 2").prefix(2) == ["NUMBER 1j", "KW if"])
    }

    @Test(arguments: [
        ("1abc", "1:2: invalid decimal literal"),
        ("1_", "1:2: invalid decimal literal"),
        ("1__0", "1:2: invalid decimal literal"),
        ("0_", "1:2: invalid decimal literal"),
        ("1e", "1:2: invalid decimal literal"),
        ("1e+", "1:4: invalid decimal literal"),
        ("1.5x", "1:4: invalid decimal literal"),
        ("1._5", "1:3: invalid decimal literal"),
        ("012", "1:1: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"),
        ("0_1", "1:1: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"),
        ("0x", "1:3: invalid hexadecimal literal"),
        ("0xg", "1:3: invalid hexadecimal literal"),
        ("0x_", "1:3: invalid hexadecimal literal"),
        ("0x1g", "1:4: invalid hexadecimal literal"),
        ("0o", "1:3: invalid octal literal"),
        ("0o8", "1:3: invalid digit '8' in octal literal"),
        ("0o18", "1:4: invalid digit '8' in octal literal"),
        ("0o1a", "1:4: invalid octal literal"),
        ("0b", "1:3: invalid binary literal"),
        ("0b2", "1:3: invalid digit '2' in binary literal"),
        ("0b1_", "1:4: invalid binary literal"),
        ("1jx", "1:3: invalid imaginary literal"),
    ])
    func invalidNumbers(_ source: String, _ expected: String) {
        let result = L.lex(source)
        #expect(result.errors.map(\.description) == [expected])
        // The bad literal becomes one error token; lexing carries on.
        #expect(result.tokens.map { L.describe($0, in: result) } == ["ERROR \(source)", "NEWLINE", "EOF"])
    }

    @Test func lexingContinuesAfterABadNumber() {
        #expect(L.tokens("x = 012 + 1") == ["NAME x", "OP =", "ERROR 012", "OP +", "NUMBER 1", "NEWLINE", "EOF"])
    }
}
