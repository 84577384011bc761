import Foundation
import Yams

/// A team's discussion written as Markdown: YAML front matter for the metadata, then
/// `## Question`, `## Answer` and `## Comments` sections. Fenced code in the question and
/// answer sections becomes `question_code` and `answer_code`; comment bullets may start with
/// a score in brackets (`- [12] text`).
enum MarkdownEntryParser {
    static let frontMatterFields: Set<String> = ["id", "language", "cwe", "tags", "apis", "title", "score", "accepted"]

    static func parse(path: String, text: String, origin: String, vocabulary: SecurityVocabulary) -> ([EntrySchema.Located], [SchemaViolation]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
              let closing = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            return ([], [SchemaViolation(path: path, line: 1, column: 1, field: "front matter",
                                         message: "expected YAML front matter between '---' lines at the top of the file")])
        }
        // Blank lines keep YAML's line numbers equal to the file's.
        let yaml = String(repeating: "\n", count: 1) + lines[1..<closing].joined(separator: "\n")
        var violations: [SchemaViolation] = []
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            return ([], [EntrySchema.yamlViolation(error, path: path)])
        } catch {
            return ([], [SchemaViolation(path: path, line: 2, column: 1, field: "front matter", message: "not valid YAML: \(error)")])
        }
        guard let mapping = node?.mapping else {
            return ([], [SchemaViolation(path: path, line: 2, column: 1, field: "front matter", message: "expected 'field: value' lines")])
        }
        var pairs: [(Node, Node)] = []
        for (key, value) in mapping {
            let name = key.scalar?.string ?? "?"
            if !frontMatterFields.contains(name) {
                violations.append(SchemaViolation(path: path, line: key.mark?.line ?? 2, column: key.mark?.column ?? 1, field: name,
                                                  message: "unknown front-matter field; expected one of \(frontMatterFields.sorted().joined(separator: ", "))"))
                continue
            }
            pairs.append((key, value))
        }

        // Sections.
        var sections: [String: (line: Int, body: [String])] = [:]
        var current: String?
        for index in (closing + 1)..<lines.count {
            let line = lines[index]
            if line.hasPrefix("## ") {
                let name = line.dropFirst(3).trimmingCharacters(in: .whitespaces).lowercased()
                guard ["question", "answer", "comments"].contains(name) else {
                    violations.append(SchemaViolation(path: path, line: index + 1, column: 1, field: "section",
                                                      message: "unknown section '\(name)'; expected ## Question, ## Answer, ## Comments"))
                    current = nil
                    continue
                }
                current = name
                sections[name] = (index + 1, [])
            } else if let name = current {
                sections[name]?.body.append(line)
            }
        }
        var positions: [String: (Int, Int)] = [:]
        func addText(_ field: String, _ value: String, line: Int) {
            positions[field] = (line, 1)
            pairs.append((Node(field), Node(value, .init(.str))))
        }
        for (name, codeField) in [("question", "question_code"), ("answer", "answer_code")] {
            guard let section = sections[name] else {
                violations.append(SchemaViolation(path: path, line: lines.count, column: 1, field: name, message: "missing section ## \(name.capitalized)"))
                continue
            }
            let (prose, code) = splitFences(section.body)
            addText(name, prose, line: section.line)
            addText(codeField, code, line: section.line)
        }
        if let section = sections["comments"] {
            positions["comments"] = (section.line, 1)
            var items: [Node] = []
            for line in section.body {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") else {
                    // A non-empty line continues the previous bullet.
                    if !trimmed.isEmpty, let last = items.last?.mapping, let text = last["text"]?.string, let score = last["score"] {
                        items[items.count - 1] = Node([(Node("score"), score), (Node("text"), Node(text + " " + trimmed, .init(.str)))])
                    }
                    continue
                }
                var body = String(trimmed.dropFirst(2))
                var score = 0
                if body.hasPrefix("["), let close = body.firstIndex(of: "]"), let value = Int(body[body.index(after: body.startIndex)..<close]) {
                    score = value
                    body = String(body[body.index(after: close)...]).trimmingCharacters(in: .whitespaces)
                }
                items.append(Node([(Node("score"), Node(String(score), .init(.int))), (Node("text"), Node(body, .init(.str)))]))
            }
            pairs.append((Node("comments"), Node(items)))
        } else {
            violations.append(SchemaViolation(path: path, line: lines.count, column: 1, field: "comments", message: "missing section ## Comments"))
        }
        guard violations.isEmpty else { return ([], violations) }
        let source = EntrySchema.Source(path: path, mapping: Node.Mapping(pairs), line: 1, column: 1, fieldPositions: positions)
        let (entry, problems) = EntrySchema.validate(source, origin: origin, vocabulary: vocabulary)
        guard let entry, problems.isEmpty else { return ([], problems) }
        return ([EntrySchema.Located(entry: entry, path: path, line: 1)], [])
    }

    /// Separates fenced code blocks from the prose around them.
    static func splitFences(_ lines: [String]) -> (prose: String, code: String) {
        var prose: [String] = []
        var code: [String] = []
        var inFence = false
        for line in lines {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                if inFence, !code.isEmpty { code.append("") }
                inFence.toggle()
                continue
            }
            if inFence { code.append(line) } else { prose.append(line) }
        }
        return (prose.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines),
                code.joined(separator: "\n").trimmingCharacters(in: .newlines))
    }
}
