import SOSecureCFamily
import Foundation
import SOSecureCore

/// One element of a compiled code pattern.
indirect enum PatternNode: Sendable {
    /// A token spelled like this (string literals compare their contents, whatever the quotes).
    case token(TokenKind, String)
    /// `"..."`: any string literal.
    case anyString
    /// `$X`: a token, a dotted name or an expression up to the next `,`/`;`/assignment at its level;
    /// the same name binds the same code everywhere in one match.
    case metavariable(String)
    /// `...`: any run of tokens and groups at this level (also none).
    case ellipsis
    /// `, ...` at the end of a list: nothing, or a comma and anything after it.
    case commaThenAnything
    /// `..., ` at the start of a list: nothing, or anything up to and including a comma.
    case anythingThenComma
    /// A bracket group whose children match the nodes exactly, from first to last.
    case group(open: String, children: [PatternNode])
}

/// A pattern compiled for one dialect. A class: formulas hand patterns around for every rule of every
/// file, and a reference is one word to copy where the struct was six arrays to retain.
final class CompiledPattern: Sendable {
    let nodes: [PatternNode]
    let source: String
    /// Tells compiled patterns apart cheaply (a number, not the source text) where results are cached.
    let id: Int
    /// Texts of the pattern's own-level names and keywords, as the document compares them: a sibling
    /// list without one of them cannot hold a match.
    let ownTexts: [String]
    /// The names and keywords of the whole pattern, groups included: a file without one of them cannot match.
    let allTexts: [String]

    /// The groups and assignment the pattern holds at its own level, which a list must hold too.
    let ownShape: ListShape

    init(nodes: [PatternNode], source: String, dialect: Dialect) {
        self.nodes = nodes
        self.source = source
        id = PatternNumbering.next()
        var shape: ListShape = []
        for node in nodes {
            switch node {
            case let .group(open, _): shape.insert(ListShape.group(open))
            case let .token(.punctuation, text) where TokenPatternMatcher.assignmentOperators.contains(text): shape.insert(.assignment)
            default: continue
            }
        }
        ownShape = shape
        ownTexts = Self.literalTexts(nodes, dialect, nested: false)
        allTexts = Self.literalTexts(nodes, dialect, nested: true)
    }

    private static func literalTexts(_ nodes: [PatternNode], _ dialect: Dialect, nested: Bool) -> [String] {
        var texts: [String] = []
        for node in nodes {
            switch node {
            case let .token(kind, text) where CodeDocument.isIndexed(kind):
                // PHP variables keep their case; everything else compares as the document stores it.
                let comparable = kind == .variable ? text : CodeDocument.comparable(text, dialect)
                if !texts.contains(comparable) { texts.append(comparable) }
            case let .group(_, children) where nested:
                for text in literalTexts(children, dialect, nested: true) where !texts.contains(text) { texts.append(text) }
            default:
                continue
            }
        }
        return texts
    }
}

struct CodePatternError: Error, Sendable {
    let message: String
}

/// Lexes a pattern with its language's lexer and turns the token trees into `PatternNode`s.
enum CodePatternCompiler {
    static func compile(_ snippet: CodeSnippet, language: Language) throws -> CompiledPattern {
        guard let dialect = Dialect(language: language) else {
            throw CodePatternError(message: "code patterns are for C-family languages, not \(language.rawValue)")
        }
        return try compile(snippet.text, dialect: dialect)
    }

    /// The compiled pattern, compiled at most once per process: the loader compiles every pattern to
    /// check it, and the analyzer then reuses that result instead of lexing the pattern again.
    static func compile(_ text: String, dialect: Dialect) throws -> CompiledPattern {
        let key = PatternKey(text: text, dialect: dialect)
        if let known = compiledPatterns.withLock({ $0[key] }) { return known }
        let pattern = try compileUncached(text, dialect: dialect)
        compiledPatterns.withLock { $0[key] = pattern }
        return pattern
    }

    private struct PatternKey: Hashable {
        let text: String
        let dialect: Dialect
    }

    private static let compiledPatterns = LockedDictionary<PatternKey, CompiledPattern>()

