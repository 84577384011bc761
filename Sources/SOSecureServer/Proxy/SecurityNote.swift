import Foundation
import SOSecureCore
import SOSecureRemediation

/// The Markdown the proxy adds to an answer: findings with their evidence (annotate), what a verified
/// revision changed and why (fix), and why a block was withheld (block). Knowledge-base titles and
/// URLs are untrusted text, so they are flattened to one line and stripped of Markdown that could
/// forge links or close the note's formatting.
enum SecurityNote {
    /// Findings in a block that was left as it was.
    static func findings(block number: Int, language: Language, findings: [Finding], discussions: [EvidenceReference],
                         unrevisedBecause reason: String? = nil) -> String {
        var lines = ["**SOSecure security note — code block \(number) (\(language.rawValue))**: \(count(findings.count, "finding"))"]
        lines += findings.map(findingLine)
        if let reason { lines.append("No verified revision: \(flatten(reason, limit: 300)).") }
        lines += evidenceLines(discussions)
        return lines.joined(separator: "\n")
    }

    /// What a verified revision of a block changed and why.
    static func revised(block number: Int, language: Language, result: RemediationResult, discussions: [EvidenceReference]) -> String {
        var lines = ["**SOSecure revised code block \(number) (\(language.rawValue))**: re-analysis verified the new code parses, "
            + "the listed findings are gone and nothing new appeared."]
        let cwes = Dictionary(result.findingsBefore.map { ("\($0.rule)@\($0.line)", $0.cwe) }, uniquingKeysWith: { first, _ in first })
        for resolved in result.changes.flatMap(\.resolves) {
            let how = resolved.resolvedBy == "llm" ? "model revision" : "rule fix"
            let cwe = cweText(cwes["\(resolved.rule)@\(resolved.line)"] ?? [])
            var line = "- fixed line \(resolved.line): `\(resolved.rule)`\(cwe) — \(resolved.message) (\(how))"
            let why = firstSentence(resolved.rationale)
            if !why.isEmpty { line += ". Why: \(why)" }
            lines.append(line)
        }
        if !result.findingsAfter.isEmpty {
            lines.append("Still present after the revision:")
            lines += result.findingsAfter.map { "- line \($0.line): `\($0.rule)`\(cweText($0.cwe)) — \($0.message)" }
        }
        lines += evidenceLines(discussions)
        return lines.joined(separator: "\n")
    }

    /// The text that stands in place of a withheld block.
    static func withheld(block number: Int, language: Language, findings: [Finding], threshold: Severity,
                         discussions: [EvidenceReference]) -> String {
        let level = threshold > .info ? " at or above severity \(threshold.rawValue)" : ""
        var lines = ["> **SOSecure withheld code block \(number) (\(language.rawValue))**: it has \(count(findings.count, "finding"))\(level), "
            + "so it was not passed on. Ask for a version without these flaws."]
        lines += findings.map { "> " + findingLine($0) }
        lines += evidenceLines(discussions).map { "> " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Notes appended after an answer, set off from it by a rule.
    static func appendix(_ notes: [String], after answer: String) -> String {
        guard !notes.isEmpty else { return "" }
        let gap = answer.isEmpty ? "" : (answer.hasSuffix("\n\n") ? "" : (answer.hasSuffix("\n") ? "\n" : "\n\n"))
        return gap + "---\n" + notes.joined(separator: "\n\n") + "\n"
    }

    static func findingLine(_ finding: Finding) -> String {
        "- line \(finding.start.line): `\(finding.ruleID)`\(cweText(finding.cwes.map(\.id))), \(finding.severity.rawValue) — \(finding.message)"
    }

    static func evidenceLines(_ discussions: [EvidenceReference]) -> [String] {
        let links = discussions.compactMap { hit -> String? in
            guard let url = safeURL(hit.url) else { return nil }
            return "- \(flatten(hit.title, limit: 120)): <\(url)>"
        }
        return links.isEmpty ? [] : ["Community discussions that warn about this:"] + links
    }

    private static func cweText(_ ids: [Int]) -> String {
        ids.isEmpty ? "" : " (" + ids.map { "CWE-\($0)" }.joined(separator: ", ") + ")"
    }

    private static func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }

    /// One line of plain text: no newlines, no characters that start Markdown links, code or HTML.
    static func flatten(_ text: String, limit: Int) -> String {
        let cleaned = text.unicodeScalars.map { scalar -> String in
            if CharacterSet.newlines.contains(scalar) || CharacterSet.controlCharacters.contains(scalar) { return " " }
            return "`[]<>*_|".unicodeScalars.contains(scalar) ? "" : String(scalar)
        }.joined()
        let single = cleaned.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return single.count > limit ? String(single.prefix(limit)) + "…" : single
    }

    /// The URL when it is an http(s) link or a knowledge-base reference made only of URL characters.
    static func safeURL(_ text: String) -> String? {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") || lowered.hasPrefix("sosecure:kb/") else { return nil }
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$&'*+,;=%")
        guard text.count <= 500, text.unicodeScalars.allSatisfy(allowed.contains) else { return nil }
        return text
    }

    private static func firstSentence(_ text: String) -> String {
        let flat = flatten(text, limit: 400)
        if let end = flat.range(of: ". ") { return String(flat[..<end.lowerBound]) + "." }
        return flat
    }
}
