import Testing
@testable import SOSecureCore

@Suite struct EditApplierTests {
    @Test func appliesNonOverlappingEditsAgainstOriginalOffsets() throws {
        let text = "yaml.load(data)"
        let edits = [
            Edit(range: TextRange(start: 5, end: 9), replacement: "safe_load"),
            Edit.insert("raw_", at: 10),
        ]
        #expect(try EditApplier.apply(edits, to: text) == "yaml.safe_load(raw_data)")
    }

    @Test func rejectsOverlappingEdits() {
        let edits = [
            Edit(range: TextRange(start: 0, end: 5), replacement: "a"),
            Edit(range: TextRange(start: 4, end: 6), replacement: "b"),
        ]
        #expect(throws: EditError.overlapping(TextRange(start: 0, end: 5), TextRange(start: 4, end: 6))) {
            try EditApplier.apply(edits, to: "0123456789")
        }
    }

    @Test func rejectsTwoInsertionsAtTheSameOffset() {
        #expect(throws: EditError.self) {
            try EditApplier.apply([.insert("a", at: 2), .insert("b", at: 2)], to: "xyz")
        }
    }

    @Test func rejectsEditsPastTheEnd() {
        #expect(throws: EditError.outOfBounds(TextRange(start: 2, end: 9), size: 3)) {
            try EditApplier.apply([Edit(range: TextRange(start: 2, end: 9), replacement: "")], to: "abc")
        }
    }

    @Test func fixKeepsEditsSorted() throws {
        let fix = try Fix(title: "t", edits: [.insert("b", at: 5), .insert("a", at: 1)], applicability: .safe, origin: .rule(id: "r"))
        #expect(fix.edits.map(\.range.start) == [1, 5])
    }
}
