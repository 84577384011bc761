/// Languages SOSecure has (or will have) a front end for.
public enum Language: String, CaseIterable, Sendable, Codable {
    case python, javascript, typescript, java, go, c, cpp, php, swift

    /// Guesses the language from a file extension.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: ".") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "py", "pyw", "pyi": self = .python
        case "js", "mjs", "cjs", "jsx": self = .javascript
        case "ts", "tsx", "mts", "cts": self = .typescript
        case "java": self = .java
        case "go": self = .go
        case "c", "h": self = .c
        case "cc", "cpp", "cxx", "hpp", "hh", "hxx": self = .cpp
        case "php": self = .php
        case "swift": self = .swift
        default: return nil
        }
    }

    /// Names users and fenced code blocks use for a language (`py`, `js`, `c++`…).
    public init?(name: String) {
        switch name.lowercased() {
        case "python", "py", "python3": self = .python
        case "javascript", "js", "node", "jsx": self = .javascript
        case "typescript", "ts", "tsx": self = .typescript
        case "java": self = .java
        case "go", "golang": self = .go
        case "c": self = .c
        case "cpp", "c++", "cxx", "cc": self = .cpp
        case "php": self = .php
        case "swift": self = .swift
        default: return nil
        }
    }
}
