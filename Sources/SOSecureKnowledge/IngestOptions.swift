/// How `kb ingest` reads a dump and which answers it keeps.
public struct IngestOptions: Sendable {
    /// `Posts.xml`, `Posts.xml.gz` or `-` for standard input.
    public var postsPath: String
    /// `Comments.xml` (plain or gzip); without it only the answer's own text can pass the filter.
    public var commentsPath: String?
    /// Keep answers whose question carries at least one of these tags (empty: all).
    public var tags: Set<String> = []
    /// Drop answers scored below this.
    public var minScore: Int?
    public var vocabulary: SecurityVocabulary = .default
    public var languageMap: LanguageTagMap = .default
    /// Continue an interrupted ingest from its last committed batch instead of rebuilding.
    public var resume = false
    /// Rows per transaction; an interruption loses at most one batch of work.
    public var batchSize = 10_000
    /// Answer bodies larger than this are dropped (Stack Overflow's own limit is 30,000 characters).
    public var maxBodyBytes = 4 << 20
    /// Test hook: stop with `KnowledgeError.interrupted` after committing this many batches.
    public var stopAfterBatches: Int?
    /// Called after each batch and periodically while reading.
    public var progress: (@Sendable (IngestProgress) -> Void)?

    public init(postsPath: String, commentsPath: String? = nil) {
        self.postsPath = postsPath
        self.commentsPath = commentsPath
    }

    /// The origin label of entries from this dump: `dump:<file name>`.
    public var origin: String {
        if postsPath == "-" { return EntryOrigin.dump("stdin") }
        return EntryOrigin.dump(postsPath.split(separator: "/").last.map(String.init) ?? postsPath)
    }

    /// What must not change between a run and its `--resume`.
    var fingerprint: String {
        let vocabularyHash = vocabulary.words.sorted().joined(separator: ",").hashValueStable
        let mapHash = languageMap.tags.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.key.rawValue)=\($0.value.joined(separator: ","))" }.joined(separator: ";").hashValueStable
        return [
            "posts=\(postsPath)", "comments=\(commentsPath ?? "")", "tags=\(tags.sorted().joined(separator: ","))",
            "min-score=\(minScore.map(String.init) ?? "")", "vocabulary=\(vocabularyHash)", "languages=\(mapHash)",
            "max-body=\(maxBodyBytes)",
        ].joined(separator: " ")
    }
}

extension String {
    /// FNV-1a: stable across runs, unlike `hashValue`.
    var hashValueStable: String {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100000001b3
        }
        return String(hash, radix: 16)
    }
}
