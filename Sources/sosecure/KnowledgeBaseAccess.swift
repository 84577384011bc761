import Foundation
import SOSecureKnowledge
import SOSecureRemediation

/// How commands open the default knowledge base.
enum KnowledgeBaseAccess {
    /// The default knowledge base for `fix`, `repl` and `eval`; without it they run without community evidence.
    static func retriever(db: String?, command: String) -> (any DiscussionRetriever)? {
        search(db: db, command: command, withoutIt: "continuing without community evidence")
    }

    /// The default knowledge base (`--db`, else `SOSECURE_KB`, else the cache), synchronized with the shipped
    /// entries. When it cannot be opened the command still runs and says once what it does without it
    /// (`withoutIt`).
    static func search(db: String?, command: String, withoutIt: String) -> KnowledgeSearch? {
        do {
            let store = try KnowledgeStore(path: DefaultKnowledgeBase.databasePath(override: db))
            try DefaultKnowledgeBase.synchronize(store)
            return KnowledgeSearch(store: store)
        } catch {
            FileHandle.standardError.write(Data("sosecure \(command): knowledge base unavailable, \(withoutIt): \(error)\n".utf8))
            return nil
        }
    }
}
