import Foundation
import SOSecureCore
import Testing
@testable import SOSecurePython

/// The walker over trees the parser built from real files: it must meet every node
/// CPython's `ast.walk` meets, and give children in the order they are written.
@Suite struct VisitorParsedTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let files = [
        "Examples/flask_upload.py",
        "Examples/report_worker.py",
        "Tests/SOSecureCLITests/Expected/ast-input.py",
    ]

    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    private func parse(_ relativePath: String) throws -> ParseResult {
        let file = try SourceFile.read(path: Self.repository.appendingPathComponent(relativePath).path)
        let result = PythonParser.parse(file)
        #expect(result.errors.isEmpty, "\(relativePath): \(result.errors)")
        return result
    }

    private func walkedKinds(_ module: Module) -> [String: Int] {
        var counts: [String: Int] = [:]
        module.walk(enter: { counts[$0.kindName, default: 0] += 1; return true })
        return counts
    }

    @Test(arguments: files)
    func walkerAndFieldTourAgree(_ path: String) throws {
        let module = try parse(path).module
        var toured: [String: Int] = [:]
        ASTNodeRef.module(module).forEachFieldEvent { event in
            if case let .beginNode(node) = event { toured[node.kindName, default: 0] += 1 }
        }
        #expect(walkedKinds(module) == toured)
    }

    @Test(arguments: files)
    func siblingsComeInSourceOrder(_ path: String) throws {
        let module = try parse(path).module
        // Nodes without a position (arguments, comprehension…) start where their first descendant does.
        func start(_ node: ASTNodeRef) -> Int? {
            if let range = node.range { return range.start }
            return node.children.lazy.compactMap(start).first
        }
        var checked = 0
        module.walk(enter: { node in
            let starts = node.children.compactMap(start)
            #expect(starts == starts.sorted(), "\(path): children of \(node.kindName) out of order: \(starts)")
            checked += 1
            return true
        })
        #expect(checked > 50)
    }

    @Test(.enabled(if: python != nil, "python3 is not installed"), arguments: ["Examples/flask_upload.py", "Examples/report_worker.py"])
    func walkerMeetsEveryNodePythonsAstWalkMeets(_ path: String) throws {
        let module = try parse(path).module
        let script = """
        import ast, collections, json, sys
        tree = ast.parse(open(sys.argv[1], 'rb').read())
        skip = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)
        print(json.dumps(collections.Counter(type(n).__name__ for n in ast.walk(tree) if not isinstance(n, skip))))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python ?? "python3")
        process.arguments = ["-c", script, Self.repository.appendingPathComponent(path).path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let reference = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Int])
        #expect(walkedKinds(module) == reference)
    }
}
