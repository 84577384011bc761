import SOSecureCore

/// Syntax errors as `sosecure ast` shows them after the tree: a `path:line:col: error:`
/// line, then the source around the error with a caret under it.
public enum ASTSyntaxErrorReport {
    /// More than this many frames would bury the tree (a binary file yields hundreds of errors).
    public static let maxShown = 20

    public static func render(
        _ errors: [PythonSyntaxError], path: String, text: [UInt8], lineIndex: LineIndex, color: Bool
    ) -> String {
        let frame = CodeFrame(contextLines: 2, color: color)
        var output = ""
        for error in errors.prefix(maxShown) {
            let position = "\(path):\(error.location.line):\(error.location.column):"
            output += "\n" + (color ? "\u{1B}[1m\(position)\u{1B}[0m \u{1B}[1;31merror:\u{1B}[0m " : position + " error: ")
            output += error.message + "\n"
            output += frame.render(bytes: text, lineIndex: lineIndex, range: error.range)
        }
        if errors.count > maxShown {
            let hidden = errors.count - maxShown
            output += "\n... and \(hidden) more syntax error\(hidden == 1 ? "" : "s") (--check lists them all)\n"
        }
        return output
    }
}
