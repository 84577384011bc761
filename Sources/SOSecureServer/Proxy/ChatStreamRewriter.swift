/// A streamed chat completion (`chat.completion.chunk` server-sent events): each choice's content goes
/// through its own `AnswerRewriter`. A chunk whose content comes out unchanged is relayed byte for
/// byte; one whose content changed has it spliced in; one whose content is all held back (inside a code
/// block) is dropped unless it carries something else. Text released later — an inspected block, the
/// notes at the end — goes out in new chunks with the `id`, `object`, `created` and `model` of the
/// upstream's latest chunk, before the chunk that finishes the choice and before `data: [DONE]`.
struct ChatStreamRewriter: Sendable {
    private var answers: [Int: AnswerRewriter] = [:]
    private var finished: Set<Int> = []
    /// The identity fields of the latest chunk, spelled as the upstream spelled them.
    private var identity: [(key: String, json: String)] = []

    /// The bytes to send for one upstream event.
    mutating func process(_ event: ServerSentEvent, inspect: BlockInspect) async -> [UInt8] {
        guard let data = event.data else { return event.raw }
        if data == "[DONE]" { return await flushAll(inspect: inspect) + event.raw }
        let bytes = Array(data.utf8)
        guard let chunk = RawJSON.parse(bytes), let choices = chunk["choices"] else { return event.raw }
        rememberIdentity(chunk, in: bytes)

        var before: [UInt8] = []
        var replacements: [(range: Range<Int>, text: String)] = []
        var onlyHeldContent = chunk["usage"].map(\.isNull) ?? true
        for (position, choice) in choices.elements.enumerated() {
            let index = choice["index"]?.int(in: bytes) ?? position
            let delta = choice["delta"]
            let finishes = !(choice["finish_reason"]?.isNull ?? true)
            var output: String?
            let content = delta?["content"]
            if let content, let text = content.string, !finished.contains(index) {
                var answer = answers.removeValue(forKey: index) ?? AnswerRewriter()
                output = await answer.feed(text, inspect: inspect)
                answers[index] = answer
            } else {
                onlyHeldContent = false
            }
            if case let .object(members) = delta?.kind, members.contains(where: { $0.key != "content" }) { onlyHeldContent = false }
            if finishes {
                onlyHeldContent = false
                let rest = await finishAnswer(index, inspect: inspect)
                // What was held goes out before the chunk that ends the choice, or in it when it has text of its own.
                if output != nil {
                    output? += rest
                } else if !rest.isEmpty {
                    before += Self.event(chunkJSON(index: index, content: rest))
                }
            }
            if let output, let content, let text = content.string {
                if output != text { replacements.append((content.range, JSONText.quote(output))) }
                if !output.isEmpty { onlyHeldContent = false }
            }
        }
        if replacements.isEmpty { return before + event.raw }
        if onlyHeldContent { return before }
        return before + Self.event(String(decoding: bytes.replacing(replacements), as: UTF8.self))
    }

    /// The upstream ended without `[DONE]`: whatever is still held, then nothing more.
    mutating func end(inspect: BlockInspect) async -> [UInt8] {
        await flushAll(inspect: inspect)
    }

    private mutating func flushAll(inspect: BlockInspect) async -> [UInt8] {
        var output: [UInt8] = []
        for index in answers.keys.sorted() where !finished.contains(index) {
            let rest = await finishAnswer(index, inspect: inspect)
            if !rest.isEmpty { output += Self.event(chunkJSON(index: index, content: rest)) }
        }
        return output
    }

    private mutating func finishAnswer(_ index: Int, inspect: BlockInspect) async -> String {
        finished.insert(index)
        guard var answer = answers.removeValue(forKey: index) else { return "" }
        return await answer.finish(inspect: inspect)
    }

    private mutating func rememberIdentity(_ chunk: RawJSON, in bytes: [UInt8]) {
        identity = ["id", "object", "created", "model", "system_fingerprint"].compactMap { key in
            chunk[key].map { (key, $0.text(in: bytes)) }
        }
    }

    /// A chunk carrying only text for one choice, in the upstream's identity.
    private func chunkJSON(index: Int, content: String) -> String {
        var fields = identity.map { "\(JSONText.quote($0.key)):\($0.json)" }
        if !identity.contains(where: { $0.key == "object" }) { fields.append("\"object\":\"chat.completion.chunk\"") }
        fields.append("\"choices\":[{\"index\":\(index),\"delta\":{\"content\":\(JSONText.quote(content))},\"finish_reason\":null}]")
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// `data:` lines for a JSON text (one per line of it) and the blank line that ends the event.
    static func event(_ json: String) -> [UInt8] {
        var text = ""
        for line in json.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: " + line + "\n"
        }
        return Array((text + "\n").utf8)
    }
}
