/// The C preprocessor lines that split code into alternative branches.
enum ConditionalDirective {
    /// `#if`, `#ifdef`, `#ifndef`
    case start
    /// `#if 0`: code switched off, often holding a brace only to please an editor's indenter
    case startNever
    /// `#elif`, `#elifdef`, `#elifndef`, `#else`
    case alternative
    /// `#endif`
    case end

    /// Reads the directive name of a `.preprocessor` token (`#  ifdef X` → `.start`); nil for others.
    init?(_ token: Token, in bytes: UnsafeBufferPointer<UInt8>) {
        guard token.kind == .preprocessor, token.range.end <= bytes.count else { return nil }
        var p = token.range.start + 1
        while p < token.range.end, bytes[p] == UInt8(ascii: " ") || bytes[p] == 0x09 { p += 1 }
        let nameStart = p
        while p < token.range.end, bytes[p] >= UInt8(ascii: "a"), bytes[p] <= UInt8(ascii: "z") { p += 1 }
        guard p - nameStart <= 8 else { return nil }   // short names: a small String, no allocation
        switch String(decoding: bytes[nameStart..<p], as: UTF8.self) {
        case "if":
            while p < token.range.end, bytes[p] == UInt8(ascii: " ") || bytes[p] == 0x09 { p += 1 }
            let isZero = p < token.range.end && bytes[p] == UInt8(ascii: "0")
                && (p + 1 == token.range.end || !(bytes[p + 1] >= UInt8(ascii: "0") && bytes[p + 1] <= UInt8(ascii: "9"))
                    && bytes[p + 1] != UInt8(ascii: "x") && bytes[p + 1] != UInt8(ascii: "X"))
            self = isZero ? .startNever : .start
        case "ifdef", "ifndef": self = .start
        case "elif", "elifdef", "elifndef", "else": self = .alternative
        case "endif": self = .end
        default: return nil
        }
    }
}
