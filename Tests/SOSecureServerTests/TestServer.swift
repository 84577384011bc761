import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SOSecureCore
import SOSecureKnowledge
import SOSecureRules
@testable import SOSecureServer

/// The pipeline every server test shares: built-in rules and a knowledge base built from the default
/// sources into a temporary file, made once because loading both takes seconds in a debug build.
enum SharedPipeline {
    static let pipeline: SecurityPipeline = {
        do {
            let rules = try RuleLoader.builtIn()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sosecure-serve-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let store = try KnowledgeStore(path: directory.appendingPathComponent("kb.sqlite").path)
            _ = try DefaultKnowledgeBase.synchronize(store)
            return try SecurityPipeline(rules: rules, config: ScanConfig(), knowledge: KnowledgeSearch(store: store))
        } catch {
            fatalError("cannot build the test pipeline: \(error)")
        }
    }()
}

/// A server on 127.0.0.1 and an ephemeral port, run inside the test process.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class TestServer: Sendable {
    let server: APIServer
    let port: Int
    let task: Task<Void, any Error>

    var base: String { "http://127.0.0.1:\(port)" }

    private init(server: APIServer, port: Int, task: Task<Void, any Error>) {
        self.server = server
        self.port = port
        self.task = task
    }

    static func start(_ configure: (inout APIServerConfiguration) -> Void = { _ in },
                      pipeline: SecurityPipeline = SharedPipeline.pipeline) async throws -> TestServer {
        var configuration = APIServerConfiguration(host: "127.0.0.1", port: 0, workers: 2)
        configure(&configuration)
        let server = APIServer(configuration: configuration, pipeline: pipeline)
        let (port, task) = try await InProcessServer.start("server") { onListening in
            try await server.run(handleSignals: false, onListening: onListening)
        }
        return TestServer(server: server, port: port, task: task)
    }

    /// Graceful shutdown, waiting for `run` to return.
    func stop() async throws {
        await server.shutdown()
        try await task.value
    }

    /// One request over real HTTP; returns status, headers and body text.
    func request(_ method: HTTPMethod, _ path: String, body: String? = nil, headers: [(String, String)] = [("Content-Type", "application/json")],
                 timeout: Int64 = 60) async throws -> HTTPReply {
        try await InProcessServer.request(base, method, path, body: body, headers: headers, timeout: timeout)
    }

    func post(_ path: String, json: String, headers: [(String, String)] = [("Content-Type", "application/json")]) async throws -> HTTPReply {
        try await request(.POST, path, body: json, headers: headers)
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> HTTPReply {
        try await request(.GET, path, headers: headers)
    }
}

struct HTTPReply: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let text: String

    /// The body parsed as a JSON object (fails the test when it is not one).
    func object() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw TestFailure("body is not a JSON object: \(text.prefix(300))")
        }
        return object
    }

    func array() throws -> [[String: Any]] {
        guard let array = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
            throw TestFailure("body is not a JSON array of objects: \(text.prefix(300))")
        }
        return array
    }

    /// The `{"error": {"code", "message"}}` body every failure has; nil when the shape is different.
    func error() -> (code: String, message: String)? {
        guard let object = try? object(), object.count == 1, let error = object["error"] as? [String: Any], error.count == 2,
              let code = error["code"] as? String, let message = error["message"] as? String else { return nil }
        return (code, message)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Builds a JSON request body with proper escaping.
func jsonBody(_ object: [String: Any]) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

enum Snippets {
    static let unsafeYAML = "import yaml\n\ndef load(path):\n    with open(path) as fh:\n        return yaml.unsafe_load(fh)\n"
    static let shell = "import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n"
    static let clean = "def add(a, b):\n    return a + b\n"
    /// js-eval-of-dynamic-code on line 5.
    static let javascriptEval = """
    const express = require("express");
    const app = express();

    app.get("/calc", (req, res) => {
      const result = eval(req.query.expression);
      res.send(String(result));
    });

    """
    /// go-weak-hash on line 6.
    static let goWeakHash = "package main\n\nimport \"crypto/md5\"\n\nfunc checksum(data []byte) []byte {\n\tsum := md5.Sum(data)\n\treturn sum[:]\n}\n"
}
