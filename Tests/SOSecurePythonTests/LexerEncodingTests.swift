import SOSecureCore
import SOSecurePython
import Testing

@Suite struct LexerEncodingTests {
    typealias L = LexerTestSupport

    static func bytes(_ ascii: String, _ tail: [UInt8] = [], _ after: String = "") -> [UInt8] {
        Array(ascii.utf8) + tail + Array(after.utf8)
    }

    @Test func byteOrderMarkIsSkippedAndOffsetsStayFileOffsets() {
        let input: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("x = 1\n".utf8)
        let result = L.lex(bytes: input)
        #expect(result.errors.isEmpty)
        #expect(result.encoding == "utf-8")
        #expect(result.text == input)
        #expect(result.tokens.first?.kind == .name)
        #expect(result.tokens.first?.range == TextRange(start: 3, end: 4))
    }

    @Test func latin1DeclarationIsTranscoded() {
        let input = Self.bytes("# -*- coding: latin-1 -*-\ns = 'caf", [0xE9], "'\n")
        let result = L.lex(bytes: input)
        #expect(result.errors.isEmpty)
        #expect(result.encoding == "latin-1")
        #expect(String(decoding: result.text, as: UTF8.self) == "# -*- coding: latin-1 -*-\ns = 'café'\n")
        #expect(result.tokens.map { L.describe($0, in: result) } == ["NAME s", "OP =", "STRING 'café'", "NEWLINE", "EOF"])
        #expect(result.lineIndex.lineCount == 3)
    }

    @Test func declarationOnLineTwoAfterAComment() {
        let input = Self.bytes("#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-15 :\ns = '", [0xA4], "'\n")
        let result = L.lex(bytes: input)
        #expect(result.encoding == "iso-8859-15")
        #expect(result.errors.isEmpty)
        #expect(result.tokens.map { L.describe($0, in: result) }.contains("STRING '€'"))
    }

