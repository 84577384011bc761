import Foundation
import SOSecurePython

/// Keeps each file's taint analyses while its context is alive, so the rules that share source kinds and
/// sanitizers interpret the file once. Entries die with their context (weak reference), and are purged
/// when the next file arrives.
final class TaintAnalysisCache: @unchecked Sendable {
    static let shared = TaintAnalysisCache()

    private final class Entry {
        weak var context: PythonFileContext?
        let lock = NSLock()
        var facts: TaintFileFacts?
        var analyses: [String: FileTaintAnalysis] = [:]

        init(context: PythonFileContext) { self.context = context }
    }

    private let lock = NSLock()
    private var entries: [ObjectIdentifier: Entry] = [:]

    /// Runs `body` with the file's analysis for these sources and sanitizers, holding the file's lock
    /// (the analysis is filled lazily and is not thread-safe).
    func withAnalysis<Result>(for context: PythonFileContext, kinds: Set<TaintSourceKind>, sanitizers: [NamePattern],
                              _ body: (FileTaintAnalysis) -> Result) -> Result {
        let entry = self.entry(for: context)
        entry.lock.lock()
        defer { entry.lock.unlock() }
        let facts = entry.facts ?? TaintFileFacts(context: context)
        entry.facts = facts
        // Sanitizers the file never calls, or that always clean anyway, change nothing: leaving them out
        // of the key lets rules with different sanitizer lists share one interpretation.
        let relevant = sanitizers.filter { sanitizer in
            let segment = sanitizer.text.split(separator: ".").last.map(String.init) ?? sanitizer.text
            return (segment == "*" || facts.calledSegments.contains(segment)) && !TaintCleaners.cleanFunctions.contains(sanitizer.text)
        }
        let key = Self.key(kinds: kinds, sanitizers: relevant)
        let analysis = entry.analyses[key] ?? FileTaintAnalysis(context: context, facts: facts, kinds: kinds, sanitizers: relevant)
        entry.analyses[key] = analysis
        return body(analysis)
    }

    private func entry(for context: PythonFileContext) -> Entry {
        let id = ObjectIdentifier(context)
        lock.lock()
        defer { lock.unlock() }
        if let entry = entries[id], entry.context === context { return entry }
        entries = entries.filter { $0.value.context != nil }
        let entry = Entry(context: context)
        entries[id] = entry
        return entry
    }

    private static func key(kinds: Set<TaintSourceKind>, sanitizers: [NamePattern]) -> String {
        kinds.map(\.rawValue).sorted().joined(separator: ",") + "|" + sanitizers.map(\.text).sorted().joined(separator: ",")
    }
}
