import SOSecureCore

/// The suppression comments of one file by line, and which of their ids silenced something. The
/// Python index and the C-family one differ only in how they find a finding's statement line; both
/// keep their comments here so matching and the unused-suppression report work the same way.
struct SuppressionTable: Sendable {
    let suppressions: [Suppression]
    private let byLine: [Int: [Int]]
    /// Per suppression: the ids that silenced something (`""` when an all-rules one did).
    private var usedIDs: [Set<String>]

    init(_ found: [Suppression]) {
        suppressions = found
        var byLine: [Int: [Int]] = [:]
        for (index, suppression) in found.enumerated() {
            byLine[suppression.line, default: []].append(index)
        }
        // Our own comments first, so they are the ones marked used when several share a line.
        for key in byLine.keys {
            byLine[key]?.sort { (found[$0].kind == .sosecure ? 0 : 1, $0) < (found[$1].kind == .sosecure ? 0 : 1, $1) }
        }
        self.byLine = byLine
        usedIDs = Array(repeating: [], count: found.count)
    }

    var isEmpty: Bool { suppressions.isEmpty }

    /// The first suppression on `lines` (1-based, in order) that silences `ruleID`, marked used.
    mutating func match(ruleID: String, onLines lines: [Int]) -> Suppression? {
        for line in lines {
            for index in byLine[line] ?? [] {
                if let id = suppressions[index].matchingID(for: ruleID) {
                    usedIDs[index].insert(id)
                    return suppressions[index]
                }
            }
        }
        return nil
    }

    /// `sosecure: ignore` comments that silenced nothing, narrowed to the listed ids that were
    /// never used. `nosec`/`noqa` comments belong to other tools and are never reported.
    func unused() -> [Suppression] {
        var result: [Suppression] = []
        for (index, suppression) in suppressions.enumerated() where suppression.kind == .sosecure {
            if suppression.coversAllRules {
                if usedIDs[index].isEmpty { result.append(suppression) }
                continue
            }
            let unusedIDs = suppression.ruleIDs.filter { !usedIDs[index].contains($0) }
            if !unusedIDs.isEmpty {
                result.append(Suppression(kind: suppression.kind, line: suppression.line, ruleIDs: unusedIDs,
                                          reason: suppression.reason, range: suppression.range))
            }
        }
        return result
    }
}

/// What a scan asks of a file's suppressions: does one silence this finding (marking it used), and
/// which were never used.
protocol FindingSuppressing {
    mutating func suppresses(ruleID: String, range: TextRange) -> Bool
    func unused() -> [Suppression]
}