    @Test func declarationOnLineTwoAfterCodeIsIgnored() {
        let input = Self.bytes("x = 1\n# coding: latin-1\ns = '", [0xE9], "'\n")
        let result = L.lex(bytes: input)
        #expect(result.encoding == "utf-8")
        #expect(result.errors.map(\.description) == [
            "3:6: invalid utf-8 byte 0xE9 (invalid continuation byte); declare the file's encoding with a coding comment or save it as UTF-8",
        ])
    }

    @Test func declarationMustBeAComment() {
        let input = Self.bytes("x = 1  # coding: latin-1\ns = '", [0xE9], "'\n")
        #expect(L.lex(bytes: input).encoding == "utf-8")
    }

    @Test(arguments: [
        ("utf-8", "utf-8"), ("UTF8", "utf-8"), ("utf_8", "utf-8"), ("u8", "utf-8"), ("utf-8-sig", "utf-8"),
        ("latin-1", "latin-1"), ("Latin1", "latin-1"), ("iso-8859-1", "latin-1"), ("ISO8859-1", "latin-1"),
        ("l1", "latin-1"), ("cp819", "latin-1"), ("iso_8859_1", "latin-1"), ("latin-1-unix", "latin-1"),
        ("ascii", "ascii"), ("US-ASCII", "ascii"), ("iso-8859-15", "iso-8859-15"), ("latin9", "iso-8859-15"),
        ("cp1252", "cp1252"), ("windows-1252", "cp1252"), ("iso-8859-5", "iso-8859-5"), ("iso8859_5", "iso-8859-5"),
    ])
    func encodingNameAliases(_ declared: String, _ canonical: String) {
        let result = L.lex("# coding: \(declared)\nx = 1\n")
        #expect(result.errors.isEmpty)
        #expect(result.encoding == canonical)
    }

    @Test func singleByteTables() {
        // cp1252: 0x80 euro, 0x93/0x94 curly quotes; iso-8859-5: 0xB0 А, 0xEF я, 0xF0 №, 0xFD §.
        let cp1252 = L.lex(bytes: Self.bytes("# coding: cp1252\ns = '", [0x80, 0x93, 0x94, 0xE9], "'\n"))
        #expect(String(decoding: cp1252.text, as: UTF8.self).hasSuffix("s = '€“”é'\n"))
        let cyrillic = L.lex(bytes: Self.bytes("# coding: iso-8859-5\ns = '", [0xB0, 0xEF, 0xF0, 0xFD, 0xA1, 0xAD], "'\n"))
        #expect(String(decoding: cyrillic.text, as: UTF8.self).hasSuffix("s = 'Aя№§Ё\u{00AD}'\n".replacingOccurrences(of: "A", with: "\u{0410}")))
        let latin9 = L.lex(bytes: Self.bytes("# coding: latin-9\ns = '", [0xA4, 0xBC, 0xBE, 0xE9], "'\n"))
        #expect(String(decoding: latin9.text, as: UTF8.self).hasSuffix("s = '€ŒŸé'\n"))
    }

    @Test func undefinedBytesAreReported() {
        let cp1252 = L.lex(bytes: Self.bytes("# coding: cp1252\ns = '", [0x81], "'\n"))
        #expect(cp1252.errors.map(\.description) == ["2:6: 'cp1252' codec can't decode byte 0x81: not defined in this encoding"])
        #expect(String(decoding: cp1252.text, as: UTF8.self).hasSuffix("s = '\u{FFFD}'\n"))
        let ascii = L.lex(bytes: Self.bytes("# coding: ascii\ns = '", [0xE9], "'\n"))
        #expect(ascii.errors.map(\.description) == ["2:6: 'ascii' codec can't decode byte 0xE9: not defined in this encoding"])
    }

    @Test func unknownEncoding() {
        let result = L.lex("#!/usr/bin/python\n# -*- coding: klingon -*-\nx = 1\n")
        #expect(result.errors.map(\.description) == ["2:15: unknown encoding: klingon"])
        #expect(result.encoding == "utf-8")
        #expect(result.tokens.map { L.describe($0, in: result) } == ["NAME x", "OP =", "NUMBER 1", "NEWLINE", "EOF"])
    }

    @Test func byteOrderMarkWithAnotherEncoding() {
        let input: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("# coding: latin-1\nx = 1\n".utf8)
        let result = L.lex(bytes: input)
        // CPython names the latin-1 family by its normal name, and refuses even "utf8" beside a BOM.
        #expect(result.errors.map(\.description) == ["1:14: encoding problem: iso-8859-1 with BOM"])
        #expect(result.tokens.first?.kind == .name)
        #expect(result.encoding == "utf-8")
        let utf8 = L.lex(bytes: [0xEF, 0xBB, 0xBF] + Array("# coding: utf8\nx = 1\n".utf8))
        #expect(utf8.errors.map(\.description) == ["1:14: encoding problem: utf8 with BOM"])
        for accepted in ["utf-8", "UTF_8", "utf-8-unix"] {
            #expect(L.lex(bytes: [0xEF, 0xBB, 0xBF] + Array("# coding: \(accepted)\nx = 1\n".utf8)).errors.isEmpty)
        }
    }

    @Test func invalidUTF8IsReportedWithItsPositionAndLexingContinues() {
        let input = Self.bytes("x = 1\ns = 'caf", [0xF6], "'\ny = 2\n")
        let result = L.lex(bytes: input)
        #expect(result.errors.map(\.description) == [
            "2:9: invalid utf-8 byte 0xF6 (invalid start byte); declare the file's encoding with a coding comment or save it as UTF-8",
        ])
        #expect(result.tokens.filter { $0.kind == .string }.count == 1)
        let truncated = L.lex(bytes: Self.bytes("s = '", [0xE2, 0x82]))
        #expect(truncated.errors.contains { $0.message.hasPrefix("invalid utf-8 byte 0xE2 (unexpected end of data)") })
        #expect(result.tokens.filter { $0.kind == .name }.count == 3)
    }

    @Test func invalidUTF8OutsideStringsBecomesAnErrorToken() {
        let result = L.lex(bytes: Self.bytes("x", [0xFF, 0xFE], " = 1\n"))
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.location.column == 2)
        #expect(result.tokens.map(\.kind) == [.name, .error, .punctuation(.equal), .number, .newline, .endOfFile])
        #expect(result.tokens[1].range == TextRange(start: 1, end: 3))
    }

    @Test func rejectsOverlongAndSurrogateEncodings() {
        for bad: [UInt8] in [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8]] {
            let result = L.lex(bytes: Self.bytes("s = '", bad, "'\n"))
            #expect(result.errors.count == 1, "\(bad)")
        }
        let valid = L.lex("s = 'é€😀'\nπ = 1\n")
        #expect(valid.errors.isEmpty)
    }

    @Test func nulBytes() {
        let result = L.lex(bytes: Self.bytes("x = 1", [0], "\ny = 2\n"))
        #expect(result.errors.map(\.description) == ["1:6: source code cannot contain null bytes"])
        #expect(result.tokens.map(\.kind).contains(.error))
        #expect(result.tokens.last?.kind == .endOfFile)
    }
}
