/// Recognizes hard keywords by length and bytes, without building a String.
enum KeywordLookup {
    @inline(__always)
    static func keyword(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> HardKeyword? {
        guard length >= 2, length <= 8 else { return nil }
        let p = bytes.baseAddress.unsafelyUnwrapped + start
        switch length {
        case 2:
            switch p[0] {
            case UInt8(ascii: "a"): return p[1] == UInt8(ascii: "s") ? .as : nil
            case UInt8(ascii: "i"):
                switch p[1] {
                case UInt8(ascii: "f"): return .if
                case UInt8(ascii: "n"): return .in
                case UInt8(ascii: "s"): return .is
                default: return nil
                }
            case UInt8(ascii: "o"): return p[1] == UInt8(ascii: "r") ? .or : nil
            default: return nil
            }
        case 3:
            switch p[0] {
            case UInt8(ascii: "a"): return rest(p, "and") ? .and : nil
            case UInt8(ascii: "d"): return rest(p, "def") ? .def : rest(p, "del") ? .del : nil
            case UInt8(ascii: "f"): return rest(p, "for") ? .for : nil
            case UInt8(ascii: "n"): return rest(p, "not") ? .not : nil
            case UInt8(ascii: "t"): return rest(p, "try") ? .try : nil
            default: return nil
            }
        case 4:
            switch p[0] {
            case UInt8(ascii: "N"): return rest(p, "None") ? HardKeyword.none : nil
            case UInt8(ascii: "T"): return rest(p, "True") ? .true : nil
            case UInt8(ascii: "e"): return rest(p, "elif") ? .elif : rest(p, "else") ? .else : nil
            case UInt8(ascii: "f"): return rest(p, "from") ? .from : nil
            case UInt8(ascii: "p"): return rest(p, "pass") ? .pass : nil
            case UInt8(ascii: "w"): return rest(p, "with") ? .with : nil
            default: return nil
            }
        case 5:
            switch p[0] {
            case UInt8(ascii: "F"): return rest(p, "False") ? .false : nil
            case UInt8(ascii: "a"): return rest(p, "async") ? .async : rest(p, "await") ? .await : nil
            case UInt8(ascii: "b"): return rest(p, "break") ? .break : nil
            case UInt8(ascii: "c"): return rest(p, "class") ? .class : nil
            case UInt8(ascii: "r"): return rest(p, "raise") ? .raise : nil
            case UInt8(ascii: "w"): return rest(p, "while") ? .while : nil
            case UInt8(ascii: "y"): return rest(p, "yield") ? .yield : nil
            default: return nil
            }
        case 6:
            switch p[0] {
            case UInt8(ascii: "a"): return rest(p, "assert") ? .assert : nil
            case UInt8(ascii: "e"): return rest(p, "except") ? .except : nil
            case UInt8(ascii: "g"): return rest(p, "global") ? .global : nil
            case UInt8(ascii: "i"): return rest(p, "import") ? .import : nil
            case UInt8(ascii: "l"): return rest(p, "lambda") ? .lambda : nil
            case UInt8(ascii: "r"): return rest(p, "return") ? .return : nil
            default: return nil
            }
        case 7:
            // `rest` skips the first byte, which the other lengths checked in their switch.
            return p[0] == UInt8(ascii: "f") && rest(p, "finally") ? .finally : nil
        default:
            switch p[0] {
            case UInt8(ascii: "c"): return rest(p, "continue") ? .continue : nil
            case UInt8(ascii: "n"): return rest(p, "nonlocal") ? .nonlocal : nil
            default: return nil
            }
        }
    }

    /// Compares bytes after the first (already matched by the caller's switch) with `word`.
    @inline(__always)
    private static func rest(_ p: UnsafePointer<UInt8>, _ word: StaticString) -> Bool {
        let expected = word.utf8Start
        for index in 1..<word.utf8CodeUnitCount where p[index] != expected[index] {
            return false
        }
        return true
    }
}
