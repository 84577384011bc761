import SOSecureCore

/// A C-family language as the lexer sees it. Each dialect has one `DialectDescription`
/// (comment styles, string forms, keywords, operators); the lexer core is shared.
public enum Dialect: String, Sendable, CaseIterable {
    case c, cpp, java, javascript, typescript, go, php, swift

    /// The dialect of a language, or nil for languages outside the C family (Python).
    public init?(language: Language) {
        switch language {
        case .c: self = .c
        case .cpp: self = .cpp
        case .java: self = .java
        case .javascript: self = .javascript
        case .typescript: self = .typescript
        case .go: self = .go
        case .php: self = .php
        case .swift: self = .swift
        case .python: return nil
        }
    }

    /// Whether keywords match regardless of ASCII case (PHP's `ECHO`, `True`, `NULL`).
    public var hasCaseInsensitiveKeywords: Bool { self == .php }

    var description: DialectDescription {
        switch self {
        case .c: return .c
        case .cpp: return .cpp
        case .java: return .java
        case .javascript: return .javascript
        case .typescript: return .typescript
        case .go: return .go
        case .php: return .php
        case .swift: return .swift
        }
    }
}
