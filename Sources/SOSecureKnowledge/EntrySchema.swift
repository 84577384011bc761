import Foundation
import SOSecureCore
import Yams

/// The knowledge-base source format of `Docs/knowledge-base-format.md`, checked field by field.
/// Every violation is reported (not just the first) with its file, line and field.
enum EntrySchema {
    static let requiredFields = [
        "id", "language", "cwe", "tags", "apis", "title", "score", "accepted",
        "question", "question_code", "answer", "answer_code", "comments",
    ]

    /// One entry's mapping plus a fallback position for nodes that carry none (Markdown-built ones).
    struct Source {
        var path: String
        var mapping: Node.Mapping
        var line: Int
        var column: Int
        /// Positions of fields that were synthesized rather than parsed from YAML.
        var fieldPositions: [String: (Int, Int)] = [:]
    }

    /// Parses a YAML file holding a sequence of entries. A YAML syntax error is one violation.
    static func parseYAMLFile(path: String, text: String, origin: String, vocabulary: SecurityVocabulary) -> ([Located], [SchemaViolation]) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return ([], [yamlViolation(error, path: path)])
        } catch {
            return ([], [SchemaViolation(path: path, line: 1, column: 1, field: "file", message: "not valid YAML: \(error)")])
        }
        guard let root else {
            return ([], [SchemaViolation(path: path, line: 1, column: 1, field: "file", message: "empty file; expected a YAML sequence of entries")])
        }
        guard let sequence = root.sequence else {
            let mark = root.mark
            return ([], [SchemaViolation(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1, field: "file",
                                         message: "expected a YAML sequence of entries (each starting with '- id:')")])
        }
        var entries: [Located] = []
        var violations: [SchemaViolation] = []
        for (index, node) in sequence.enumerated() {
            let mark = node.mark
            guard let mapping = node.mapping else {
                violations.append(SchemaViolation(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1, field: "entry[\(index)]",
                                                  message: "expected a mapping with the entry's fields"))
                continue
            }
            let source = Source(path: path, mapping: mapping, line: mark?.line ?? 1, column: mark?.column ?? 1)
            let (entry, problems) = validate(source, origin: origin, vocabulary: vocabulary)
            violations.append(contentsOf: problems)
            if let entry, problems.isEmpty { entries.append(Located(entry: entry, path: path, line: source.line)) }
        }
        return (entries, violations)
    }

    static func yamlViolation(_ error: YamlError, path: String) -> SchemaViolation {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return SchemaViolation(path: path, line: mark.line, column: mark.column, field: "file", message: "YAML syntax: \(problem)")
        default:
            return SchemaViolation(path: path, line: 1, column: 1, field: "file", message: "YAML: \(error)")
        }
    }

    /// Checks one entry; returns it when every field is valid.
    static func validate(_ source: Source, origin: String, vocabulary: SecurityVocabulary) -> (KnowledgeEntry?, [SchemaViolation]) {
        var violations: [SchemaViolation] = []
        var values: [String: Node] = [:]
        var keyPositions: [String: (Int, Int)] = source.fieldPositions
        func position(_ node: Node?, field: String) -> (Int, Int) {
            if let mark = node?.mark { return (mark.line, mark.column) }
            return keyPositions[field] ?? (source.line, source.column)
        }
        func violation(_ field: String, _ node: Node?, _ message: String) {
            let (line, column) = position(node, field: field)
            violations.append(SchemaViolation(path: source.path, line: line, column: column, field: field, message: message))
        }

        for (keyNode, value) in source.mapping {
            guard let key = keyNode.scalar?.string else {
                violation("entry", keyNode, "field names must be plain words")
                continue
            }
            if let mark = keyNode.mark { keyPositions[key] = (mark.line, mark.column) }
            if !requiredFields.contains(key) {
                violation(key, keyNode, "unknown field; expected one of \(requiredFields.joined(separator: ", "))")
                continue
            }
            values[key] = value
        }
        for field in requiredFields where values[field] == nil {
            violation(field, nil, "missing required field")
        }

        func text(_ field: String) -> String? {
            guard let node = values[field] else { return nil }
            guard let scalar = node.scalar else {
                violation(field, node, "expected text")
                return nil
            }
            let value = scalar.string
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                violation(field, node, "must not be empty")
                return nil
            }
            return value
        }
        func strings(_ field: String, allowEmpty: Bool) -> [String]? {
            guard let node = values[field] else { return nil }
            guard let sequence = node.sequence else {
                violation(field, node, "expected a list like [a, b]")
                return nil
            }
            var result: [String] = []
            for (index, item) in sequence.enumerated() {
                guard let scalar = item.scalar, !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                    violation("\(field)[\(index)]", item, "expected a non-empty word")
                    continue
                }
                result.append(scalar.string)
            }
            if result.isEmpty, !allowEmpty {
                violation(field, node, "must list at least one value")
                return nil
            }
            return result
        }

        let id = text("id")
        if let id, !isKebabCase(id) {
            violation("id", values["id"], "'\(id)' is not kebab-case (lowercase letters, digits and single dashes)")
        }
        var language: Language?
        if let name = text("language") {
            language = Language(rawValue: name)
            if language == nil {
                violation("language", values["language"], "unknown language '\(name)'; expected one of \(Language.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        var cwes: [Int] = []
        if let node = values["cwe"] {
            if let sequence = node.sequence, !sequence.isEmpty {
                for (index, item) in sequence.enumerated() {
                    if let value = item.int, value > 0 { cwes.append(value) } else { violation("cwe[\(index)]", item, "expected a positive CWE number like 78") }
                }
            } else {
                violation("cwe", node, "expected a non-empty list of CWE numbers like [78]")
            }
        }
        let tags = strings("tags", allowEmpty: false) ?? []
        for (index, tag) in tags.enumerated() where tag != tag.lowercased() || tag.contains(" ") {
            violation("tags[\(index)]", values["tags"], "tag '\(tag)' must be lowercase without spaces")
        }
        let apis = strings("apis", allowEmpty: true) ?? []
        let title = text("title")
        var score = 0
        if let node = values["score"] {
            if let value = node.int { score = value } else { violation("score", node, "expected an integer") }
        }
        var accepted = false
        if let node = values["accepted"] {
            if let scalar = node.scalar, let value = Bool.construct(from: scalar) { accepted = value } else { violation("accepted", node, "expected true or false") }
        }
        let question = text("question")
        let questionCode = text("question_code")
        let answer = text("answer")
        let answerCode = text("answer_code")
        var comments: [KnowledgeEntry.Comment] = []
        if let node = values["comments"] {
            if let sequence = node.sequence, !sequence.isEmpty {
                for (index, item) in sequence.enumerated() {
                    guard let mapping = item.mapping else {
                        violation("comments[\(index)]", item, "expected a mapping with score and text")
                        continue
                    }
                    var commentScore: Int?
                    var commentText: String?
                    for (keyNode, value) in mapping {
                        switch keyNode.scalar?.string {
                        case "score":
                            commentScore = value.int
                            if commentScore == nil { violation("comments[\(index)].score", value, "expected an integer") }
                        case "text":
                            if let string = value.scalar?.string, !string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                                commentText = string
                            } else {
                                violation("comments[\(index)].text", value, "expected non-empty text")
                            }
                        default:
                            violation("comments[\(index)].\(keyNode.scalar?.string ?? "?")", keyNode, "unknown field; a comment has score and text")
                        }
                    }
                    if commentScore == nil, !mapping.keys.contains(where: { $0.scalar?.string == "score" }) {
                        violation("comments[\(index)].score", item, "missing required field")
                    }
                    if commentText == nil, !mapping.keys.contains(where: { $0.scalar?.string == "text" }) {
                        violation("comments[\(index)].text", item, "missing required field")
                    }
                    if let commentScore, let commentText {
                        let trimmed = commentText.trimmingCharacters(in: .whitespacesAndNewlines)
                        comments.append(KnowledgeEntry.Comment(score: commentScore, text: trimmed, warning: vocabulary.matches(trimmed)))
                    }
                }
            } else {
                violation("comments", node, "expected a non-empty list of comments with score and text")
            }
        }
        guard violations.isEmpty, let id, let language, let title, let question, let questionCode, let answer, let answerCode else {
            return (nil, violations)
        }
        // Curated threads exist to warn; when no comment uses a listed word, every comment is a warning.
        if !comments.contains(where: \.warning) {
            comments = comments.map { KnowledgeEntry.Comment(score: $0.score, text: $0.text, warning: true) }
        }
        let entry = KnowledgeEntry(
            key: id, origin: origin, answerID: nil, title: title.trimmingCharacters(in: .whitespacesAndNewlines), tags: tags,
            language: language, cwes: cwes, apis: apis, score: score, accepted: accepted,
            question: question.trimmingCharacters(in: .whitespacesAndNewlines), questionCode: trimCode(questionCode),
            answer: answer.trimmingCharacters(in: .whitespacesAndNewlines), code: trimCode(answerCode), comments: comments)
        return (entry, [])
    }

    static func isKebabCase(_ id: String) -> Bool {
        guard !id.isEmpty, !id.hasPrefix("-"), !id.hasSuffix("-"), !id.contains("--") else { return false }
        guard id.contains(where: { $0 >= "a" && $0 <= "z" }) else { return false }
        return id.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
    }

    private static func trimCode(_ code: String) -> String {
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        while let first = lines.first, first.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }

    /// An entry with the place it was read from.
    struct Located {
        var entry: KnowledgeEntry
        var path: String
        var line: Int
    }

    /// Reports ids used twice (file and line of the later use, naming the first).
    static func duplicateIDs(_ entries: [Located]) -> [SchemaViolation] {
        var seen: [String: Located] = [:]
        var violations: [SchemaViolation] = []
        for located in entries {
            if let first = seen[located.entry.key] {
                violations.append(SchemaViolation(path: located.path, line: located.line, column: 1, field: "id",
                                                  message: "id '\(located.entry.key)' is already used at \(first.path):\(first.line); ids must be unique"))
            } else {
                seen[located.entry.key] = located
            }
        }
        return violations
    }
}
