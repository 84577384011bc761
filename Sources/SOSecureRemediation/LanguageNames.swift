import SOSecureCore

extension Language {
    /// The language's name as programmers write it, for prompts ("JavaScript", "C++").
    public var displayName: String {
        switch self {
        case .python: "Python"
        case .javascript: "JavaScript"
        case .typescript: "TypeScript"
        case .java: "Java"
        case .go: "Go"
        case .c: "C"
        case .cpp: "C++"
        case .php: "PHP"
        case .swift: "Swift"
        }
    }

    /// The info string that opens a fenced block of this language (```python, ```cpp); `CodeBlockExtractor`
    /// takes it back.
    public var fenceTag: String { rawValue }
}

extension Language {
    /// The usual file extension, for names given to code that has none (an answer's code block); `Language(path:)`
    /// reads it back as this language.
    public var fileExtension: String {
        switch self {
        case .python: "py"
        case .javascript: "js"
        case .typescript: "ts"
        case .java: "java"
        case .go: "go"
        case .c: "c"
        case .cpp: "cpp"
        case .php: "php"
        case .swift: "swift"
        }
    }
}
