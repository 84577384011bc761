import Foundation

/// The pattern-only spellings in a code pattern, `$NAME` metavariables and `...`, and how they are
/// hidden from the dialect lexers: each becomes a plain identifier no real code uses, so every dialect
/// lexes a pattern the same way it lexes code.
enum CodePatternText {
    static let metavariablePrefix = "__sosecure_mv_"
    static let ellipsisPlaceholder = "__sosecure_ellipsis__"

    /// `$` followed by a capital letter, then capitals, digits or `_` (`$CMD`, `$X1`, `$SINK`).
    /// PHP's `$_GET` and `$name` stay variables.
    static func isMetavariable(_ text: String) -> Bool {
        var scalars = text.unicodeScalars.makeIterator()
        guard scalars.next() == "$", let first = scalars.next(), ("A"..."Z").contains(first) else { return false }
        while let next = scalars.next() {
            guard ("A"..."Z").contains(next) || ("0"..."9").contains(next) || next == "_" else { return false }
        }
        return true
    }

    /// The metavariables a pattern mentions, in order of first appearance.
    static func metavariables(in pattern: String) -> [String] {
        var found: [String] = []
        let scalars = Array(pattern.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "$", let end = metavariableEnd(scalars, from: index) {
                let name = String(String.UnicodeScalarView(scalars[index..<end]))
                if !found.contains(name) { found.append(name) }
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    /// The pattern with metavariables and `...` replaced by placeholder identifiers (spaced, so they
    /// never fuse with a neighbouring word).
    static func substituted(_ pattern: String) -> String {
        let scalars = Array(pattern.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "$", let end = metavariableEnd(scalars, from: index) {
                output.append(contentsOf: " \(metavariablePrefix)".unicodeScalars)
                output.append(contentsOf: scalars[(index + 1)..<end])
                output.append(" ")
                index = end
            } else if scalar == ".", index + 2 < scalars.count, scalars[index + 1] == ".", scalars[index + 2] == ".",
                      index + 3 >= scalars.count || scalars[index + 3] != "." {
                output.append(contentsOf: " \(ellipsisPlaceholder) ".unicodeScalars)
                index += 3
            } else {
                output.append(scalar)
                index += 1
            }
        }
        return String(output)
    }

    /// A fix template with each metavariable replaced by `value(name)`; nil when one has no value.
    static func filled(_ template: String, _ value: (String) -> String?) -> String? {
        let scalars = Array(template.unicodeScalars)
        var output = ""
        var index = 0
        var literalStart = 0
        while index < scalars.count {
            guard scalars[index] == "$", let end = metavariableEnd(scalars, from: index) else {
                index += 1
                continue
            }
            output += String(String.UnicodeScalarView(scalars[literalStart..<index]))
            guard let code = value(String(String.UnicodeScalarView(scalars[index..<end]))) else { return nil }
            output += code
            index = end
            literalStart = end
        }
        return output + String(String.UnicodeScalarView(scalars[literalStart...]))
    }

    /// The metavariable name (`$CMD`) a placeholder identifier stands for, if it is one.
    static func metavariable(fromPlaceholder text: String) -> String? {
        guard text.hasPrefix(metavariablePrefix) else { return nil }
        return "$" + text.dropFirst(metavariablePrefix.count)
    }

    private static func metavariableEnd(_ scalars: [Unicode.Scalar], from index: Int) -> Int? {
        guard index + 1 < scalars.count, ("A"..."Z").contains(scalars[index + 1]) else { return nil }
        // `$` glued to a preceding word character is part of an identifier (`a$B` in JavaScript).
        if index > 0, Self.isWordScalar(scalars[index - 1]) { return nil }
        var end = index + 2
        while end < scalars.count, ("A"..."Z").contains(scalars[end]) || ("0"..."9").contains(scalars[end]) || scalars[end] == "_" {
            end += 1
        }
        // `$Foo` (lowercase after the capital) is a variable name, not a metavariable.
        if end < scalars.count, Self.isWordScalar(scalars[end]) { return nil }
        return end
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar == "$" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
