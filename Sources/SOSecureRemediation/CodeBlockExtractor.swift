import SOSecureCore

/// Pulls the revised program out of a model's answer.
public enum CodeBlockExtractor {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case noCodeBlock
        case emptyCodeBlock

        public var description: String {
            switch self {
            case .noCodeBlock: return "the answer contains no fenced code block"
            case .emptyCodeBlock: return "the answer's code block is empty"
            }
        }
    }

    struct Block {
        let tag: String
        let body: String
    }

    /// The fenced block tagged with the language (for Python: `python`, `py`, `python3`); else the untagged
    /// ones. The largest wins when there are several, since models often add a short usage snippet.
    public static func extract(from answer: String, language: Language) throws -> String {
        let blocks = fencedBlocks(answer)
        let names = tags(for: language)
        var candidates = blocks.filter { names.contains($0.tag.lowercased()) }
        if candidates.isEmpty { candidates = blocks.filter { $0.tag.isEmpty } }
        guard let largest = candidates.max(by: { $0.body.utf8.count < $1.body.utf8.count }) else { throw Failure.noCodeBlock }
        if largest.body.allSatisfy(\.isWhitespace) { throw Failure.emptyCodeBlock }
        return largest.body
    }

    static func tags(for language: Language) -> Set<String> {
        switch language {
        case .python: return ["python", "py", "python3", "py3"]
        case .javascript: return ["javascript", "js", "jsx", "node"]
        case .typescript: return ["typescript", "ts", "tsx"]
        case .cpp: return ["cpp", "c++", "cxx"]
        case .go: return ["go", "golang"]
        default: return [language.rawValue]
        }
    }

    /// Blocks opened by a line of three or more backticks or tildes (with an optional info string) and
    /// closed by a line of at least as many of the same character. An unclosed block runs to the end.
    static func fencedBlocks(_ text: String) -> [Block] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            let trimmed = lines[index].drop(while: { $0 == " " })
            guard lines[index].count - trimmed.count <= 3, let fence = fenceRun(trimmed), fence.count >= 3 else {
                index += 1
                continue
            }
            let info = trimmed.dropFirst(fence.count).trimmingWhitespace()
            // A backtick fence's info string may not contain backticks (then it is inline code).
            if fence.first == "`" && info.contains("`") {
                index += 1
                continue
            }
            let tag = info.split(whereSeparator: { $0 == " " || $0 == "{" || $0 == "," }).first.map(String.init) ?? ""
            var body: [Substring] = []
            index += 1
            while index < lines.count {
                let candidate = lines[index].drop(while: { $0 == " " })
                if let close = fenceRun(candidate), close.first == fence.first, close.count >= fence.count,
                   candidate.dropFirst(close.count).allSatisfy(\.isWhitespace) {
                    break
                }
                body.append(lines[index])
                index += 1
            }
            index += 1
            blocks.append(Block(tag: tag, body: body.joined(separator: "\n") + (body.isEmpty ? "" : "\n")))
        }
        return blocks
    }

    private static func fenceRun(_ line: Substring) -> Substring? {
        guard let first = line.first, first == "`" || first == "~" else { return nil }
        let run = line.prefix(while: { $0 == first })
        return run.count >= 3 ? run : nil
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var trimmed = self
        while trimmed.first?.isWhitespace == true { trimmed = trimmed.dropFirst() }
        while trimmed.last?.isWhitespace == true { trimmed = trimmed.dropLast() }
        return trimmed
    }
}
