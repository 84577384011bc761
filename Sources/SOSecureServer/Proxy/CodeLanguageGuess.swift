import SOSecureCore

/// The language of a fenced block: its tag when it names one, else a guess from the code. The guess
/// only has to tell Python from everything else, since Python is what the analyzer reads; a block it
/// cannot place is left alone rather than scanned as the wrong language.
enum CodeLanguageGuess {
    static func language(tag: String, code: String) -> Language? {
        if !tag.isEmpty { return Language(name: tag.lowercased()) }
        return guess(code)
    }

    /// Python when its statement shapes outweigh the braces and semicolons of C-like languages.
    static func guess(_ code: String) -> Language? {
        var python = 0
        var braces = 0
        for rawLine in code.split(separator: "\n") {
            let line = rawLine.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty { continue }
            if pythonStarts.contains(where: { line.hasPrefix($0) }) { python += 2 }
            if line.hasSuffix(":") && blockKeywords.contains(where: { line.hasPrefix($0) }) { python += 2 }
            if line.hasPrefix("#") && !line.hasPrefix("#include") && !line.hasPrefix("#define") { python += 1 }
            if line.contains("self.") || line.contains("__name__") || line.contains("elif ") { python += 1 }
            if line.hasSuffix(";") || line.hasSuffix("{") || line.hasPrefix("}") { braces += 2 }
            if cLikeStarts.contains(where: { line.hasPrefix($0) }) { braces += 2 }
        }
        return python > 0 && python > braces ? .python : nil
    }

    private static let pythonStarts = ["def ", "async def ", "import ", "from ", "class ", "print(", "elif ", "with ", "@"]
    private static let blockKeywords = ["if ", "for ", "while ", "try", "except", "else", "finally", "def ", "class ", "with "]
    private static let cLikeStarts = ["#include", "function ", "const ", "let ", "var ", "public ", "private ", "package ", "func ", "<?php", "//"]
}

private extension Substring {
    func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
        var trimmed = self
        while let first = trimmed.first, predicate(first) { trimmed = trimmed.dropFirst() }
        return trimmed
    }
}
