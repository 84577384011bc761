/// Renders the source lines around a range with line numbers and a caret underline:
///
///       2 | def handler(request):
///       3 |     cmd = "ls " + request.args["dir"
///         |                                     ^ expected ']'
///
/// Safe on any input: invalid UTF-8 and control bytes show as `�`, invisible format
/// characters (bidi overrides, zero-width spaces) as `<U+202E>`, tabs are expanded, and
/// lines longer than `maxWidth` columns are cut to a window around the range.
public struct CodeFrame: Sendable {
    /// Lines shown above the first highlighted line.
    public var contextLines: Int
    /// At most this many lines of a multi-line range are shown (then `...`).
    public var maxHighlightedLines: Int
    /// Display columns of source shown per line before it is cut.
    public var maxWidth: Int
    public var tabWidth: Int
    /// ANSI colours for a terminal.
    public var color: Bool

    public init(contextLines: Int = 2, maxHighlightedLines: Int = 3, maxWidth: Int = 120, tabWidth: Int = 4, color: Bool = false) {
        self.contextLines = max(0, contextLines)
        self.maxHighlightedLines = max(1, maxHighlightedLines)
        self.maxWidth = max(20, maxWidth)
        self.tabWidth = max(1, tabWidth)
        self.color = color
    }

    public func render(_ file: SourceFile, range: TextRange, label: String? = nil) -> String {
        render(bytes: file.bytes, lineIndex: file.lineIndex, range: range, label: label)
    }

    /// The frame for `range` over `bytes` (which `lineIndex` must index). `label` is printed
    /// after the carets of the last highlighted line. Ends with a newline.
    public func render(bytes: [UInt8], lineIndex: LineIndex, range: TextRange, label: String? = nil) -> String {
        let start = min(max(0, range.start), bytes.count)
        let end = min(max(start, range.end), bytes.count)
        let firstLine = lineIndex.lineNumber(containing: start)
        // A range ending just after a line break ends on that line, not the next one.
        let lastLine = lineIndex.lineNumber(containing: max(start, end - 1))
        let shownFirst = max(0, firstLine - contextLines)
        let shownLast = min(lastLine, firstLine + maxHighlightedLines - 1)
        let gutterWidth = String(shownLast + 1).count
        // Long lines are windowed around the same byte column on every line shown.
        let anchorColumn = start - lineIndex.lineStarts[firstLine]

        var output = ""
        for line in shownFirst...shownLast {
            let lineRange = lineIndex.rangeOfLine(line)
            let highlight: Range<Int>? = line >= firstLine
                ? max(start, lineRange.start)..<(line == lastLine ? max(start, end) : lineRange.end)
                : nil
            let rendered = renderLine(bytes, lineRange, anchorColumn: anchorColumn, highlight: highlight)
            output += gutter(String(line + 1), width: gutterWidth) + rendered.text + "\n"
            if let columns = rendered.highlightColumns {
                let carets = String(repeating: "^", count: max(1, columns.upperBound - columns.lowerBound))
                var underline = String(repeating: " ", count: columns.lowerBound) + paint(carets, Self.caretStyle)
                if line == shownLast, let label, !label.isEmpty { underline += " " + paint(label, Self.caretStyle) }
                output += gutter("", width: gutterWidth) + underline + "\n"
            }
        }
        if shownLast < lastLine {
            output += gutter("", width: gutterWidth) + "...\n"
        }
        return output
    }

    // MARK: - One line

    private struct RenderedLine {
        var text: String
        /// Display columns (0-based, end exclusive) of the highlighted part, if the line has one.
        var highlightColumns: Range<Int>?
    }

    private func renderLine(_ bytes: [UInt8], _ line: TextRange, anchorColumn: Int, highlight: Range<Int>?) -> RenderedLine {
        var text = ""
        var column = 0
        var highlightStart: Int?
        var highlightEnd: Int?

        // Start the window a third of the width before the anchor when the line is too long to show whole.
        var cursor = line.start
        let mayNeedWindow = line.length > maxWidth
        if mayNeedWindow, anchorColumn > maxWidth / 3 {
            cursor = min(line.end, line.start + anchorColumn - maxWidth / 3)
            while cursor < line.end, bytes[cursor] & 0xC0 == 0x80 { cursor += 1 }
            if cursor > line.start {
                text = "…"
                column = 1
            }
        }
        let limit = maxWidth + column

        while cursor < line.end {
            if let highlight, highlightStart == nil, cursor >= highlight.lowerBound { highlightStart = column }
            if let highlight, highlightEnd == nil, cursor >= highlight.upperBound { highlightEnd = column }
            let (scalar, length) = Self.decode(bytes, at: cursor, end: line.end)
            let piece = display(scalar, atColumn: column)
            if column + piece.width > limit {
                text += "…"
                break
            }
            text += piece.text
            column += piece.width
            cursor += length
        }
        guard let highlight else { return RenderedLine(text: text, highlightColumns: nil) }
        // The range may start before the window or run past its end (or the line's end).
        let lower = highlightStart ?? (highlight.lowerBound < line.start ? 0 : column)
        let upper = max(lower, highlightEnd ?? column)
        return RenderedLine(text: text, highlightColumns: lower..<max(upper, lower + 1))
    }

    private func display(_ scalar: Unicode.Scalar?, atColumn column: Int) -> (text: String, width: Int) {
        guard let scalar else { return ("\u{FFFD}", 1) }
        if scalar == "\t" {
            let width = tabWidth - column % tabWidth
            return (String(repeating: " ", count: width), width)
        }
        switch scalar.properties.generalCategory {
        case .control, .surrogate, .unassigned:
            return ("\u{FFFD}", 1)
        case .format, .lineSeparator, .paragraphSeparator, .privateUse:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let shown = "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
            return (shown, shown.count)
        case .nonspacingMark, .enclosingMark:
            return (String(scalar), 0)
        default:
            return (String(scalar), Self.isWide(scalar) ? 2 : 1)
        }
    }

    /// East Asian wide and fullwidth characters and emoji take two terminal cells.
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Decodes one UTF-8 scalar; nil (with length 1) for a byte that does not start a valid sequence.
    private static func decode(_ bytes: [UInt8], at index: Int, end: Int) -> (Unicode.Scalar?, Int) {
        let lead = bytes[index]
        let length: Int
        var value: UInt32
        switch lead {
        case 0x00...0x7F: return (Unicode.Scalar(lead), 1)
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return (nil, 1)
        }
        guard index + length <= end else { return (nil, 1) }
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return (nil, 1) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        // Reject overlong forms, which `Unicode.Scalar` would otherwise accept.
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
        return (scalar, length)
    }

    // MARK: - Styling

    private func gutter(_ number: String, width: Int) -> String {
        let padded = String(repeating: " ", count: width - number.count) + number
        return paint(" " + padded + " | ", Self.gutterStyle)
    }

    private func paint(_ text: String, _ style: String?) -> String {
        guard color, let style else { return text }
        return style + text + "\u{1B}[0m"
    }

    private static let gutterStyle = "\u{1B}[34m"
    private static let caretStyle = "\u{1B}[1;31m"
}
