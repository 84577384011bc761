import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import SOSecureServer

@Suite("sosecure proxy: fences, events and JSON splicing")
struct ProxyUnitTests {
    static let answer = """
    Here is a loader:

    ```python
    import yaml
    config = yaml.load(open("c.yml"))
    ```

    Use ``inline`` code and ```not a fence``` freely.
    ~~~~
    plain block
    ~~~~
    Done.
    """

    /// Feeds text in the given pieces and returns the pieces the scanner released, in order.
    static func scan(_ pieces: [String]) -> [FenceScanner.Piece] {
        var scanner = FenceScanner()
        var released: [FenceScanner.Piece] = []
        for piece in pieces { released += scanner.feed(piece) }
        released += scanner.finish()
        return released
    }

    static func text(_ pieces: [FenceScanner.Piece]) -> String {
        pieces.map { piece in
            switch piece {
            case let .text(text): return text
            case let .block(block): return block.raw
            }
        }.joined()
    }

    static func blocks(_ pieces: [FenceScanner.Piece]) -> [FencedBlock] {
        pieces.compactMap { piece in
            if case let .block(block) = piece { return block }
            return nil
        }
    }

    @Test("A whole answer splits into prose and two blocks whose text is kept exactly")
    func wholeAnswer() {
        let pieces = Self.scan([Self.answer])
        #expect(Self.text(pieces) == Self.answer)
        let blocks = Self.blocks(pieces)
        #expect(blocks.count == 2)
        #expect(blocks.first?.tag == "python")
        #expect(blocks.first?.openLine == "```python\n")
        #expect(blocks.first?.code == "import yaml\nconfig = yaml.load(open(\"c.yml\"))\n")
        #expect(blocks.first?.closeLine == "```\n")
        #expect(blocks.last?.tag == "")
        #expect(blocks.last?.code == "plain block\n")
    }

    @Test("One character at a time, and every two-piece split, give the same blocks")
    func everySplit() {
        let whole = Self.blocks(Self.scan([Self.answer]))
        let characters = Self.answer.map(String.init)
        #expect(Self.blocks(Self.scan(characters)) == whole)
        #expect(Self.text(Self.scan(characters)) == Self.answer)
        for cut in 0...characters.count {
            let pieces = [characters[..<cut].joined(), characters[cut...].joined()]
            let released = Self.scan(pieces)
            #expect(Self.blocks(released) == whole, "split at \(cut)")
            #expect(Self.text(released) == Self.answer, "split at \(cut)")
        }
    }

    @Test("Prose is released as it arrives; only a line start that could be a fence is held")
    func proseStreams() {
        var scanner = FenceScanner()
        #expect(scanner.feed("Hello, wor") == [.text("Hello, wor")])
        #expect(scanner.feed("ld.\n``") == [.text("ld.\n")])
        #expect(scanner.feed("`py") == [])
        #expect(scanner.insideBlock == false)
        #expect(scanner.feed("thon\nx = 1\n") == [])
        #expect(scanner.insideBlock)
        #expect(scanner.feed("``") == [])
        let closed = scanner.feed("`\nAfter")
        #expect(closed.count == 2)
        #expect(closed.last == .text("After"))
        guard case let .block(block)? = closed.first else {
            Issue.record("no block released: \(closed)")
            return
        }
        #expect(block.raw == "```python\nx = 1\n```\n")
    }

    @Test("An answer that ends inside a block releases it unclosed, with its last line")
    func unclosedBlock() {
        let blocks = Self.blocks(Self.scan(["Try:\n```py\nimport os\nos.system(cmd)"]))
        #expect(blocks.count == 1)
        #expect(blocks.first?.closeLine == nil)
        #expect(blocks.first?.code == "import os\nos.system(cmd)")
        #expect(blocks.first?.replacingCode("print(1)\n") == "```py\nprint(1)\n```\n")
    }

    @Test("A closing fence at the very end without a newline closes the block")
    func closingWithoutNewline() {
        let pieces = Self.scan(["```python\nx = 1\n``", "`"])
        #expect(Self.blocks(pieces).first?.closeLine == "```")
        #expect(Self.text(pieces) == "```python\nx = 1\n```")
    }

    @Test("A fence inside a list item is indented; its code is read and rewritten without the indentation")
    func indentedFence() {
        let text = "1. Load it:\n   ```python\n   import yaml\n   yaml.load(f)\n   ```\n2. Done\n"
        let block = Self.blocks(Self.scan([text])).first
        #expect(block?.indent == 3)
        #expect(block?.code == "import yaml\nyaml.load(f)\n")
        #expect(block?.replacingCode("import yaml\nyaml.safe_load(f)\n") == "   ```python\n   import yaml\n   yaml.safe_load(f)\n   ```\n")
    }

