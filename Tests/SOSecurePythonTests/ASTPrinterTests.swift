import Foundation
import SOSecureCore
import Testing
@testable import SOSecurePython

@Suite struct ASTPrinterTests {
    let module = VisitorSampleTree.module
    let lineIndex = LineIndex(Array(VisitorSampleTree.source.utf8))

    @Test func textTreeShowsFieldsKindsRangesAndScalars() {
        let expected = """
        Module
          body[0]: FunctionDef 2:1-4:62 name=handler
            args: arguments
              args[0]: arg 2:13-2:20 arg=request
              kwonlyargs[0]: arg 2:25-2:35 arg=limit
                annotation: Name 2:32-2:35 id=int ctx=Load
              kw_defaults[0]: Constant 2:38-2:40 value=10
            body[0]: Assign 3:5-3:40
              targets[0]: Name 3:5-3:8 id=cmd ctx=Store
              value: JoinedStr 3:11-3:40
                values[0]: Constant 3:13-3:16 value='ls '
                values[1]: FormattedValue 3:16-3:39 conversion=114
                  value: Subscript 3:17-3:36 ctx=Load
                    value: Attribute 3:17-3:29 attr=args ctx=Load
                      value: Name 3:17-3:24 id=request ctx=Load
                    slice: Constant 3:30-3:35 value='dir'
            body[1]: Return 4:5-4:62
              value: IfExp 4:12-4:62
                test: Name 4:47-4:52 id=limit ctx=Load
                body: Call 4:12-4:43
                  func: Attribute 4:12-4:26 attr=run ctx=Load
                    value: Name 4:12-4:22 id=subprocess ctx=Load
                  args[0]: Name 4:27-4:30 id=cmd ctx=Load
                  keywords[0]: keyword 4:32-4:42 arg=shell
                    value: Constant 4:38-4:42 value=True
                orelse: Constant 4:58-4:62 value=None
            decorator_list[0]: Call 1:2-1:37
              func: Attribute 1:2-1:11 attr=route ctx=Load
                value: Name 1:2-1:5 id=app ctx=Load
              args[0]: Constant 1:12-1:18 value='/run'
              keywords[0]: keyword 1:20-1:36 arg=methods
                value: List 1:28-1:36 ctx=Load
                  elts[0]: Constant 1:29-1:35 value='POST'

        """
        #expect(ASTTextPrinter.render(.module(module), lineIndex: lineIndex) == expected)
    }

