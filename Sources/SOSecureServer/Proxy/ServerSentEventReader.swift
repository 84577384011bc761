/// One server-sent event as it arrived: its exact bytes (to relay it untouched) and its data.
struct ServerSentEvent: Sendable, Equatable {
    /// Every line of the event and the blank line that ended it.
    let raw: [UInt8]
    /// The `data:` lines joined by newlines; nil for an event without data (a comment or keep-alive).
    let data: String?
}

/// Cuts a byte stream into server-sent events, whatever the network's chunk boundaries are: an event
/// ends at a blank line, lines end with LF or CRLF.
struct ServerSentEventReader: Sendable {
    private var buffer: [UInt8] = []
    /// Where the current event's first unread line starts in `buffer`.
    private var lineStart = 0
    private var eventStart = 0
    private var dataLines: [String] = []

    mutating func append(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        buffer += bytes
        var events: [ServerSentEvent] = []
        while let newline = buffer[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
            var end = newline
            if end > lineStart, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let line = buffer[lineStart..<end]
            lineStart = newline + 1
            if line.isEmpty {
                events.append(takeEvent(upTo: lineStart))
            } else {
                readField(line)
            }
        }
        // Drop what has been handed out so the buffer only holds the event still arriving.
        if eventStart > 0 {
            buffer.removeFirst(eventStart)
            lineStart -= eventStart
            eventStart = 0
        }
        return events
    }

    /// The end of the stream: an event the upstream did not end with a blank line still counts.
    mutating func finish() -> [ServerSentEvent] {
        if lineStart < buffer.count {
            var line = buffer[lineStart...]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            readField(line)
            lineStart = buffer.count
        }
        guard eventStart < buffer.count else { return [] }
        let event = takeEvent(upTo: buffer.count)
        buffer.removeAll()
        lineStart = 0
        eventStart = 0
        return [event]
    }

    private mutating func readField(_ line: ArraySlice<UInt8>) {
        let data = Array("data".utf8)
        guard line.starts(with: data) else { return }
        var value = line.dropFirst(data.count)
        if value.isEmpty {
            dataLines.append("")
            return
        }
        guard value.first == UInt8(ascii: ":") else { return }
        value = value.dropFirst()
        if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        dataLines.append(String(decoding: value, as: UTF8.self))
    }

    private mutating func takeEvent(upTo end: Int) -> ServerSentEvent {
        let event = ServerSentEvent(raw: Array(buffer[eventStart..<end]), data: dataLines.isEmpty ? nil : dataLines.joined(separator: "\n"))
        eventStart = end
        dataLines.removeAll()
        return event
    }
}
