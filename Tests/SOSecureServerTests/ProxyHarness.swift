import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
@testable import SOSecureServer

/// `sosecure proxy` on 127.0.0.1 and an ephemeral port in front of a scripted upstream, run inside
/// the test process with the shared pipeline (built-in rules and the default knowledge base).
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class ProxyHarness: Sendable {
    let server: ProxyServer
    let port: Int
    let task: Task<Void, any Error>

    var base: String { "http://127.0.0.1:\(port)" }

    private init(server: ProxyServer, port: Int, task: Task<Void, any Error>) {
        self.server = server
        self.port = port
        self.task = task
    }

    static func start(upstream: String, mode: ProxyMode, timeout: Double = 60,
                      _ configure: (inout ProxyConfiguration) -> Void = { _ in }) async throws -> ProxyHarness {
        var configuration = ProxyConfiguration(upstream: URL(string: upstream)!, port: 0, mode: mode, timeout: timeout, workers: 2)
        configure(&configuration)
        let server = ProxyServer(configuration: configuration, pipeline: SharedPipeline.pipeline)
        let (port, task) = try await InProcessServer.start("proxy") { onListening in
            try await server.run(handleSignals: false, onListening: onListening)
        }
        return ProxyHarness(server: server, port: port, task: task)
    }

    static func start(upstream: ScriptedModel, mode: ProxyMode, timeout: Double = 60,
                      _ configure: (inout ProxyConfiguration) -> Void = { _ in }) async throws -> ProxyHarness {
        try await start(upstream: upstream.base, mode: mode, timeout: timeout, configure)
    }

    func stop() async throws {
        await server.shutdown()
        try await task.value
    }

    /// One request over real HTTP; returns status, headers and the whole body.
    func request(_ method: HTTPMethod, _ path: String, body: String? = nil, headers: [(String, String)] = [("Content-Type", "application/json")],
                 timeout: Int64 = 120) async throws -> HTTPReply {
        try await InProcessServer.request(base, method, path, body: body, headers: headers, timeout: timeout)
    }

    /// `POST /v1/chat/completions` as an OpenAI client sends it.
    func chat(stream: Bool = false, model: String = "client-model", headers: [(String, String)] = []) async throws -> HTTPReply {
        let body = jsonBody(["model": model, "stream": stream, "messages": [["role": "user", "content": "Write me a config loader"]]])
        return try await request(.POST, "/v1/chat/completions", body: body, headers: [("Content-Type", "application/json")] + headers)
    }
}

/// A streamed reply read back: the JSON of each chunk, and whether `[DONE]` ended it.
struct StreamedReply {
    let chunks: [[String: Any]]
    let done: Bool
    /// Data of every event, as text.
    let data: [String]

    init(_ text: String) throws {
        var chunks: [[String: Any]] = []
        var data: [String] = []
        var done = false
        for event in text.components(separatedBy: "\n\n") where !event.isEmpty {
            let payload = event.split(separator: "\n").filter { $0.hasPrefix("data:") }
                .map { $0.dropFirst(5).drop(while: { $0 == " " }) }.joined(separator: "\n")
            data.append(payload)
            if payload == "[DONE]" {
                done = true
                continue
            }
            guard let object = try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any] else {
                throw TestFailure("event is not a JSON object: \(payload.prefix(200))")
            }
            chunks.append(object)
        }
        self.chunks = chunks
        self.done = done
        self.data = data
    }

    /// The content of each chunk's first choice, "" when it has none.
    var contents: [String] {
        chunks.map { chunk in
            let choice = (chunk["choices"] as? [[String: Any]])?.first
            return (choice?["delta"] as? [String: Any])?["content"] as? String ?? ""
        }
    }

    var answer: String { contents.joined() }
}

/// Answers the tests put in the scripted upstream's mouth.
enum ProxyAnswers {
    static let yamlCode = "import yaml\nconfig = yaml.load(open(\"c.yml\"))\n"
    static let yaml = "Here is a loader:\n\n```python\n\(yamlCode)```\n\nIt reads c.yml."
    static let shellCode = "import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n"
    static let shell = "Run it like this:\n```python\n\(shellCode)```\n"
    static let shellRevised = "import shlex\nimport subprocess\n\ndef run(cmd):\n    subprocess.call(shlex.split(cmd))\n"
    static let prose = "The capital of France is Paris. Use `print()` to show ``values``.\n\n- one\n- two\n"
    static let cleanCode = "Add them:\n```python\ndef add(a, b):\n    return a + b\n```\n"
    static let javascript = "In JS:\n```js\nconst result = eval(req.query.expression);\nres.send(String(result));\n```\n"
    static let cleanJavaScript = "In JS:\n```js\nconst total = items.reduce((a, b) => a + b, 0);\n```\n"
    /// A language SOSecure has no front end for.
    static let rust = "In Rust:\n```rust\nuse std::process::Command;\nfn run(cmd: &str) { Command::new(\"sh\").arg(\"-c\").arg(cmd).status(); }\n```\n"
}