    @Test func textTreeColoursOnlyWhenAsked() {
        let plain = ASTTextPrinter.render(.module(module), lineIndex: lineIndex)
        let coloured = ASTTextPrinter.render(.module(module), lineIndex: lineIndex, color: true)
        #expect(!plain.contains("\u{1B}["))
        #expect(coloured.contains("\u{1B}[1mFunctionDef\u{1B}[0m"))
        // Stripping the escapes gives back the plain tree.
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plain)
    }

    @Test func textTreeShowsNoneEntriesOfListsAndSkipsEmptyOnes() {
        // {**base, "k": v}
        let r = TextRange(start: 0, end: 1)
        let dict = Expr(.dict(
            keys: [nil, Expr(.constant(value: .string("k"), kind: nil), r)],
            values: [Expr(.name(id: "base", ctx: .load), r), Expr(.name(id: "v", ctx: .load), r)]), r)
        let text = ASTTextPrinter.render(.expr(dict), lineIndex: LineIndex(Array("x".utf8)))
        #expect(text == """
        Dict 1:1-1:2
          keys[0]: None
          keys[1]: Constant 1:1-1:2 value='k'
          values[0]: Name 1:1-1:2 id=base ctx=Load
          values[1]: Name 1:1-1:2 id=v ctx=Load

        """)
    }

    @Test func jsonIsValidAndCarriesCPythonFieldNames() throws {
        let errors = [PythonSyntaxError(message: "expected ':'", range: TextRange(start: 3, end: 4),
                                        location: SourceLocation(line: 1, column: 4, utf16Column: 4))]
        let json = ASTJSONPrinter.renderFile(path: "sample.py", module: module, lineIndex: lineIndex, errors: errors)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["path"] as? String == "sample.py")
        let ast = try #require(document["ast"] as? [String: Any])
        #expect(ast["type"] as? String == "Module")
        #expect(ast["range"] is NSNull)
        let body = try #require((ast["fields"] as? [String: Any])?["body"] as? [[String: Any]])
        let function = try #require(body.first)
        #expect(function["type"] as? String == "FunctionDef")
        let fields = try #require(function["fields"] as? [String: Any])
        #expect(fields["name"] as? String == "handler")
        #expect(fields["returns"] is NSNull)
        #expect((fields["type_params"] as? [Any])?.isEmpty == true)
        #expect((fields["decorator_list"] as? [Any])?.count == 1)
        let range = try #require(function["range"] as? [String: Any])
        #expect(range["byteStart"] as? Int == VisitorSampleTree.at("def handler").start)
        #expect((range["start"] as? [String: Int]) == ["line": 2, "column": 1])
        #expect((range["end"] as? [String: Int]) == ["line": 4, "column": 62])
        let reportedErrors = try #require(document["errors"] as? [[String: Any]])
        #expect(reportedErrors.first?["message"] as? String == "expected ':'")
    }

    @Test func jsonFieldOrderFollowsCPython() {
        let json = ASTJSONPrinter.render(.module(module), lineIndex: lineIndex)
        let order = ["\"name\": \"handler\"", "\"args\": {", "\"body\": [", "\"decorator_list\": [", "\"returns\": null", "\"type_params\": []"]
        // Each key must appear after the previous one, starting from the function's name.
        var cursor = json.startIndex
        for key in order {
            let found = json.range(of: key, range: cursor..<json.endIndex)
            #expect(found != nil, "\(key) missing or out of order")
            cursor = found?.upperBound ?? cursor
        }
    }

    @Test func jsonConstantsUseJSONValuesWherePossible() throws {
        let r = TextRange(start: 0, end: 1)
        let values: [ConstantValue] = [
            .none, .bool(false), .int("0x1F"), .int("123456789012345678901234567890"), .float(2.5),
            .string("a\"b\n"), .bytes([0, 65]), .imaginary(3), .ellipsis, .float(.infinity),
        ]
        let list = Expr(.list(elts: values.map { Expr(.constant(value: $0, kind: nil), r) }, ctx: .load), r)
        let json = ASTJSONPrinter.render(.expr(list), lineIndex: LineIndex(Array("x".utf8)))
        let node = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let elts = try #require((node["fields"] as? [String: Any])?["elts"] as? [[String: Any]])
        let decoded = elts.map { ($0["fields"] as? [String: Any])?["value"] }
        #expect(decoded[0] is NSNull)
        #expect(decoded[1] as? Bool == false)
        #expect(decoded[2] as? Int == 31)
        #expect(json.contains("\"value\": 123456789012345678901234567890,"))
        #expect(decoded[4] as? Double == 2.5)
        #expect(decoded[5] as? String == "a\"b\n")
        #expect((decoded[6] as? [String: String]) == ["pythonType": "bytes", "repr": "b'\\x00A'"])
        #expect((decoded[7] as? [String: String]) == ["pythonType": "complex", "repr": "3j"])
        #expect((decoded[8] as? [String: String]) == ["pythonType": "ellipsis", "repr": "Ellipsis"])
        #expect((decoded[9] as? [String: String]) == ["pythonType": "float", "repr": "inf"])
    }

    @Test func dotHasOneBoxPerNodeAndLabelledEdges() {
        let dot = ASTDotPrinter.render(.module(module), lineIndex: lineIndex, graphName: "sample.py")
        let lines = dot.split(separator: "\n").map(String.init)
        let boxes = lines.filter { $0.contains(" [label=\"") && !$0.contains("->") }
        let edges = lines.filter { $0.contains("->") }
        #expect(boxes.count == VisitorSampleTree.walkOrder.count)
        #expect(edges.count == boxes.count - 1)
        #expect(dot.hasPrefix("digraph \"sample.py\" {\n"))
        #expect(dot.hasSuffix("}\n"))
        #expect(lines.contains("  n1 -> n26 [label=\"decorator_list[0]\"];"))
        #expect(lines.contains("  n20 [label=\"Attribute\\nattr=run\\nctx=Load\\n4:12-4:26\"];"))
    }

    @Test func dotEscapesQuotesAndBackslashesAndShortensLongValues() {
        let r = TextRange(start: 0, end: 1)
        let text = "say \"hi\"\\" + String(repeating: "x", count: 100)
        let dot = ASTDotPrinter.render(.expr(Expr(.constant(value: .string(text), kind: nil), r)),
                                       lineIndex: LineIndex(Array("x".utf8)), graphName: "a\"b")
        #expect(dot.hasPrefix("digraph \"a\\\"b\" {"))
        // repr gives 'say "hi"\\xxx…'; DOT then escapes the quotes and both backslashes.
        #expect(dot.contains("label=\"Constant\\nvalue='say \\\"hi\\\"\\\\\\\\xxx"))
        #expect(dot.contains("…\\n1:1-1:2\"]"))
    }

    @Test(.enabled(if: GraphvizTool.path != nil, "Graphviz `dot` is not installed"))
    func dotRendersWithGraphviz() throws {
        let dot = ASTDotPrinter.render(.module(module), lineIndex: lineIndex, graphName: "sample.py")
        let svg = try GraphvizTool.render(dot)
        #expect(svg.contains("<svg"))
        #expect(svg.contains("FunctionDef"))
        #expect(svg.contains("decorator_list[0]"))
    }

    @Test func deepTreesPrintWithoutOverflowAndWithBoundedIndentation() throws {
        let depth = DeepTree.printerDepth
        let lineIndex = LineIndex(Array(DeepTree.source(depth).utf8))
        let text = ASTTextPrinter.render(.expr(DeepTree.printerChain), lineIndex: lineIndex)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2 * depth + 1)
        #expect(lines.map(\.utf8.count).max() ?? 0 < 2 * ASTTextPrinter.maxIndentDepth + 80)
        #expect(lines.contains { $0.contains("[depth \(depth)] left: Name 1:1-1:2 id=x") })
        let json = ASTJSONPrinter.render(.expr(DeepTree.printerChain), lineIndex: lineIndex)
        #expect(json.utf8.filter { $0 == UInt8(ascii: "{") }.count == json.utf8.filter { $0 == UInt8(ascii: "}") }.count)
        let dot = ASTDotPrinter.render(.expr(DeepTree.printerChain), lineIndex: lineIndex, graphName: "deep")
        #expect(dot.split(separator: "\n").filter { $0.contains("->") }.count == 2 * depth)
    }
}

/// Finds and runs Graphviz's `dot`.
enum GraphvizTool {
    static let path: String? = ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static func render(_ dot: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "dot")
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Write on another thread: a large graph can fill the output pipe before input is consumed.
        let data = Data(dot.utf8)
        let writer = Thread {
            input.fileHandleForWriting.write(data)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            throw GraphvizError(message: String(decoding: stderr, as: UTF8.self))
        }
        return String(decoding: svg, as: UTF8.self)
    }

    struct GraphvizError: Error, CustomStringConvertible {
        let message: String
        var description: String { "dot failed: \(message)" }
    }
}
