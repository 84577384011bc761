/// Reverse lookup of Unicode character names for `\N{...}` escapes.
enum UnicodeNames {
    /// Built on first use (only files using `\N{}` pay for it); immutable afterwards. The Basic
    /// Multilingual Plane holds nearly every name code asks for and costs a quarter of the rest.
    private static let basicPlane: [String: UInt32] = build([0...0xFFFF])
    /// Planes 1-3 and the tag and variation selector blocks of plane 14; the rest of the code space is
    /// unassigned or private use.
    private static let otherPlanes: [String: UInt32] = build([0x10000...0x3FFFF, 0xE0000...0xE01EF])

    /// The code point named `name` (case-insensitive, formal aliases included). Names and aliases share
    /// one namespace, so a name found in one table is in no other.
    static func lookup(_ name: String) -> UInt32? {
        let key = name.uppercased()
        return basicPlane[key] ?? otherPlanes[key]
    }

    private static func build(_ ranges: [ClosedRange<UInt32>]) -> [String: UInt32] {
        var table: [String: UInt32] = [:]
        table.reserveCapacity(ranges.reduce(0) { $0 + $1.count } / 2)
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
