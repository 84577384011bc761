import Testing
@testable import SOSecureRules

/// The byte search that lets most comments skip directive parsing: it must see every directive, in any case.
@Suite("Suppression prefilter")
struct SuppressionPrefilterTests {
    @Test("comments with a directive pass, in any ASCII case")
    func directivesPass() {
        for comment in ["# sosecure: ignore", "# SOSecure: ignore[x]", "#x # sosecure:ignore", "# nosec", "# NOSEC B602", "# noqa: S101", "#NoQa"] {
            #expect(SuppressionCommentParser.mentionsDirective(comment, honorNosec: true), "\(comment)")
        }
    }

    @Test("comments without one are rejected, and nosec/noqa only count when honored")
    func othersRejected() {
        for comment in ["# compute the sum", "# sosecure ignore", "# no sec", "# nos", "#"] {
            #expect(!SuppressionCommentParser.mentionsDirective(comment, honorNosec: true), "\(comment)")
        }
        #expect(!SuppressionCommentParser.mentionsDirective("# nosec", honorNosec: false))
        #expect(SuppressionCommentParser.mentionsDirective("# sosecure: ignore", honorNosec: false))
    }
}
