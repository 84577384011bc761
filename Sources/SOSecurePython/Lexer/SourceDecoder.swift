import SOSecureCore

/// A source file turned into the UTF-8 text the scanner reads.
struct DecodedSource {
    let text: [UInt8]
    let lineIndex: LineIndex
    let encoding: String
    /// Where tokens may start: 3 after a UTF-8 BOM, else 0.
    let contentStart: Int
    /// Problems found while decoding, as ranges in `text`.
    let issues: [(range: TextRange, message: String)]
}

/// BOM, PEP 263 declaration, transcoding and byte-level checks (invalid UTF-8, NUL bytes).
enum SourceDecoder {
    static func decode(_ file: SourceFile) -> DecodedSource {
        let bytes = file.bytes
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        let start = hasBOM ? 3 : 0
        var issues: [(range: TextRange, message: String)] = []

        if let declaration = CodingDeclaration.find(in: bytes, from: start) {
            let cpythonName = CodingDeclaration.cpythonNormalName(declaration.name)
            switch CodingDeclaration.encoding(named: declaration.name) {
            case nil:
                issues.append((declaration.range, "unknown encoding: \(declaration.name)"))
            case _ where hasBOM && cpythonName != "utf-8":
                // Like CPython, even "utf8" is refused beside a BOM; the text is still read as UTF-8.
                issues.append((declaration.range, "encoding problem: \(cpythonName) with BOM"))
            case .utf8:
                break
            case let .singleByte(encoding):
                let (text, transcodingIssues) = transcode(bytes, from: encoding)
                let lineIndex = text == bytes ? file.lineIndex : LineIndex(text)
                issues += transcodingIssues
                issues += checkBytes(text, from: 0, lineIndex: lineIndex)
                return DecodedSource(
                    text: text, lineIndex: lineIndex, encoding: encoding.rawValue, contentStart: 0, issues: issues)
            }
        }
        issues += checkBytes(bytes, from: start, lineIndex: file.lineIndex)
        return DecodedSource(text: bytes, lineIndex: file.lineIndex, encoding: "utf-8", contentStart: start, issues: issues)
    }

    /// Decodes a single-byte encoding into UTF-8. Undefined bytes become U+FFFD and are reported.
    static func transcode(_ bytes: [UInt8], from encoding: SingleByteEncoding) -> ([UInt8], [(range: TextRange, message: String)]) {
        guard bytes.contains(where: { $0 >= 0x80 }) else { return (bytes, []) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 4)
        var issues: [(range: TextRange, message: String)] = []
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
            } else if let scalar = encoding.scalar(for: byte) {
                UTF8Scalar.append(scalar, to: &output)
            } else {
                let at = output.count
                UTF8Scalar.append(0xFFFD, to: &output)
                issues.append((
                    TextRange(start: at, end: output.count),
                    "'\(encoding.rawValue)' codec can't decode byte 0x\(hex(byte)): not defined in this encoding"))
            }
        }
        return (output, issues)
    }

    /// Reports invalid UTF-8 and NUL bytes, the first of each per line (one bad byte tends to come with many).
    static func checkBytes(_ bytes: [UInt8], from start: Int, lineIndex: LineIndex) -> [(range: TextRange, message: String)] {
        var issues: [(range: TextRange, message: String)] = []
        var lastInvalidLine = -1
        var lastNulLine = -1
        bytes.withUnsafeBufferPointer { buffer in
            let end = buffer.count
            var index = start
            while index < end {
                // Eight ASCII, non-NUL bytes at a time.
                if index + 8 <= end, let base = buffer.baseAddress {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    let hasHighBit = word & 0x8080_8080_8080_8080 != 0
                    let hasZero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
                    if !hasHighBit && !hasZero {
                        index += 8
                        continue
                    }
                }
                let byte = buffer[index]
                if byte == 0 {
                    let line = lineIndex.lineNumber(containing: index)
                    if line != lastNulLine {
                        lastNulLine = line
                        issues.append((TextRange(start: index, end: index + 1), "source code cannot contain null bytes"))
                    }
                    index += 1
                } else if byte < 0x80 {
                    index += 1
                } else {
                    let (length, failure) = UTF8Scalar.validate(buffer, at: index, end: end)
                    if let failure {
                        let line = lineIndex.lineNumber(containing: index)
                        if line != lastInvalidLine {
                            lastInvalidLine = line
                            issues.append((
                                TextRange(start: index, end: index + 1),
                                "invalid utf-8 byte 0x\(hex(byte)) (\(failure.explanation)); declare the file's encoding with a coding comment or save it as UTF-8"))
                        }
                    }
                    index += length
                }
            }
        }
        return issues
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0" + digits : digits
    }
}
