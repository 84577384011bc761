import Foundation
import Testing
import SOSecureCore
import SOSecurePython

/// Per-area fixtures under `Fixtures/parser/`:
/// - `valid/*.py`: parse without errors and dump exactly as CPython's `ast.dump` at test time;
/// - `valid312/*.py`: Python 3.12-only syntax (PEP 695, PEP 701) with the expected dump in `*.dump`;
/// - `invalid/*.txt`: snippets under `#### line:column message` headers; the first error
///   must be exactly that, and CPython must reject the snippet as well.
@Suite("Parser fixtures")
struct ParserFixtureTests {
    @Test("valid fixtures dump exactly as CPython does")
    func validFixtures() throws {
        let urls = try ParserFixtures.files(in: "valid", extension: "py")
        #expect(urls.count >= 5)
        let sources = try urls.map { try String(contentsOf: $0, encoding: .utf8) }
        let expected = try CPythonReference.dumps(of: sources)
        for (url, (source, cpython)) in zip(urls, zip(sources, expected)) {
            let result = ParserFixtures.parse(source)
            #expect(result.errors.isEmpty, "\(url.lastPathComponent): \(result.errors.map(\.description))")
            guard let cpython else {
                Issue.record("\(url.lastPathComponent): CPython rejects a valid fixture")
                continue
            }
            let ours = CPythonDump.dump(result.module, text: result.text)
            #expect(ours == cpython, "\(url.lastPathComponent) dump differs")
        }
    }

    @Test("Python 3.12-only fixtures match their expected dumps")
    func python312Fixtures() throws {
        let urls = try ParserFixtures.files(in: "valid312", extension: "py")
        #expect(urls.count >= 2)
        for url in urls {
            let source = try String(contentsOf: url, encoding: .utf8)
            let expected = try String(contentsOf: url.deletingPathExtension().appendingPathExtension("dump"), encoding: .utf8)
            let result = ParserFixtures.parse(source)
            #expect(result.errors.isEmpty, "\(url.lastPathComponent): \(result.errors.map(\.description))")
            let ours = CPythonDump.dump(result.module, text: result.text)
            #expect(ours == expected.trimmingCharacters(in: .newlines), "\(url.lastPathComponent): \(ours)")
        }
    }

    @Test("invalid snippets fail at the expected line and column, and CPython rejects them too")
    func invalidFixtures() throws {
        var snippets: [ParserFixtures.Snippet] = []
        for url in try ParserFixtures.files(in: "invalid", extension: "txt") {
            snippets.append(contentsOf: try ParserFixtures.snippets(in: url, marker: "####"))
        }
        #expect(snippets.count >= 30)
        let cpython = try CPythonReference.dumps(of: snippets.map(\.source))
        for (snippet, verdict) in zip(snippets, cpython) {
            let result = ParserFixtures.parse(snippet.source)
            #expect(result.errors.first?.description == snippet.header,
                    "\(snippet): got \(result.errors.map(\.description))")
            #expect(verdict == nil, "\(snippet): CPython accepts it")
        }
    }
}
