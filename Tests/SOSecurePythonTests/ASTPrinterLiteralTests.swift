import Testing
@testable import SOSecurePython

@Suite struct ASTPrinterLiteralTests {
    @Test(arguments: [
        ("plain", "'plain'"),
        ("it's", "\"it's\""),
        ("both ' and \"", "'both \\' and \"'"),
        ("tab\tnew\nline\r\\", "'tab\\tnew\\nline\\r\\\\'"),
        ("\u{0}\u{7F}", "'\\x00\\x7f'"),
        ("é ü 日本", "'é ü 日本'"),
        // Bidi overrides and zero-width characters are what a reader must not miss.
        ("admin\u{202E}", "'admin\\u202e'"),
        ("a\u{200B}b", "'a\\u200bb'"),
        ("\u{E000}", "'\\ue000'"),
    ])
    func stringsArePrintedLikePythonRepr(text: String, repr: String) {
        #expect(ASTLiteralFormatting.stringRepr(text) == repr)
    }

    @Test func bytesArePrintedLikePythonRepr() {
        #expect(ASTLiteralFormatting.bytesRepr(Array("a'b".utf8)) == "b\"a'b\"")
        #expect(ASTLiteralFormatting.bytesRepr([0, 0x7F, 0xFF, 0x0A, 0x5C]) == "b'\\x00\\x7f\\xff\\n\\\\'")
    }

    @Test(arguments: [
        (1.0, "1.0"), (0.1, "0.1"), (1e-05, "1e-05"), (0.0001, "0.0001"), (1e16, "1e+16"),
        (1e15, "1000000000000000.0"), (9007199254740993.0, "9007199254740992.0"), (123.456, "123.456"),
        (1.5e300, "1.5e+300"), (Double.leastNonzeroMagnitude, "5e-324"), (0.0, "0.0"), (-2.5, "-2.5"), (Double.infinity, "inf"),
    ])
    func floatsArePrintedLikePythonRepr(value: Double, repr: String) {
        #expect(ASTLiteralFormatting.floatRepr(value) == repr)
    }

    @Test func imaginaryLiteralsDropTheTrailingPointZero() {
        #expect(ASTLiteralFormatting.complexRepr(2) == "2j")
        #expect(ASTLiteralFormatting.complexRepr(1.5) == "1.5j")
        #expect(ASTLiteralFormatting.complexRepr(1e20) == "1e+20j")
    }

    @Test(arguments: [
        ("0", "0"), ("007", "7"), ("1_000_000", "1000000"), ("0x1F", "31"), ("0XfF", "255"), ("0o17", "15"),
        ("0b1011", "11"), ("0xFFFFFFFFFFFFFFFFFFFF", "1208925819614629174706175"),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
    ])
    func integersOfAnySizeBecomeDecimal(literal: String, decimal: String) {
        #expect(ASTLiteralFormatting.decimalInteger(literal) == decimal)
    }

    @Test func malformedIntegersAreRejected() {
        #expect(ASTLiteralFormatting.decimalInteger("0x") == nil)
        #expect(ASTLiteralFormatting.decimalInteger("12a") == nil)
        #expect(ASTLiteralFormatting.decimalInteger("0b102") == nil)
    }

    @Test func constantsOfEveryKind() {
        #expect(ASTLiteralFormatting.repr(.none) == "None")
        #expect(ASTLiteralFormatting.repr(.bool(true)) == "True")
        #expect(ASTLiteralFormatting.repr(.ellipsis) == "Ellipsis")
        #expect(ASTLiteralFormatting.repr(.int("0x10")) == "16")
    }
}