    private static func compileUncached(_ text: String, dialect: Dialect) throws -> CompiledPattern {
        // PHP code starts after its opening tag; everything before it is inline HTML.
        let prefix = dialect == .php ? "<?php " : ""
        let substituted = prefix + CodePatternText.substituted(text)
        let file = SourceFile(path: "<pattern>", text: substituted)
        let syntax = CFamilySyntax.parse(file, dialect: dialect)
        if let problem = syntax.diagnostics.first {
            let near = file.text(in: problem.range)
            throw CodePatternError(message: "the pattern does not lex as \(dialect.rawValue): \(problem.message)"
                                   + (near.isEmpty ? "" : " near '\(Self.unsubstituted(near))'"))
        }
        let nodes = try syntax.trees.compactMap { try node($0, file) }
        let fused = fuseCommas(nodes)
        if fused.isEmpty { throw CodePatternError(message: "the pattern has no code") }
        if fused.allSatisfy({ if case .ellipsis = $0 { return true } else { return false } }) {
            throw CodePatternError(message: "a pattern of only `...` matches everything")
        }
        return CompiledPattern(nodes: fused, source: text, dialect: dialect)
    }

    private static func node(_ tree: TokenTree, _ file: SourceFile) throws -> PatternNode? {
        switch tree {
        case let .token(token):
            let text = file.text(in: token.range)
            switch token.kind {
            case .comment: return nil
            case .identifier, .keyword:
                if text == CodePatternText.ellipsisPlaceholder { return .ellipsis }
                if let name = CodePatternText.metavariable(fromPlaceholder: text) { return .metavariable(name) }
                return .token(token.kind, text)
            case .string:
                if CodeItemText.stringContents(text).trimmingCharacters(in: .whitespaces) == CodePatternText.ellipsisPlaceholder {
                    return .anyString
                }
                return .token(.string, text)
            case .unknown:
                throw CodePatternError(message: "the pattern has a character the language does not know: '\(Self.unsubstituted(text))'")
            default:
                return .token(token.kind, text)
            }
        case let .group(open, children, close):
            let openText = file.text(in: open.range)
            guard close != nil else { throw CodePatternError(message: "the pattern's '\(openText)' is never closed") }
            return .group(open: openText, children: fuseCommas(try children.compactMap { try node($0, file) }))
        }
    }

    /// `f($X, ...)` must also match `f(a)` and `f(..., $X)` must match `f(a)`: a comma next to `...`
    /// becomes optional together with it.
    static func fuseCommas(_ nodes: [PatternNode]) -> [PatternNode] {
        var result: [PatternNode] = []
        var index = 0
        func isComma(_ node: PatternNode) -> Bool {
            if case let .token(_, text) = node { return text == "," }
            return false
        }
        func isEllipsis(_ node: PatternNode) -> Bool {
            if case .ellipsis = node { return true }
            return false
        }
        while index < nodes.count {
            let node = nodes[index]
            if isComma(node), index + 1 < nodes.count, isEllipsis(nodes[index + 1]) {
                result.append(.commaThenAnything)
                index += 2
            } else if isEllipsis(node), index + 1 < nodes.count, isComma(nodes[index + 1]) {
                result.append(.anythingThenComma)
                index += 2
            } else {
                result.append(node)
                index += 1
            }
        }
        return result
    }

    private static func unsubstituted(_ text: String) -> String {
        text.replacingOccurrences(of: " \(CodePatternText.ellipsisPlaceholder) ", with: "...")
            .replacingOccurrences(of: CodePatternText.ellipsisPlaceholder, with: "...")
            .replacingOccurrences(of: CodePatternText.metavariablePrefix, with: "$")
    }
}

enum CodeItemText {
    /// A string literal's text without its quotes (and without a C++/Swift/Go prefix such as `L`, `u8`, `@`, `r`, `#`).
    static func stringContents(_ literal: String) -> String {
        let quotes: Set<Character> = ["\"", "'", "`"]
        var text = Substring(literal)
        while let first = text.first, !quotes.contains(first) { text = text.dropFirst() }
        while let last = text.last, !quotes.contains(last) { text = text.dropLast() }
        if text.hasPrefix("\"\"\""), text.hasSuffix("\"\"\""), text.count >= 6 { return String(text.dropFirst(3).dropLast(3)) }
        guard text.count >= 2 else { return String(text) }
        return String(text.dropFirst().dropLast())
    }
}

/// Numbers compiled patterns in the order they are compiled, from any thread.
enum PatternNumbering {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var last = 0

    /// The highest number given so far.
    static var highest: Int { lock.withLock { last } }

    static func next() -> Int {
        lock.withLock {
            last += 1
            return last
        }
    }
}
