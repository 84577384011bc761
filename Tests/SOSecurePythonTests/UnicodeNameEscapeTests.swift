import SOSecureCore
import Testing
@testable import SOSecurePython

/// `\N{...}` escapes resolve names from every plane, formal aliases, any letter case; unknown names are errors.
@Suite("Unicode name escapes")
struct UnicodeNameEscapeTests {
    static func value(_ literal: String) -> (text: String?, errors: Int) {
        let parse = PythonParser.parse(literal + "\n", path: "t.py")
        guard case let .expr(value)? = parse.module.body.first?.kind, case let .constant(.string(text), _) = value.kind else {
            return (nil, parse.errors.count)
        }
        return (text, parse.errors.count)
    }

    @Test("names in the basic plane and beyond, aliases and lower case")
    func resolves() {
        #expect(Self.value(#""\N{GREEK SMALL LETTER PI}""#).text == "\u{3C0}")
        #expect(Self.value(#""\N{GRINNING FACE}""#).text == "\u{1F600}")
        #expect(Self.value(#""\N{LATIN CAPITAL LETTER GHA}""#).text == "\u{1A2}")
        #expect(Self.value(#""\N{bullet}""#).text == "\u{2022}")
        #expect(Self.value(#""\N{TAG LATIN SMALL LETTER A}""#).text == "\u{E0061}")
    }

    @Test("an unknown name is a syntax error")
    func unknown() {
        #expect(Self.value(#""\N{NOT A CHARACTER NAME}""#).errors > 0)
    }
}
