import SOSecureCore

/// Collects lexer errors with their source locations.
///
/// Locations are computed incrementally: errors usually arrive in text order, so the UTF-16 column
/// continues from the previous error on the same line instead of rescanning it (a 10 MB single line
/// full of errors would otherwise be quadratic). Past `limit` errors one final note is recorded and the
/// rest are dropped: nobody reads the 1001st error of a binary file.
struct LexerDiagnostics {
    static let limit = 1000

    private(set) var errors: [PythonSyntaxError] = []
    private let text: [UInt8]
    private let lineIndex: LineIndex
    private var cachedLine = -1
    private var cachedOffset = 0
    private var cachedUTF16Column = 0
    private var truncated = false

    init(text: [UInt8], lineIndex: LineIndex) {
        self.text = text
        self.lineIndex = lineIndex
    }

    /// False once the limit was reached and the final note recorded.
    var acceptsMore: Bool { !truncated }

    mutating func report(_ message: String, _ range: TextRange) {
        guard !truncated else { return }
        if errors.count >= Self.limit {
            truncated = true
            errors.append(PythonSyntaxError(
                message: "too many errors; further lexer errors in this file are not reported",
                range: range, location: location(of: range.start)))
            return
        }
        errors.append(PythonSyntaxError(message: message, range: range, location: location(of: range.start)))
    }

    /// 1-based line number of a byte offset.
    func lineNumber(of offset: Int) -> Int {
        lineIndex.lineNumber(containing: max(0, min(offset, text.count))) + 1
    }

    mutating func location(of rawOffset: Int) -> SourceLocation {
        let offset = max(0, min(rawOffset, text.count))
        let line = lineIndex.lineNumber(containing: offset)
        let lineStart = lineIndex.lineStarts[line]
        var index = lineStart
        var utf16 = 0
        if line == cachedLine, offset >= cachedOffset {
            index = cachedOffset
            utf16 = cachedUTF16Column
        }
        while index < offset {
            let byte = text[index]
            if byte & 0xC0 != 0x80 { utf16 += byte >= 0xF0 ? 2 : 1 }
            index += 1
        }
        cachedLine = line
        cachedOffset = offset
        cachedUTF16Column = utf16
        return SourceLocation(line: line + 1, column: offset - lineStart + 1, utf16Column: utf16 + 1)
    }

    /// Errors ordered by position; errors at the same position keep the order they were found in.
    func sortedErrors() -> [PythonSyntaxError] {
        errors.enumerated()
            .sorted { ($0.element.range.start, $0.offset) < ($1.element.range.start, $1.offset) }
            .map(\.element)
    }
}
