import Foundation
import SOSecureCore

/// Which Stack Overflow tags mean which language, used to give every entry a language.
/// Tags naming a language itself win over framework tags (`c++` beats `qt`, `python` beats `numpy`).
public struct LanguageTagMap: Sendable, Equatable {
    /// Language → tags, first tag is the language's own name.
    public let tags: [Language: [String]]
    private let lookup: [String: Language]

    public init(tags: [Language: [String]]) {
        self.tags = tags
        var lookup: [String: Language] = [:]
        for language in Language.allCases {
            for tag in tags[language] ?? [] where lookup[tag.lowercased()] == nil {
                lookup[tag.lowercased()] = language
            }
        }
        self.lookup = lookup
    }

    public static let `default` = LanguageTagMap(tags: [
        .python: ["python", "python-3.x", "python-2.7", "django", "flask", "fastapi", "jinja2", "sqlalchemy",
                  "pandas", "numpy", "pyyaml", "pickle", "subprocess", "tornado", "pyramid", "bottle", "boto3",
                  "python-requests", "paramiko", "lxml", "celery", "django-rest-framework", "werkzeug"],
        .javascript: ["javascript", "node.js", "express", "reactjs", "jquery", "vue.js", "angularjs", "ecmascript-6",
                      "npm", "next.js", "mongoose", "handlebars.js", "ejs", "electron", "dom", "es6-promise"],
        .typescript: ["typescript", "angular", "nestjs", "deno", "typeorm", "type-graphql"],
        .java: ["java", "spring", "spring-boot", "spring-mvc", "spring-security", "hibernate", "jdbc", "servlets",
                "jsp", "jax-rs", "jackson", "android", "maven", "jpa", "java-8", "java-ee", "struts2"],
        .go: ["go", "golang", "gin-gonic", "go-gorm", "go-chi", "goroutine"],
        .c: ["c", "gcc", "posix", "libc", "glibc", "malloc", "printf", "strcpy", "c99", "c11"],
        .cpp: ["c++", "c++11", "c++14", "c++17", "c++20", "stl", "qt", "boost", "visual-c++", "std"],
        .php: ["php", "laravel", "symfony", "wordpress", "mysqli", "pdo", "codeigniter", "composer-php", "php-7", "php-8"],
        .swift: ["swift", "ios", "swiftui", "cocoa", "cocoa-touch", "objective-c", "uikit", "xcode", "vapor"],
    ])

    /// The entry's language from its question's tags, falling back to a code block's `lang-…` hint.
    public func language(forTags entryTags: [String], hint: String? = nil) -> Language? {
        // A tag that names a language outright decides; frameworks only when none does.
        for tag in entryTags {
            if let language = Language(name: tag), lookup[tag] == language { return language }
        }
        for tag in entryTags {
            if let language = lookup[tag] { return language }
        }
        if let hint, let language = Language(name: hint) { return language }
        return nil
    }

    /// Reads `language: tag, tag, …` lines (`#` comments allowed); languages not listed keep their defaults.
    public static func load(path: String) throws -> LanguageTagMap {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KnowledgeError.unreadable(path: path, reason: "no such file or not readable")
        }
        var tags = LanguageTagMap.default.tags
        var violations: [SchemaViolation] = []
        for (number, rawLine) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = (rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            guard let colon = line.firstIndex(of: ":") else {
                violations.append(SchemaViolation(path: path, line: number + 1, column: 1, field: "line", message: "expected 'language: tag, tag, …'"))
                continue
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard let language = Language(rawValue: name.lowercased()) else {
                violations.append(SchemaViolation(path: path, line: number + 1, column: 1, field: "language",
                                                  message: "unknown language '\(name)'; expected one of \(Language.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            let list = line[line.index(after: colon)...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            if list.isEmpty {
                violations.append(SchemaViolation(path: path, line: number + 1, column: colon.utf16Offset(in: line) + 2, field: "tags", message: "no tags listed for \(language.rawValue)"))
                continue
            }
            tags[language] = list
        }
        if !violations.isEmpty { throw KnowledgeError.schema(violations) }
        return LanguageTagMap(tags: tags)
    }
}
