extension CFamilyScanner {
    /// A JS/TS template literal from its opening backquote.
    mutating func scanTemplateStart() {
        let checkpoint = LiteralCheckpoint(
            style: .template, literalStart: pos, openerLength: 1, tokenCount: tokens.count, diagnosticCount: diagnostics.count,
            isNested: !interpolations.isEmpty
        )
        scanLiteralText(segmentStart: pos, textStart: pos + 1, checkpoint: checkpoint, isFirstSegment: true)
    }

    /// A Swift string from its first `#` (raw) or quote: `"…"`, `"""…"""`, `#"…"#`.
    mutating func scanSwiftString(from start: Int, hashes: Int) {
        let quote = start + hashes
        let multiLine = byte(quote + 1) == UInt8(ascii: "\"") && byte(quote + 2) == UInt8(ascii: "\"")
        let openerLength = hashes + (multiLine ? 3 : 1)
        let checkpoint = LiteralCheckpoint(
            style: .swift(hashes: hashes, multiLine: multiLine), literalStart: start, openerLength: openerLength,
            tokenCount: tokens.count, diagnosticCount: diagnostics.count, isNested: !interpolations.isEmpty
        )
        scanLiteralText(segmentStart: start, textStart: start + openerLength, checkpoint: checkpoint, isFirstSegment: true)
    }

    /// Resumes a literal at the `}` or `)` that closed one of its expressions.
    mutating func continueInterpolatedLiteral(_ frame: InterpolationFrame) {
        scanLiteralText(segmentStart: pos, textStart: pos + 1, checkpoint: frame.checkpoint, isFirstSegment: false)
    }

    /// Scans literal text up to its end (one `.string`, or the last `.stringPart`) or up to an
    /// interpolation opener (a `.stringPart` ending in `${` or `\(`, and a new frame).
    mutating func scanLiteralText(segmentStart: Int, textStart: Int, checkpoint: LiteralCheckpoint, isFirstSegment: Bool) {
        let finishedKind: TokenKind = isFirstSegment ? .string : .stringPart
        var p = textStart
        switch checkpoint.style {
        case .template:
            while p < end {
                let c = bytes[p]
                if c == UInt8(ascii: "\\") {
                    p += 2
                } else if c == UInt8(ascii: "`") {
                    finishLiteralSegment(finishedKind, segmentStart, p + 1)
                    rememberIfMultiLine(checkpoint, closedAt: p)
                    return
                } else if c == UInt8(ascii: "$"), byte(p + 1) == UInt8(ascii: "{") {
                    openInterpolation(segmentStart, p + 2, checkpoint)
                    return
                } else {
                    p += 1
                }
            }
            unterminatedLiteral(checkpoint, segmentStart: segmentStart, kind: finishedKind)
        case let .swift(hashes, multiLine):
            while p < end {
                let c = bytes[p]
                if c == UInt8(ascii: "\\") {
                    if hashesFollow(p + 1, hashes) {
                        let afterHashes = p + 1 + hashes
                        if byte(afterHashes) == UInt8(ascii: "(") {
                            openInterpolation(segmentStart, afterHashes + 1, checkpoint)
                            return
                        }
                        p = afterHashes + 1
                    } else {
                        p += 1
                    }
                } else if c == UInt8(ascii: "\"") {
                    let closerEnd: Int? = if multiLine {
                        byte(p + 1) == UInt8(ascii: "\"") && byte(p + 2) == UInt8(ascii: "\"") && hashesFollow(p + 3, hashes)
                            ? p + 3 + hashes : nil
                    } else {
                        hashesFollow(p + 1, hashes) ? p + 1 + hashes : nil
                    }
                    if let closerEnd {
                        finishLiteralSegment(finishedKind, segmentStart, closerEnd)
                        return
                    }
                    p += 1
                } else if !multiLine, c == 0x0A || c == 0x0D {
                    report(checkpoint.style.unterminatedMessage + " before the end of the line", segmentStart, segmentStart + 1)
                    finishLiteralSegment(finishedKind, segmentStart, p)
                    return
                } else {
                    p += 1
                }
            }
            if multiLine {
                unterminatedLiteral(checkpoint, segmentStart: segmentStart, kind: finishedKind)
            } else {
                report(checkpoint.style.unterminatedMessage + " before the end of the file", segmentStart, segmentStart + 1)
                finishLiteralSegment(finishedKind, segmentStart, end)
            }
        }
    }

