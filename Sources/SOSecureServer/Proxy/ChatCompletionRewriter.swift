/// A non-streamed chat completion: each `choices[].message.content` is rewritten by an
/// `AnswerRewriter`, spliced into the upstream body in place, so every other byte (ids, usage, key
/// order, number spelling) is the upstream's own.
enum ChatCompletionRewriter {
    /// The body with rewritten answers; nil when nothing changed and the upstream body goes out as it came.
    static func rewrite(_ body: [UInt8], inspect: BlockInspect) async -> [UInt8]? {
        guard let json = RawJSON.parse(body), let choices = json["choices"] else { return nil }
        var replacements: [(range: Range<Int>, text: String)] = []
        for choice in choices.elements {
            guard let content = choice["message"]?["content"], let answer = content.string,
                  AnswerRewriter.mayHoldCode(answer) else { continue }
            if let rewritten = await AnswerRewriter.rewrite(answer, inspect: inspect) {
                replacements.append((content.range, JSONText.quote(rewritten)))
            }
        }
        return replacements.isEmpty ? nil : body.replacing(replacements)
    }
}
