import SOSecureCore

/// A PEP 263 `# -*- coding: NAME -*-` declaration on line 1 or 2.
struct CodingDeclaration {
    /// The name as written.
    let name: String
    /// The byte range of the name.
    let range: TextRange

    /// Matches `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)` on line 1, or on line 2 when line 1 is blank or a comment.
    static func find(in bytes: [UInt8], from start: Int) -> CodingDeclaration? {
        let firstEnd = lineEnd(in: bytes, from: start)
        if let declaration = match(bytes, start, firstEnd) { return declaration }
        guard isBlankOrComment(bytes, start, firstEnd) else { return nil }
        let secondStart = lineBreakEnd(in: bytes, at: firstEnd)
        guard secondStart < bytes.count else { return nil }
        return match(bytes, secondStart, lineEnd(in: bytes, from: secondStart))
    }

    /// Lower-cased, `_` as `-`: the form the alias tables below are written in.
    static func normalize(_ name: String) -> String {
        String(name.lowercased().map { $0 == "_" ? "-" : $0 })
    }

    /// CPython's own first normalization (`get_normal_name`): the utf-8 and latin-1 families get one name,
    /// anything else is kept as written. With a BOM only a name that becomes "utf-8" here is accepted.
    static func cpythonNormalName(_ name: String) -> String {
        let normalized = normalize(name)
        if normalized == "utf-8" || normalized.hasPrefix("utf-8-") { return "utf-8" }
        for latin1 in ["latin-1", "iso-8859-1", "iso-latin-1"] where normalized == latin1 || normalized.hasPrefix(latin1 + "-") {
            return "iso-8859-1"
        }
        return name
    }

    /// What a declared name means to us: UTF-8, a single-byte encoding we transcode, or nil when unknown.
    static func encoding(named name: String) -> DeclaredEncoding? {
        let normalized = normalize(name)
        switch normalized {
        case "utf-8", "utf8", "u8", "utf", "cp65001":
            return .utf8
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "cp819", "iso-latin-1", "latin", "ibm819", "8859",
            "iso-ir-100", "csisolatin1":
            return .singleByte(.latin1)
        case "ascii", "us-ascii", "646", "us", "ansi-x3.4-1968", "iso646-us", "cp367", "ibm367", "csascii":
            return .singleByte(.ascii)
        case "iso-8859-15", "iso8859-15", "latin-9", "latin9", "l9":
            return .singleByte(.latin9)
        case "cp1252", "windows-1252", "1252":
            return .singleByte(.cp1252)
        case "iso-8859-5", "iso8859-5", "cyrillic", "iso-ir-144", "csisolatincyrillic":
            return .singleByte(.cyrillic)
        case "koi8-r", "koi8r", "cskoi8r":
            return .singleByte(.koi8r)
        case "koi8-u", "koi8u":
            return .singleByte(.koi8u)
        case "cp1251", "windows-1251", "1251":
            return .singleByte(.cp1251)
        default:
            // CPython treats "utf-8-<anything>" and "latin-1-<anything>" as the base codec.
            if normalized.hasPrefix("utf-8-") { return .utf8 }
            if normalized.hasPrefix("latin-1-") || normalized.hasPrefix("iso-8859-1-") || normalized.hasPrefix("iso-latin-1-") {
                return .singleByte(.latin1)
            }
            return nil
        }
    }

    private static func match(_ bytes: [UInt8], _ start: Int, _ end: Int) -> CodingDeclaration? {
        var index = start
        while index < end, isHorizontalSpace(bytes[index]) { index += 1 }
        guard index < end, bytes[index] == UInt8(ascii: "#") else { return nil }
        let coding: [UInt8] = Array("coding".utf8)
        var candidate = index + 1
        while candidate + coding.count < end {
            if bytes[candidate..<candidate + coding.count].elementsEqual(coding),
               bytes[candidate + coding.count] == UInt8(ascii: ":") || bytes[candidate + coding.count] == UInt8(ascii: "=") {
                var nameStart = candidate + coding.count + 1
                while nameStart < end, bytes[nameStart] == UInt8(ascii: " ") || bytes[nameStart] == UInt8(ascii: "\t") {
                    nameStart += 1
                }
                var nameEnd = nameStart
                while nameEnd < end, isNameByte(bytes[nameEnd]) { nameEnd += 1 }
                if nameEnd > nameStart {
                    let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
                    return CodingDeclaration(name: name, range: TextRange(start: nameStart, end: nameEnd))
                }
            }
            candidate += 1
        }
        return nil
    }

    private static func isBlankOrComment(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end, isHorizontalSpace(bytes[index]) { index += 1 }
        return index == end || bytes[index] == UInt8(ascii: "#")
    }

    private static func isHorizontalSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0C
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    private static func lineEnd(in bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "\r") { index += 1 }
        return index
    }

    private static func lineBreakEnd(in bytes: [UInt8], at index: Int) -> Int {
        guard index < bytes.count else { return index }
        if bytes[index] == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { return index + 2 }
        return index + 1
    }
}

enum DeclaredEncoding: Equatable {
    case utf8
    case singleByte(SingleByteEncoding)
}
