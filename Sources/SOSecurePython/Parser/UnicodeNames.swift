/// Reverse lookup of Unicode character names for `\N{...}` escapes.
enum UnicodeNames {
    /// Built on first use (only files using `\N{}` pay for it); immutable afterwards.
    private static let table: [String: UInt32] = build()

    /// The code point named `name` (case-insensitive, formal aliases included).
    static func lookup(_ name: String) -> UInt32? {
        table[name.uppercased()]
    }

    private static func build() -> [String: UInt32] {
        var table: [String: UInt32] = [:]
        table.reserveCapacity(160_000)
        // Planes 0-3 hold every named character except the tag and variation
        // selector blocks of plane 14; the rest is unassigned or private use.
        let ranges: [ClosedRange<UInt32>] = [0...0x3FFFF, 0xE0000...0xE01EF]
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let properties = scalar.properties
                if let name = properties.name { table[name] = value }
                if let alias = properties.nameAlias, table[alias] == nil { table[alias] = value }
            }
        }
        return table
    }
}
