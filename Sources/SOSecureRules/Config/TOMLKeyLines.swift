/// Finds the line where each key of a TOML document is written. TOMLKit reports lines only for
/// syntax errors, and config errors must name the line of the offending key.
///
/// A line scan is enough: keys start a line (after indentation), table headers set the prefix,
/// and multi-line strings are skipped so their contents are never taken for keys. Keys of an
/// inline table get the line of the key that holds the table (see `line(of:)`).
struct TOMLKeyLines {
    /// Full dotted key path (table prefix + key parts) → first 1-based line.
    private(set) var lines: [[String]: Int] = [:]

    init(text: String) {
        var table: [String] = []
        var openMultilineQuote: String?
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" }) {
            lineNumber += 1
            let line = Substring(rawLine)
            if let quote = openMultilineQuote {
                if Self.occurrences(of: quote, in: line) % 2 == 1 { openMultilineQuote = nil }
                continue
            }
            var rest = line.drop(while: { $0 == " " || $0 == "\t" })
            if rest.hasPrefix("[") {
                let isArrayTable = rest.hasPrefix("[[")
                rest = rest.dropFirst(isArrayTable ? 2 : 1)
                if let (parts, _) = Self.parseKey(rest) {
                    table = parts
                    record(parts, line: lineNumber)
                }
                continue
            }
            guard let (parts, afterKey) = Self.parseKey(rest), afterKey.first == "=" else { continue }
            var path = table
            for part in parts {
                path.append(part)
                record(path, line: lineNumber)
            }
            let value = afterKey.dropFirst()
            for quote in ["\"\"\"", "'''"] where Self.occurrences(of: quote, in: value) % 2 == 1 {
                openMultilineQuote = quote
            }
        }
    }

    /// The line of `path`, or of the longest prefix of it that was written on a line of its own.
    func line(of path: [String]) -> Int? {
        var prefix = path
        while !prefix.isEmpty {
            if let line = lines[prefix] { return line }
            prefix.removeLast()
        }
        return nil
    }

    private mutating func record(_ path: [String], line: Int) {
        if lines[path] == nil { lines[path] = line }
    }

    private static func occurrences(of needle: String, in text: Substring) -> Int {
        var count = 0
        var remaining = text
        while let range = remaining.range(of: needle) {
            count += 1
            remaining = remaining[range.upperBound...]
        }
        return count
    }

    /// Parses a dotted key (`a."b.c".'d'`) and returns its parts and the text after it with
    /// leading blanks removed.
    private static func parseKey(_ text: Substring) -> ([String], Substring)? {
        var parts: [String] = []
        var rest = text
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            guard let first = rest.first else { return nil }
            if first == "\"" || first == "'" {
                rest = rest.dropFirst()
                var part = ""
                var closed = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if character == first {
                        closed = true
                        break
                    }
                    if first == "\"", character == "\\", let escaped = rest.first {
                        rest = rest.dropFirst()
                        part.append(escaped)
                    } else {
                        part.append(character)
                    }
                }
                guard closed else { return nil }
                parts.append(part)
            } else {
                let bare = rest.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
                guard !bare.isEmpty else { return nil }
                parts.append(String(bare))
                rest = rest.dropFirst(bare.count)
            }
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            guard rest.first == "." else { break }
            rest = rest.dropFirst()
        }
        return (parts, rest)
    }
}
