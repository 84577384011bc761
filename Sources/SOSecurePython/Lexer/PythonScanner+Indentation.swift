extension PythonScanner {
    /// Measures the indentation of a new logical line and emits INDENT/DEDENT tokens, as CPython does:
    /// tabs advance to the next multiple of 8, form feed resets the column, and the same measurement with
    /// tabs as one column must order lines the same way, or tabs and spaces were mixed ambiguously.
    mutating func scanIndentation() {
        var column = 0
        var altColumn = 0
        while pos < end {
            let c = bytes[pos]
            if c == UInt8(ascii: " ") {
                column += 1
                altColumn += 1
            } else if c == UInt8(ascii: "\t") {
                column = (column / 8 + 1) * 8
                altColumn += 1
            } else if c == 0x0C {
                column = 0
                altColumn = 0
            } else {
                break
            }
            pos += 1
        }
        // Blank lines, comment-only lines and trailing whitespace at end of input leave indentation alone.
        if pos >= end { return }
        let c = bytes[pos]
        // (A line starting with a continuation backslash is not blank: CPython indents it like any other.)
        if c == UInt8(ascii: "#") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") { return }

        let current = indents[indents.count - 1]
        if column == current {
            if altColumn != altIndents[altIndents.count - 1] { reportInconsistentIndentation() }
        } else if column > current {
            if altColumn <= altIndents[altIndents.count - 1] {
                reportInconsistentIndentation()
            }
            // Levels past the limit are tracked, so dedenting stays in step, but get no INDENT/DEDENT tokens;
            // only the first of them is reported.
            let level = indents.count
            if level == Self.maxIndentLevels { error("too many levels of indentation", pos, pos + 1) }
            indents.append(column)
            altIndents.append(altColumn)
            if level < Self.maxIndentLevels { emitLayout(.indent, pos, pos) }
        } else {
            while indents.count > 1, column < indents[indents.count - 1] {
                indents.removeLast()
                altIndents.removeLast()
                if indents.count < Self.maxIndentLevels { emitLayout(.dedent, pos, pos) }
            }
            if column != indents[indents.count - 1] {
                error("unindent does not match any outer indentation level", pos, pos + 1)
            } else if altColumn != altIndents[altIndents.count - 1] {
                reportInconsistentIndentation()
            }
        }
    }

    private mutating func reportInconsistentIndentation() {
        error("inconsistent use of tabs and spaces in indentation", pos, pos + 1)
    }
}
