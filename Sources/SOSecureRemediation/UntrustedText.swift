import Foundation

/// Cleans text that did not come from SOSecure (the user's code, retrieved discussions) before it goes
/// into a prompt: markup is removed from prose, and nothing may forge the prompt's block delimiters.
public enum UntrustedText {
    /// Delimiter brackets; U+27E6/U+27E7 essentially never occur in code or prose.
    public static let open = "\u{27E6}"
    public static let close = "\u{27E7}"

    /// Replaces the delimiter brackets with plain ones, so untrusted text can never close or open a block.
    public static func neutralizingDelimiters(_ text: String) -> String {
        text.replacingOccurrences(of: open, with: "[").replacingOccurrences(of: close, with: "]")
    }

    /// Prose from a discussion: HTML tags and entities removed, whitespace runs folded, delimiters neutralized.
    public static func prose(_ text: String) -> String {
        let stripped = decodeEntities(stripTags(text))
        let folded = stripped.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        return neutralizingDelimiters(folded)
    }

    /// Code from a discussion or the user: kept verbatim except for delimiters, since `<` is code here.
    public static func code(_ text: String) -> String {
        neutralizingDelimiters(text)
    }

    /// Drops `<tag ...>`, `</tag>`, `<!-- ... -->` and `<!DOCTYPE ...>`; a lone `<` (as in `a < b`) stays.
    static func stripTags(_ text: String) -> String {
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "<", let end = tagEnd(in: text, from: index) {
                output.append(" ")
                index = end
                continue
            }
            output.append(character)
            index = text.index(after: index)
        }
        return output
    }

    /// The index after the tag starting at `start`, or nil when `<` does not open a tag.
    private static func tagEnd(in text: String, from start: String.Index) -> String.Index? {
        let next = text.index(after: start)
        guard next < text.endIndex else { return nil }
        let lead = text[next]
        if text[next...].hasPrefix("!--") {
            guard let close = text.range(of: "-->", range: next..<text.endIndex) else { return nil }
            return close.upperBound
        }
        guard lead.isLetter || lead == "/" || lead == "!" else { return nil }
        guard let close = text[next...].firstIndex(of: ">") else { return nil }
        // A tag does not span a line break in the prose we see; `a <b and c> d` over lines is not a tag.
        if text[next..<close].contains("\n") { return nil }
        return text.index(after: close)
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named = ["&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&apos;": "'", "&nbsp;": " ", "&amp;": "&"]
        var output = ""
        var index = text.startIndex
        outer: while index < text.endIndex {
            if text[index] == "&" {
                for (entity, value) in named where text[index...].hasPrefix(entity) {
                    output += value
                    index = text.index(index, offsetBy: entity.count)
                    continue outer
                }
                if text[index...].hasPrefix("&#"), let semicolon = text[index...].prefix(10).firstIndex(of: ";") {
                    let body = text[text.index(index, offsetBy: 2)..<semicolon]
                    let number = body.hasPrefix("x") || body.hasPrefix("X") ? UInt32(body.dropFirst(), radix: 16) : UInt32(body)
                    if let number, let scalar = Unicode.Scalar(number) {
                        output.unicodeScalars.append(scalar)
                        index = text.index(after: semicolon)
                        continue
                    }
                }
            }
            output.append(text[index])
            index = text.index(after: index)
        }
        return output
    }
}
