import SOSecureCore

/// The language of a fenced block: its tag when it names one, else a guess from the code. The guess first
/// tells Python from the brace languages, then names a brace language only from a marker that language
/// alone uses (`<?php`, `#include`, `package main`…); a block it cannot place is left alone rather than
/// scanned as the wrong language.
enum CodeLanguageGuess {
    static func language(tag: String, code: String) -> Language? {
        if !tag.isEmpty { return Language(name: tag.lowercased()) }
        return guess(code)
    }

    /// Python when its statement shapes outweigh the braces and semicolons of C-like languages; else the brace
    /// language whose marker appears, if any.
    static func guess(_ code: String) -> Language? {
        var python = 0
        var braces = 0
        var lines: [Substring] = []
        for rawLine in code.split(separator: "\n") {
            let line = rawLine.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty { continue }
            lines.append(line)
            if pythonStarts.contains(where: { line.hasPrefix($0) }) { python += 2 }
            if line.hasSuffix(":") && blockKeywords.contains(where: { line.hasPrefix($0) }) { python += 2 }
            if line.hasPrefix("#") && !line.hasPrefix("#include") && !line.hasPrefix("#define") { python += 1 }
            if line.contains("self.") || line.contains("__name__") || line.contains("elif ") { python += 1 }
            if line.hasSuffix(";") || line.hasSuffix("{") || line.hasPrefix("}") { braces += 2 }
            if cLikeStarts.contains(where: { line.hasPrefix($0) }) { braces += 2 }
        }
        if python > 0 && python > braces { return .python }
        return braces > 0 ? braceLanguage(lines) : nil
    }

    /// The brace language named by a marker line, checked from the most to the least specific.
    private static func braceLanguage(_ lines: [Substring]) -> Language? {
        func starts(_ prefixes: [String]) -> Bool { lines.contains { line in prefixes.contains { line.hasPrefix($0) } } }
        func mentions(_ needles: [String]) -> Bool { lines.contains { line in needles.contains { line.contains($0) } } }
        if starts(["<?php"]) { return .php }
        if starts(["#include"]) {
            return mentions(["std::", "using namespace", "#include <iostream>", "#include <string>", "#include <vector>"]) ? .cpp : .c
        }
        if starts(["func "]) && (starts(["package "]) || mentions([":= ", "fmt."])) { return .go }
        if starts(["import java.", "import javax.", "public class "]) || mentions(["System.out.", "public static void main("])
            || lines.contains(where: { $0.hasPrefix("package ") && $0.hasSuffix(";") }) {
            return .java
        }
        if starts(["import Foundation", "import UIKit", "import SwiftUI"]) { return .swift }
        if starts(["interface ", "type ", "export interface "]) && mentions([": string", ": number"]) { return .typescript }
        if starts(["function ", "const ", "let ", "var ", "module.exports", "export "])
            || mentions(["require(", "console.log(", "document.", "=> {"]) {
            return .javascript
        }
        return nil
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
