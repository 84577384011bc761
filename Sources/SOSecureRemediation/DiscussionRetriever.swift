import SOSecureCore
import SOSecureKnowledge

/// Where the reviser gets community discussions for a piece of code and its findings.
public protocol DiscussionRetriever: Sendable {
    func discussions(code: String, language: Language, findings: [Finding], k: Int) throws -> [SearchHit]
}

extension KnowledgeSearch: DiscussionRetriever {
    public func discussions(code: String, language: Language, findings: [Finding], k: Int) throws -> [SearchHit] {
        let query = KnowledgeQuery(code: code, language: language, findings: findings.map { KnowledgeQuery.FindingHint($0) }, k: k)
        return try search(query).results
    }
}
