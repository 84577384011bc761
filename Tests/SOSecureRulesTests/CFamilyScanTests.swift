import Foundation
import SOSecureCore
import Testing
@testable import SOSecureRules

/// Language dispatch in the scan runner: a mixed folder scans each file with its own language's rules,
/// and Markdown code blocks are scanned as their fence language with positions in the Markdown file.
@Suite("C-family scanning")
struct CFamilyScanTests {
    static let rules: [Rule] = (try? RuleLoader.builtIn()) ?? []

    final class Folder {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("sosecure-cfamily-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        func write(_ name: String, _ text: String) throws {
            let file = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    static let python = """
    import os
    from flask import request

    def ping():
        host = request.args.get("host")
        os.system("ping -c 1 " + host)
    """
    static let javascript = """
    const { exec } = require("child_process");
    app.get("/run", (req, res) => {
      const cmd = req.query.cmd;
      exec(cmd);
      res.send(eval(req.body.expr));
    });
    """
    static let c = """
    #include <stdio.h>
    int main(int argc, char **argv) {
        char name[16];
        gets(name);
        printf(argv[1]);
        return 0;
    }
    """
    static let go = """
    package main

    import "crypto/tls"

    var config = &tls.Config{InsecureSkipVerify: true}
    """

    static func scan(_ folder: Folder) -> ScanOutcome {
        let discovery = FileDiscovery(languages: Set(Language.allCases), includeMarkdown: true).discover([folder.url.path])
        return ScanRunner(rules: rules, config: ScanConfig(), threads: 2).scan(paths: discovery.files.map(\.path))
    }

    static func byFile(_ outcome: ScanOutcome) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for finding in outcome.findings.sorted(by: { ($0.path, $0.start.line) < ($1.path, $1.start.line) }) {
            result[URL(fileURLWithPath: finding.path).lastPathComponent, default: []].append("\(finding.start.line):\(finding.ruleID)")
        }
        return result
    }

    @Test("a mixed folder is scanned file by file with each language's rules")
    func mixedFolder() throws {
        let folder = try Folder()
        try folder.write("app.py", Self.python)
        try folder.write("web/server.js", Self.javascript)
        try folder.write("tool.c", Self.c)
        try folder.write("net/client.go", Self.go)
        try folder.write("notes.txt", "eval(request)\n")
        let outcome = Self.scan(folder)
        #expect(outcome.filesScanned == 4)
        #expect(outcome.issues.isEmpty, "\(outcome.issues)")
        let found = Self.byFile(outcome)
        #expect(found["app.py"] == ["6:shell-command-with-untrusted-input"], "\(found)")
        #expect(found["server.js"] == ["4:js-child-process-with-request-data", "5:js-eval-of-dynamic-code"], "\(found)")
        #expect(found["tool.c"] == ["4:c-gets-call", "5:c-format-string-not-literal"], "\(found)")
        #expect(found["client.go"] == ["5:go-tls-insecure-skip-verify"], "\(found)")
        #expect(found["notes.txt"] == nil)
        let taint = try #require(outcome.findings.first { $0.ruleID == "js-child-process-with-request-data" })
        #expect(taint.dataflow.map(\.role) == [.source, .propagation, .sink])
        #expect(taint.dataflow.map(\.location.line) == [3, 3, 4])
    }

    @Test("fenced Markdown blocks are scanned with their fence language; findings point into the .md file")
    func markdownBlocks() throws {
        let folder = try Folder()
        let markdown = """
        # Snippets — überall 🚀

        Python first:

        ```python
        \(Self.python)
        ```

        Then JavaScript, indented in a list:

        - item
          ```js
          const { exec } = require("child_process");
          document.write(location.hash);
          ```

        ```text
        eval(anything)
        ```

        ~~~c++
        int main() { char b[8]; gets(b); }
        ~~~
        """
        try folder.write("README.md", markdown)
        let outcome = Self.scan(folder)
        #expect(outcome.filesScanned == 1)
        let found = Self.byFile(outcome)
        #expect(found["README.md"] == ["11:shell-command-with-untrusted-input", "19:js-html-injection-sink", "27:c-gets-call"], "\(found)")
        let index = LineIndex(Array(markdown.utf8))
        for finding in outcome.findings {
            // Columns count UTF-8 bytes of the Markdown line, so line and column lead back to the flagged code.
            #expect(index.offset(line: finding.start.line, column: finding.start.column) == finding.range.start, "\(finding.ruleID) at \(finding.start)")
            #expect(index.offset(line: finding.end.line, column: finding.end.column) == finding.range.end, "\(finding.ruleID) ends at \(finding.end)")
            #expect(finding.path.hasSuffix("README.md"))
        }
        let js = try #require(outcome.findings.first { $0.ruleID == "js-html-injection-sink" })
        #expect(js.start.column == 3)
        #expect(Self.code(of: js, in: markdown) == "document.write(location.hash)")
    }

    static func code(of finding: Finding, in text: String) -> String {
        let bytes = Array(text.utf8)
        return String(decoding: bytes[finding.range.start..<finding.range.end], as: UTF8.self)
    }

    @Test("standard input is scanned as the language it is named")
    func sourceLanguage() throws {
        let runner = ScanRunner(rules: Self.rules, config: ScanConfig(), threads: 1)
        let stdin = SourceFile(path: "<stdin>", text: "<?php\nextract($_GET);\n")
        let asPHP = runner.scan(paths: [], sources: [stdin], sourceLanguage: .php)
        #expect(asPHP.findings.map(\.ruleID) == ["php-extract-request-data"])
        let asPython = runner.scan(paths: [], sources: [stdin])
        #expect(asPython.findings.isEmpty)
        #expect(runner.rulesRun == Self.rules.count)
    }

    @Test("a minified file is reported, not matched; a normal file with the same code is scanned")
    func minifiedFileIsSkipped() throws {
        let runner = ScanRunner(rules: Self.rules, config: ScanConfig(), threads: 1)
        let unit = "function h(q){eval(q);return q}"
        let minified = String(repeating: unit, count: ScanRunner.minifiedLineBytes / unit.utf8.count + 1)
        let bundle = runner.scan(paths: [], sources: [SourceFile(path: "bundle.min.js", text: minified + "\n")])
        #expect(bundle.findings.isEmpty)
        #expect(bundle.issues.count == 1)
        #expect(bundle.issues.first?.message.hasPrefix("looks minified (a line of") == true)
        let readable = runner.scan(paths: [], sources: [SourceFile(path: "app.js", text: "function h(q) {\n  eval(q);\n}\n")])
        #expect(readable.findings.map(\.ruleID) == ["js-eval-of-dynamic-code"])
        #expect(readable.issues.isEmpty)
    }

    @Test("a suppression on the first line of a multi-line statement silences a finding on a later line")
    func statementSuppression() throws {
        let folder = try Folder()
        try folder.write("page.js", """
        const page = wrap(  // sosecure: ignore[js-html-injection-sink] reviewed
          document.write(userHtml));
        other.innerHTML = render(data);
        if (ready) {
          sink(
            document.write(more));
        }
        """)
        let outcome = Self.scan(folder)
        #expect(outcome.findings.map(\.start.line) == [3, 6])
        #expect(outcome.suppressed == 1)
    }
}
