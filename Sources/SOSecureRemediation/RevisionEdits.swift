import SOSecureCore

/// Turns a line diff into byte edits on the old text: one edit per hunk, replacing the hunk's changed
/// lines. Used to map findings through a revision and to hand the revision to SARIF as `fixes`.
public enum RevisionEdits {
    public static func edits(from old: String, to new: String) -> [Edit] {
        let diff = LineDiff(old: old, new: new, context: 0)
        // Lines end at `\n` only, exactly as `LineDiff` splits them.
        var starts = [0]
        for (offset, byte) in old.utf8.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        let size = old.utf8.count
        func lineStart(_ line: Int) -> Int { line < starts.count ? starts[line] : size }
        let newLines = LineDiff.lines(new)
        return diff.hunks.map { hunk in
            // With no context every line of a hunk is removed or added: old lines oldStart..<oldStart+oldCount.
            let start = lineStart(hunk.oldStart - 1)
            let end = hunk.oldCount == 0 ? start : lineStart(hunk.oldStart - 1 + hunk.oldCount)
            let added = newLines[(hunk.newStart - 1)..<(hunk.newStart - 1 + hunk.newCount)]
            let replacement = added.map { $0.hasNewline ? $0.text + "\n" : $0.text }.joined()
            return Edit(range: TextRange(start: start, end: end), replacement: replacement)
        }
    }
}