    @Test("A shorter or different fence inside a block does not close it")
    func nestedFences() {
        let text = "````markdown\n```python\nx\n```\n````\n"
        let blocks = Self.blocks(Self.scan([text]))
        #expect(blocks.count == 1)
        #expect(blocks.first?.body == "```python\nx\n```\n")
    }

    @Test("Untagged blocks: Python, and a brace language by a marker of its own; other brace code is not placed")
    func languageGuess() {
        #expect(CodeLanguageGuess.language(tag: "", code: "import os\n\ndef run(cmd):\n    os.system(cmd)\n") == .python)
        #expect(CodeLanguageGuess.language(tag: "", code: "#include <stdio.h>\nint main(void) {\n  return 0;\n}\n") == .c)
        #expect(CodeLanguageGuess.language(tag: "", code: "#include <iostream>\nint main() {\n  std::cout << 1;\n}\n") == .cpp)
        #expect(CodeLanguageGuess.language(tag: "", code: "const x = require('fs');\nfunction f() {\n}\n") == .javascript)
        #expect(CodeLanguageGuess.language(tag: "", code: "package handlers\n\nfunc Run(w http.ResponseWriter) {\n}\n") == .go)
        #expect(CodeLanguageGuess.language(tag: "", code: "import java.io.File;\npublic class A {\n}\n") == .java)
        #expect(CodeLanguageGuess.language(tag: "", code: "<?php\necho $x;\n") == .php)
        // Braces with no language's own marker stay unplaced rather than scanned as a guess.
        #expect(CodeLanguageGuess.language(tag: "", code: "x = f(y);\nif (x) {\n}\n") == nil)
        #expect(CodeLanguageGuess.language(tag: "Python3", code: "") == .python)
        #expect(CodeLanguageGuess.language(tag: "rust", code: "fn main() {}") == nil)
    }

    @Test("Server-sent events are cut at blank lines whatever the chunking, CRLF included")
    func serverSentEvents() {
        let stream = "data: {\"a\":1}\n\n: keep-alive\n\ndata: line one\r\ndata: line two\r\n\r\ndata: [DONE]\n\n"
        let bytes = Array(stream.utf8)
        for size in [1, 2, 3, 7, bytes.count] {
            var reader = ServerSentEventReader()
            var events: [ServerSentEvent] = []
            var start = 0
            while start < bytes.count {
                events += reader.append(bytes[start..<min(start + size, bytes.count)])
                start += size
            }
            events += reader.finish()
            #expect(events.map(\.data) == ["{\"a\":1}", nil, "line one\nline two", "[DONE]"], "chunks of \(size)")
            #expect(events.flatMap(\.raw) == bytes, "chunks of \(size)")
        }
        var reader = ServerSentEventReader()
        #expect(reader.append(Array("data: tail".utf8)).isEmpty)
        #expect(reader.finish().map(\.data) == ["tail"])
    }

    @Test("JSON values carry their byte ranges; strings decode escapes and surrogate pairs")
    func rawJSON() throws {
        let text = #"{"a" : [1, -2.5e3, true, null], "s": "q\"\\\/\n\u00e9\ud83d\ude00", "o": {"k": "v"}}"#
        let bytes = Array(text.utf8)
        let json = try #require(RawJSON.parse(bytes))
        #expect(json["s"]?.string == "q\"\\/\né😀")
        #expect(json["a"]?.elements.count == 4)
        #expect(json["a"]?.elements.first?.int(in: bytes) == 1)
        #expect(json["o"]?["k"]?.text(in: bytes) == "\"v\"")
        let spliced = bytes.replacing([(try #require(json["o"]?["k"]).range, "\"w\"")])
        #expect(String(decoding: spliced, as: UTF8.self) == text.replacingOccurrences(of: "\"v\"", with: "\"w\""))
        for bad in ["", "{", "[1,]", "{\"a\":}", "01", "\"\u{01}\"", "[1] x", "tru"] {
            #expect(RawJSON.parse(Array(bad.utf8)) == nil, "\(bad)")
        }
        #expect(RawJSON.parse(Array((String(repeating: "[", count: 300) + String(repeating: "]", count: 300)).utf8)) == nil)
    }

    @Test("Hop-by-hop headers and those the Connection header names are not forwarded")
    func hopByHop() {
        var fields = HTTPFields()
        for (name, value) in [("Authorization", "Bearer sk-1"), ("Connection", "keep-alive, X-Private"), ("X-Private", "1"),
                              ("Keep-Alive", "timeout=5"), ("TE", "trailers"), ("Accept-Encoding", "gzip"), ("X-Api-Key", "k"),
                              ("Host", "proxy"), ("Content-Length", "3")] {
            fields.append(HTTPField(name: HTTPField.Name(name)!, value: value))
        }
        let forwarded = ForwardedHeaders.request(fields, dropEncoding: true)
        #expect(forwarded.map(\.name).map { $0.lowercased() } == ["authorization", "x-api-key"])
        #expect(forwarded["Authorization"] == ["Bearer sk-1"])
    }
}