    @inline(__always)
    func hashesFollow(_ index: Int, _ count: Int) -> Bool {
        guard index + count <= end else { return false }
        for offset in 0..<count where bytes[index + offset] != UInt8(ascii: "#") { return false }
        return true
    }

    mutating func finishLiteralSegment(_ kind: TokenKind, _ start: Int, _ stop: Int) {
        emit(kind, start, stop)
        pos = stop
        regexAllowed = false
    }

    mutating func openInterpolation(_ start: Int, _ stop: Int, _ checkpoint: LiteralCheckpoint) {
        emit(.stringPart, start, stop)
        pos = stop
        interpolations.append(InterpolationFrame(checkpoint: checkpoint))
        regexAllowed = true
    }

    /// The text of a literal ran to the end of the file.
    mutating func unterminatedLiteral(_ own: LiteralCheckpoint, segmentStart: Int, kind: TokenKind) {
        if recoveriesLeft > 0 {
            rewindToOutermostLiteral(own)
        } else {
            report(own.style.unterminatedMessage, own.literalStart, own.literalStart + own.openerLength)
            finishLiteralSegment(kind, segmentStart, end)
        }
    }

    /// The file ended inside `${…}` or `\(…)`.
    mutating func unterminatedInterpolation() {
        if recoveriesLeft > 0, let outermost = interpolations.first?.checkpoint {
            rewindToOutermostLiteral(outermost)
        } else {
            for frame in interpolations {
                let closer = frame.closer == .brace ? "}" : ")"
                report("unterminated interpolation: expected '\(closer)' and the end of the literal", frame.checkpoint.literalStart,
                       frame.checkpoint.literalStart + frame.checkpoint.openerLength)
            }
            interpolations.removeAll()
        }
    }

    /// Keeps the first top-level template that spanned lines: when a backquote is left open, the next
    /// backquote closes it and the rest of the file lexes inside out until an unterminated one at the end.
    /// That first multi-line template is then the likely culprit, so recovery rewinds to it.
    mutating func rememberIfMultiLine(_ checkpoint: LiteralCheckpoint, closedAt close: Int) {
        guard earliestMultiLineTemplate == nil, !checkpoint.isNested, recoveriesLeft > 0 else { return }
        var p = checkpoint.literalStart
        while p < close, bytes[p] != 0x0A, bytes[p] != 0x0D { p += 1 }
        if p < close { earliestMultiLineTemplate = checkpoint }
    }

    /// Drops everything lexed since the outermost open literal began, makes its first line one `.string`
    /// with a diagnostic, and goes on from the next line: an unclosed backquote at the top of a large file
    /// costs one line, not the file.
    mutating func rewindToOutermostLiteral(_ own: LiteralCheckpoint) {
        recoveriesLeft -= 1
        var target = interpolations.first?.checkpoint ?? own
        if let suspect = earliestMultiLineTemplate, suspect.literalStart < target.literalStart { target = suspect }
        earliestMultiLineTemplate = nil
        interpolations.removeAll()
        tokens.removeSubrange(target.tokenCount...)
        diagnostics.removeSubrange(min(target.diagnosticCount, diagnostics.count)...)
        report(target.style.unterminatedMessage, target.literalStart, target.literalStart + target.openerLength)
        let stop = max(endOfLine(from: target.literalStart), min(target.literalStart + target.openerLength, end))
        finishLiteralSegment(.string, target.literalStart, stop)
    }
}
