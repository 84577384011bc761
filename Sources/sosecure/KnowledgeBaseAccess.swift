import Foundation
import SOSecureKnowledge
import SOSecureRemediation

/// How `fix` and `repl` open the default knowledge base for retrieval.
enum KnowledgeBaseAccess {
    /// The default knowledge base (`--db`, else `SOSECURE_KB`, else the cache), synchronized with the shipped
    /// entries. When it cannot be opened the command still runs, without community evidence, and says so once.
    static func retriever(db: String?, command: String) -> (any DiscussionRetriever)? {
        do {
            let store = try KnowledgeStore(path: DefaultKnowledgeBase.databasePath(override: db))
            try DefaultKnowledgeBase.synchronize(store)
            return KnowledgeSearch(store: store)
        } catch {
            FileHandle.standardError.write(Data("sosecure \(command): knowledge base unavailable, continuing without community evidence: \(error)\n".utf8))
            return nil
        }
    }
}
