/// Stack Exchange tags in either dump spelling: `<python><flask>` (older dumps) or `|python|flask|` (newer).
enum TagList {
    static func parse(_ raw: String) -> [String] {
        var tags: [String] = []
        var current = ""
        for character in raw {
            if character == "<" || character == ">" || character == "|" || character == " " || character == "," {
                if !current.isEmpty { tags.append(current.lowercased()) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tags.append(current.lowercased()) }
        var seen = Set<String>()
        return tags.filter { seen.insert($0).inserted }
    }

    /// Storage form `|a|b|`: a single `LIKE '%|tag|%'` finds a tag without false prefixes.
    static func encode(_ tags: [String]) -> String {
        tags.isEmpty ? "" : "|" + tags.joined(separator: "|") + "|"
    }
}
