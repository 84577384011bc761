import SOSecurePython

/// `import:` — importing the module is itself the finding (`telnetlib`, `pickle` in some policies).
enum ImportMatcher {
    static func matches(_ modules: [NamePattern], statement: Stmt) -> Match? {
        let imported: [String]
        switch statement.kind {
        case let .import(names):
            imported = names.map(\.name)
        case let .importFrom(module?, names, 0):
            imported = [module] + names.map { "\(module).\($0.name)" }
        default:
            return nil
        }
        let hit = imported.contains { name in
            modules.contains { pattern in pattern.matches(name) || name.hasPrefix(pattern.text + ".") }
        }
        return hit ? Match(range: statement.range, guessed: false) : nil
    }
}
