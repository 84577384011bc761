import ArgumentParser
import Foundation
import SOSecureRemediation
import SOSecureRules
import SOSecureServer

/// What the serving commands (`serve`, `proxy`, `mcp`) share: the pipeline they serve, built from the
/// config and rules of the working directory and the default knowledge base, and how a failure to start
/// or to serve ends the command.
enum PipelineSetup {
    /// The pipeline over `.`'s config and rules. `fix` gets the loaded config (for its `[llm]` table);
    /// `withoutKnowledge` says what the command does when the knowledge base cannot be opened.
    static func pipeline(ruleSetup: RuleSetup, db: String?, command: String, withoutKnowledge: String,
                         fix: (ScanConfig) -> FixSettings) throws -> SecurityPipeline {
        let settings = try ruleSetup.loadConfig(firstPath: ".")
        let rules = try RuleSetup.loadRules(settings)
        let knowledge = KnowledgeBaseAccess.search(db: db, command: command, withoutIt: withoutKnowledge)
        return try SecurityPipeline(rules: rules, config: settings, knowledge: knowledge, fix: fix(settings))
    }

    /// Runs `body`; any error is printed as `error: …` and ends the command with exit status 2.
    static func exitOnError<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
