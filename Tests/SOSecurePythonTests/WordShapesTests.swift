import Testing
import SOSecurePython

/// The shape prefilter in front of name lookups: it may let a non-member through, never stop a member.
@Suite("Word shapes")
struct WordShapesTests {
    @Test("every member passes; words of another length or start are stopped")
    func members() {
        let words = ["execute", "run", "os.system", "request", "_private"]
        let shapes = WordShapes(words)
        for word in words {
            #expect(shapes.mayContain(word))
            #expect(shapes.mayContain(Substring(word)))
        }
        #expect(!shapes.mayContain("executes"))
        #expect(!shapes.mayContain("xrun"))
        // Same length and first byte: let through, for the real lookup to decide.
        #expect(shapes.mayContain("rum"))
    }

    @Test("non-ASCII and very long words always pass")
    func conservative() {
        let shapes = WordShapes(["alpha"])
        #expect(shapes.mayContain("élan"))
        #expect(shapes.mayContain(String(repeating: "a", count: WordShapes.maximumLength)))
    }

    @Test("a set with K is always searched: the Kelvin sign equals it and is longer")
    func kelvin() {
        let shapes = WordShapes(["aKb"])
        #expect("a\u{212A}b" == "aKb")
        #expect(shapes.mayContain("a\u{212A}b"))
    }
}
