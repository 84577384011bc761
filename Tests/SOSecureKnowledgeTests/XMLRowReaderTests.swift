import Foundation
import Testing
@testable import SOSecureKnowledge

@Suite struct XMLRowReaderTests {
    @Test func decodesAttributesAndEntities() throws {
        let directory = try TemporaryDirectory()
        let rows = try readRows("""
            <?xml version="1.0" encoding="utf-8"?>
            <!-- a comment -->
            <posts>
              <row Id="7" Title="a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#x41;&#66;&#xE9;" Body='x&#xA;y' />
              <row Id="8" Empty=""></row>
            </posts>
            """, in: directory)
        #expect(rows.count == 2)
        #expect(rows[0].int("Id") == 7)
        #expect(rows[0].string("Title") == "a & b <c> \"d\" 'e' ABé")
        #expect(rows[0].string("Body") == "x\ny")
        #expect(rows[0].line == 4)
        #expect(rows[0].column == 3)
        #expect(rows[1].string("Empty") == "")
        #expect(rows[1].string("Missing") == nil)
    }

    @Test func rowsSpanningChunkBoundariesReadTheSame() throws {
        let directory = try TemporaryDirectory()
        var xml = "<posts>\n"
        for id in 1...200 { xml += "  <row Id=\"\(id)\" Body=\"&lt;p&gt;body \(id) with &amp;amp; entity &gt; text&lt;/p&gt;\" />\n" }
        xml += "</posts>\n"
        let whole = try readRows(xml, in: directory)
        let tiny = try readRows(xml, chunkSize: 64, in: directory)
        #expect(whole.count == 200)
        #expect(tiny.map { $0.string("Body") } == whole.map { $0.string("Body") })
        #expect(tiny.map(\.line) == Array(2...201))
    }

    @Test func literalLineBreaksInValuesAreNormalizedToSpaces() throws {
        let directory = try TemporaryDirectory()
        let rows = try readRows("<posts><row Id=\"1\" Text=\"a\nb\tc\" /></posts>", in: directory)
        #expect(rows.first?.string("Text") == "a b c")
    }

    @Test(arguments: [
        ("<posts>\n  <row Id=\"1\" Body=\"unterminated />\n  <row Id=\"2\" />\n</posts>", 3, 3, "'<' inside an attribute value"),
        ("<posts>\n  <row Id=\"1\" />\n  <row Id=\"2\"", 3, 14, "unexpected end of file"),
        ("<posts>\n  <row Id=\"1\" />\n", 3, 1, "never closed"),
        ("<posts>\n  <row Id=\"1\" Title=\"&nbsp;\" />\n</posts>", 2, 22, "unknown entity"),
        ("<posts>\n  <row Id=1 />\n</posts>", 2, 11, "expected a quoted attribute value"),
        ("<posts>\n  stray text\n</posts>", 2, 3, "unexpected text"),
        ("<posts>\n  <row Id=\"1\" />\n</comments>", 3, 1, "expected </posts>"),
        ("", 1, 1, "no root element"),
    ] as [(String, Int, Int, String)])
    func malformedInputNamesLineAndColumn(xml: String, line: Int, column: Int, message: String) throws {
        let directory = try TemporaryDirectory()
        do {
            _ = try readRows(xml, in: directory)
            Issue.record("expected a malformed XML error")
        } catch let KnowledgeError.malformedXML(_, errorLine, errorColumn, errorMessage) {
            #expect(errorLine == line, "\(errorMessage)")
            #expect(errorColumn == column, "\(errorMessage)")
            #expect(errorMessage.contains(message), "\(errorMessage)")
        }
    }

    @Test func resumesFromARecordedPosition() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("posts.xml", "<posts>\n<row Id=\"1\" />\n<row Id=\"2\" />\n<row Id=\"3\" />\n</posts>\n")
        let first = try XMLRowReader(source: try ByteSource.open(path: file))
        _ = try first.next()
        let position = first.position
        let second = try XMLRowReader(source: try ByteSource.open(path: file), start: position)
        var ids: [Int] = []
        while let row = try second.next() { ids.append(row.int("Id") ?? -1) }
        #expect(ids == [2, 3])
        #expect(position.openElements == ["posts"])
    }

    @Test func invalidUTF8IsRepairedNotFatal() throws {
        let directory = try TemporaryDirectory()
        var bytes = Array("<posts><row Id=\"1\" Text=\"bad ".utf8)
        bytes += [0xFF, 0xC3]
        bytes += Array(" end\" /></posts>".utf8)
        let file = directory.path("bad.xml")
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let reader = try XMLRowReader(source: try ByteSource.open(path: file))
        let row = try #require(try reader.next())
        #expect(row.string("Text")?.hasPrefix("bad ") == true)
        #expect(row.string("Text")?.contains("\u{FFFD}") == true)
        #expect(try reader.next() == nil)
    }

    @Test func readsGzipThroughAChildProcess() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("posts.xml", "<posts>\n<row Id=\"1\" />\n<row Id=\"2\" />\n</posts>\n")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", "-k", file]
        try gzip.run()
        gzip.waitUntilExit()
        let reader = try XMLRowReader(source: try ByteSource.open(path: file + ".gz"))
        var ids: [Int] = []
        while let row = try reader.next() { ids.append(row.int("Id") ?? -1) }
        #expect(ids == [1, 2])
    }
}
