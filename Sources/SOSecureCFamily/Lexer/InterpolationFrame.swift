/// A literal whose text can hold code: a JS/TS template or a Swift string.
enum InterpolatedStyle: Equatable {
    case template
    case swift(hashes: Int, multiLine: Bool)

    /// The bracket that ends an expression inside: `}` of `${…}`, `)` of `\(…)`.
    var closer: BracketShape { self == .template ? .brace : .paren }

    var unterminatedMessage: String {
        switch self {
        case .template: return "unterminated template literal: expected '`'"
        case let .swift(hashes, multiLine):
            let hashText = String(repeating: "#", count: hashes)
            return "unterminated string literal: expected '\(multiLine ? "\"\"\"" : "\"")\(hashText)'"
        }
    }
}

/// Where an interpolated literal began, to cut it back to its first line when it never ends.
struct LiteralCheckpoint {
    let style: InterpolatedStyle
    let literalStart: Int
    let openerLength: Int
    let tokenCount: Int
    let diagnosticCount: Int
    /// Whether it began inside another literal's expression (then it cannot be rewound to on its own).
    let isNested: Bool
}

/// One open `${…}` or `\(…)`: the literal it belongs to and how many brackets of its kind are open inside.
struct InterpolationFrame {
    let checkpoint: LiteralCheckpoint
    var depth = 0

    var closer: BracketShape { checkpoint.style.closer }
}
