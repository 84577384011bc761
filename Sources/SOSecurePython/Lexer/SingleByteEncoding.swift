/// The single-byte encodings a PEP 263 declaration may name that SOSecure decodes itself.
/// Each maps bytes 0x00–0x7F to ASCII; the tables below give 0x80–0xFF.
enum SingleByteEncoding: String, CaseIterable, Sendable {
    case ascii = "ascii"
    case latin1 = "latin-1"
    case latin9 = "iso-8859-15"
    case cp1252 = "cp1252"
    case cyrillic = "iso-8859-5"

    /// The Unicode scalar for a byte >= 0x80, or nil when the encoding leaves that byte undefined.
    func scalar(for byte: UInt8) -> UInt32? {
        let value = UInt32(byte)
        switch self {
        case .ascii:
            return nil
        case .latin1:
            return value
        case .latin9:
            // ISO-8859-15 replaces eight ISO-8859-1 positions (euro sign, Š š Ž ž Œ œ Ÿ).
            switch byte {
            case 0xA4: return 0x20AC
            case 0xA6: return 0x0160
            case 0xA8: return 0x0161
            case 0xB4: return 0x017D
            case 0xB8: return 0x017E
            case 0xBC: return 0x0152
            case 0xBD: return 0x0153
            case 0xBE: return 0x0178
            default: return value
            }
        case .cp1252:
            guard byte < 0xA0 else { return value }
            let scalar = Self.cp1252Block80[Int(byte - 0x80)]
            return scalar == 0 ? nil : UInt32(scalar)
        case .cyrillic:
            // 0x80–0xA0 are C1 controls and NBSP; A1–FF are Cyrillic at U+0400 + (byte - 0xA0),
            // except soft hyphen, numero sign and section sign.
            switch byte {
            case 0x80...0xA0: return value
            case 0xAD: return 0x00AD
            case 0xF0: return 0x2116
            case 0xFD: return 0x00A7
            default: return 0x0400 + value - 0xA0
            }
        }
    }

    /// Windows-1252 bytes 0x80–0x9F; 0 marks the five undefined bytes (81, 8D, 8F, 90, 9D).
    private static let cp1252Block80: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]
}
