import SOSecurePython

/// The `call:` leaves of a scan's rules, indexed by what a callee name must contain for them to match,
/// so each call tries only a few patterns: exact names by the whole name, `*.method` patterns by their
/// last segment, `module.*` patterns by their first segment.
struct CallRuleIndex: Sendable {
    /// One call leaf of one rule. A class, so trying it costs one reference, not a copy of the pattern.
    final class Entry: Sendable {
        let rule: Int
        let pattern: CallPattern

        init(rule: Int, pattern: CallPattern) {
            self.rule = rule
            self.pattern = pattern
        }
    }

    private let byName: [String: [Entry]]
    private let byLastSegment: [String: [Entry]]
    /// Most callee names and segments are no rule's: their shapes say so before any hashing.
    private let nameShapes: WordShapes
    private let segmentShapes: WordShapes
    /// `Crypto.Cipher.*` can only match names that start with `Crypto.`: the patterns by that start.
    /// A short list (few rules use prefixes), tested with `hasPrefix` rather than by cutting every name.
    private let prefixedByFirstSegment: [(start: String, entries: [Entry])]
    /// The starts' first segments as a word set: a name whose first segment is none of them skips the list.
    private let firstSegmentShapes: WordShapes
    /// Prefix patterns whose first segment holds a wildcard (`Crypt*.x`): tried on every call.
    private let prefixedEverywhere: [Entry]
    /// Whether some exact name or prefix starts with `?`, the head the analyzer gives unknown receivers.
    private let namesUnknownReceivers: Bool

    init(_ leaves: [(rule: Int, pattern: CallPattern)]) {
        var byName: [String: [Entry]] = [:]
        var bySegment: [String: [Entry]] = [:]
        var prefixed: [(entry: Entry, firstSegments: Set<String>?)] = []
        for (rule, pattern) in leaves {
            let entry = Entry(rule: rule, pattern: pattern)
            var exact: Set<String> = []
            var segments: Set<String> = []
            var firstSegments: Set<String>? = []
            var isPrefixed = false
            for name in pattern.names.map(\.text) {
                if !name.contains("*") {
                    exact.insert(name)
                } else if name.hasPrefix("*.") {
                    segments.insert(String(name.split(separator: ".").last ?? ""))
                } else {
                    isPrefixed = true
                    let first = name.prefix { $0 != "." }
                    if first.contains("*") || first.count == name.count { firstSegments = nil } else { firstSegments?.insert(String(first)) }
                }
            }
            // Sets, as before: a name listed twice still tries its pattern once.
            for name in exact { byName[name, default: []].append(entry) }
            for segment in segments { bySegment[segment, default: []].append(entry) }
            if isPrefixed { prefixed.append((entry, firstSegments)) }
        }
        // Each bucket keeps the rules' order, with the unindexable patterns in their places.
        let keys = Set(prefixed.compactMap(\.firstSegments).flatMap { $0 })
        let buckets = keys.sorted().map { key in
            (start: key + ".", entries: prefixed.filter { $0.firstSegments?.contains(key) ?? true }.map(\.entry))
        }
        self.byName = byName
        byLastSegment = bySegment
        nameShapes = WordShapes(byName.keys)
        segmentShapes = WordShapes(bySegment.keys)
        prefixedByFirstSegment = buckets
        firstSegmentShapes = WordShapes(keys)
        prefixedEverywhere = prefixed.filter { $0.firstSegments == nil }.map(\.entry)
        namesUnknownReceivers = byName.keys.contains { $0.hasPrefix("?") } || keys.contains { $0.hasPrefix("?") }
    }

    /// Whether a call on a receiver of unknown type (`?.chain.method`) has any pattern to try, from its
    /// method name alone: most have none, and their names need not be spelled.
    func hasCandidates(unknownReceiverMethod method: String) -> Bool {
        namesUnknownReceivers || !prefixedEverywhere.isEmpty || (segmentShapes.mayContain(method) && byLastSegment[method] != nil)
    }

    /// The candidate lists for a callee name, in the order the analyzer tries them (exact name, last
    /// segment, module prefix). `lastSegment` is nil for a name without a dot.
    func candidates(name: String, lastSegment: Substring?) -> (exact: [Entry]?, bySegment: [Entry]?, prefixed: [Entry]) {
        let exact = nameShapes.mayContain(name) ? byName[name] : nil
        let bySegment = lastSegment.flatMap { segmentShapes.mayContain($0) ? byLastSegment[String($0)] : nil }
        // First segments differ, so at most one start fits.
        var prefixed = prefixedEverywhere
        if !prefixedByFirstSegment.isEmpty, firstSegmentShapes.mayContain(name.utf8.firstIndex(of: UInt8(ascii: ".")).map { name[..<$0] } ?? Substring(name)),
           let bucket = prefixedByFirstSegment.first(where: { name.hasPrefix($0.start) }) {
            prefixed = bucket.entries
        }
        return (exact, bySegment, prefixed)
    }
}
