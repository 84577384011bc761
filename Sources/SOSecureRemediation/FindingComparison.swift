import SOSecureCore

/// How the findings of a revised file relate to those of the file before: which are gone, which
/// are still there and which are new. Identity is rule + fingerprint, counted as a multiset, because
/// two identical lines give two findings with one fingerprint.
public struct FindingComparison: Sendable {
    /// Findings of the old version that no longer appear.
    public let resolved: [Finding]
    /// Findings of the new version that were there before (same rule and fingerprint, or carried: see below).
    public let remaining: [Finding]
    /// Findings of the new version with no counterpart before.
    public let introduced: [Finding]

    /// Compares by rule and fingerprint only (used for model revisions, where no edit map exists).
    public init(before: [Finding], after: [Finding]) {
        self.init(before: before, after: after, edits: nil)
    }

    /// With `edits` (the edits that turned the old text into the new), a finding whose flagged code an
    /// edit rewrote but which is still reported by the same rule at the mapped place is the same finding
    /// carried over, not a new one: removing `verify=False` from a call changes the fingerprint of a
    /// taint finding on that call without adding a problem.
    public init(before: [Finding], after: [Finding], edits: [Edit]?) {
        var unmatchedBefore = before
        var unmatchedAfter: [Finding] = []
        var remaining: [Finding] = []
        for finding in after {
            if let index = unmatchedBefore.firstIndex(where: { $0.ruleID == finding.ruleID && $0.fingerprint == finding.fingerprint }) {
                unmatchedBefore.remove(at: index)
                remaining.append(finding)
            } else {
                unmatchedAfter.append(finding)
            }
        }
        var introduced: [Finding] = []
        if let edits {
            let map = OffsetMap(edits: edits)
            for finding in unmatchedAfter {
                let carried = unmatchedBefore.firstIndex { old in
                    old.ruleID == finding.ruleID && map.map(old.range).touches(finding.range)
                }
                if let carried {
                    unmatchedBefore.remove(at: carried)
                    remaining.append(finding)
                } else {
                    introduced.append(finding)
                }
            }
        } else {
            introduced = unmatchedAfter
        }
        self.resolved = unmatchedBefore
        self.remaining = remaining
        self.introduced = introduced
    }

    /// How many findings of `rule`/`fingerprint` were resolved.
    public func resolvedCount(ruleID: String, fingerprint: String) -> Int {
        resolved.filter { $0.ruleID == ruleID && $0.fingerprint == fingerprint }.count
    }
}

/// Maps byte offsets of a text through a set of applied edits.
struct OffsetMap {
    let edits: [Edit]

    init(edits: [Edit]) {
        self.edits = edits.sorted { $0.range < $1.range }
    }

    /// An old range in new coordinates; a range touching an edit grows to cover its replacement.
    func map(_ range: TextRange) -> TextRange {
        let start = map(range.start, preferStart: true)
        let end = max(start, map(range.end, preferStart: false))
        return TextRange(start: start, end: end)
    }

    private func map(_ offset: Int, preferStart: Bool) -> Int {
        var delta = 0
        for edit in edits {
            let newLength = edit.replacement.utf8.count
            if offset < edit.range.start || (offset == edit.range.start && preferStart && !edit.range.isEmpty) {
                break
            }
            if offset < edit.range.end || (offset == edit.range.end && !preferStart) {
                // Inside (or at the end of) an edit: snap to the replacement's bounds.
                return edit.range.start + delta + (preferStart ? 0 : newLength)
            }
            delta += newLength - edit.range.length
        }
        return offset + delta
    }
}

extension TextRange {
    /// Overlapping or adjacent; an empty range touches what surrounds it.
    func touches(_ other: TextRange) -> Bool { start <= other.end && other.start <= end }
}
