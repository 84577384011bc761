import Foundation
import SOSecureCore
import SOSecureRemediation
import SOSecureRules
import SOSecureSelfPlay
import SOSecureTestSupport

/// Shared material of the self-play tests: a task with a secure reference, the continuations a scripted
/// model answers per prefix, and a runner wired to a loopback server.
enum SelfPlayFixtures {
    /// Two risk points: `cur.execute` on line 7 and `conn.execute` on line 15.
    static let reference = """
    import sqlite3


    def find_user(db_path, name):
        conn = sqlite3.connect(db_path)
        cur = conn.cursor()
        cur.execute("SELECT id, email FROM users WHERE name = ?", (name,))
        row = cur.fetchone()
        conn.close()
        return row


    def count_users(db_path):
        conn = sqlite3.connect(db_path)
        total = conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]
        conn.close()
        return total

    """

    static let task = CodingTask(id: "sql-lookup", language: .python,
                                 prompt: "Write find_user(db_path, name) returning a user's id and email,\nand count_users(db_path).",
                                 reference: reference, cwes: [89], line: 1)

    // Continuations of find_user from line 7. Each runs past the function, as models do.
    static let secureLookup = """
        cur.execute("SELECT id, email FROM users WHERE name = :name", {"name": name})
        row = cur.fetchone()
        conn.close()
        return row


    if __name__ == "__main__":
        print(find_user("app.db", "alice"))

    """
    static let vulnerableLookup = """
        cur.execute(f"SELECT id, email FROM users WHERE name = '{name}'")
        return cur.fetchone()

    """
    static let brokenLookup = """
        cur.execute("SELECT id, email FROM users WHERE name = ?" (name,)
        return cur.fetchone(

    """

    // Continuations of count_users from line 15.
    static let secureCount = """
        total = conn.execute("SELECT COUNT(*) FROM users WHERE active = ?", (1,)).fetchone()[0]
        conn.close()
        return total

    """
    static let vulnerableCount = """
        total = conn.execute("SELECT COUNT(*) FROM users WHERE name LIKE '%" + db_path + "%'").fetchone()[0]
        return total

    """

    /// The code a request continues: the `/completions` prompt, or the chat message's code block.
    static func prefix(of request: ScriptedOpenAIServer.RecordedRequest) -> String {
        if let prompt = request.json?["prompt"] as? String { return prompt }
        let user = request.messages.last?.content ?? ""
        guard let open = user.range(of: "```python\n") else { return "" }
        let rest = user[open.upperBound...]
        return String(rest[..<(rest.range(of: "```", options: .backwards)?.lowerBound ?? rest.endIndex)])
    }

    /// Answers in turn, per prefix kind: the lookup prefix gets `lookups`, the count prefix gets `counts`.
    final class Script: @unchecked Sendable {
        private let lock = NSLock()
        private var served: [String: Int] = [:]
        let lookups: [String]
        let counts: [String]

        init(lookups: [String], counts: [String]) {
            self.lookups = lookups
            self.counts = counts
        }

        /// The next continuation for `prefix`, or nil for a prefix the script does not know.
        func next(for prefix: String) -> String? {
            let key: String
            let answers: [String]
            if prefix.hasSuffix("    cur = conn.cursor()\n") {
                (key, answers) = ("lookup", lookups)
            } else if prefix.hasSuffix("def count_users(db_path):\n    conn = sqlite3.connect(db_path)\n") {
                (key, answers) = ("count", counts)
            } else {
                return nil
            }
            return lock.withLock {
                let index = served[key, default: 0]
                served[key] = index + 1
                return answers[index % answers.count]
            }
        }
    }

    /// A responder that plays `script` over `/completions`, or over chat (fenced) when `completions` is false,
    /// in which case `/completions` answers 404 like a chat-only server.
    static func responder(_ script: Script, completions: Bool)
        -> @Sendable (ScriptedOpenAIServer.RecordedRequest) -> ScriptedOpenAIServer.Response?
    {
        return { request in
            if request.path.hasSuffix("/completions") && !request.path.hasSuffix("/chat/completions") {
                guard completions else { return .error(status: 404, message: "404 page not found") }
                return script.next(for: prefix(of: request)).map { .textCompletion($0) }
                    ?? .error(status: 400, message: "unexpected prefix")
            }
            guard let continuation = script.next(for: prefix(of: request)) else { return nil }
            return .completion("Here is the rest:\n```python\n\(continuation)```\n")
        }
    }

    static func judge() throws -> RevisionJudge {
        RevisionJudge(rules: try RuleLoader.builtIn())
    }

    static func runner(_ server: ScriptedOpenAIServer, configuration: SelfPlayConfiguration,
                       judge: RevisionJudge) -> SelfPlayRunner {
        let settings = LLMSettings(baseURL: server.baseURL, model: "scripted-coder", temperature: 1, timeoutSeconds: 60, maxRetries: 0)
        let chat = OpenAICompatibleClient(settings: settings)
        let sampler = ContinuationSampler(completion: TextCompletionClient(settings: settings), chat: chat,
                                          options: TextCompletionOptions(temperature: 1, topP: 0.95, maxTokens: 256))
        return SelfPlayRunner(judge: judge, sampler: sampler, chat: chat, configuration: configuration)
    }
}
