/// The lines typed before, newest last, with up/down browsing. Capped: past `capacity` the oldest go.
struct LineHistory: Equatable {
    let capacity: Int
    private(set) var entries: [String]
    /// The entry shown while browsing; nil when the user is on the line being typed.
    private(set) var position: Int?
    /// The line being typed when browsing began, given back when browsing goes past the newest entry.
    private var draft = ""

    init(entries: [String] = [], capacity: Int = 1_000) {
        self.capacity = max(1, capacity)
        self.entries = Array(entries.filter { !Self.isBlank($0) }.suffix(self.capacity))
    }

    /// Records a submitted line, unless it is blank or repeats the newest entry; browsing restarts.
    mutating func add(_ line: String) {
        stopBrowsing()
        guard !Self.isBlank(line), line != entries.last else { return }
        entries.append(line)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    /// Back on the line being typed (after Ctrl-C or a pasted line).
    mutating func stopBrowsing() {
        position = nil
        draft = ""
    }

    /// Up: the entry before the one shown (the newest at first), or nil at the oldest.
    mutating func previous(current: String) -> String? {
        let target: Int
        if let position {
            guard position > 0 else { return nil }
            target = position - 1
        } else {
            guard !entries.isEmpty else { return nil }
            draft = current
            target = entries.count - 1
        }
        position = target
        return entries[target]
    }

    /// Down: the entry after the one shown, then the line that was being typed; nil when not browsing.
    mutating func next() -> String? {
        guard let position else { return nil }
        if position + 1 < entries.count {
            self.position = position + 1
            return entries[position + 1]
        }
        self.position = nil
        return draft
    }

    /// The history file's text: one entry a line.
    var fileText: String { entries.map { $0 + "\n" }.joined() }

    /// Entries from a history file's text.
    static func entries(fromFileText text: String) -> [String] {
        // `\r\n` is one Character in Swift, so split on any line break rather than on "\n".
        text.split(whereSeparator: \.isNewline).map(String.init)
    }

    private static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" }
    }
}
