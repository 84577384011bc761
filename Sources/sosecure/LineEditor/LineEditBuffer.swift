/// The line being edited: its characters and the cursor between them. Every editing key is a pure
/// change of this value, so the terminal side only reads keys and redraws.
struct LineEditBuffer: Equatable {
    private(set) var characters: [Character]
    /// Index of the character the cursor stands before; `characters.count` is the end of the line.
    private(set) var cursor: Int

    init(_ text: String = "", cursor: Int? = nil) {
        characters = Array(text)
        self.cursor = min(max(0, cursor ?? characters.count), characters.count)
    }

    var text: String { String(characters) }
    var isEmpty: Bool { characters.isEmpty }

    mutating func insert(_ text: String) {
        let inserted = Array(text)
        characters.insert(contentsOf: inserted, at: cursor)
        cursor += inserted.count
    }

    /// Deletes the character before the cursor.
    mutating func backspace() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    /// Deletes the character under the cursor.
    mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    mutating func moveLeft() { cursor = max(0, cursor - 1) }
    mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    mutating func moveToStart() { cursor = 0 }
    mutating func moveToEnd() { cursor = characters.count }

    /// Ctrl-U: deletes from the start of the line to the cursor.
    mutating func killToStart() {
        characters.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Ctrl-K: deletes from the cursor to the end of the line.
    mutating func killToEnd() {
        characters.removeSubrange(cursor...)
    }

    /// A recalled history line replaces the text; the cursor goes to its end.
    mutating func replace(with text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    /// Columns a character takes on screen: a tab shows as `tabWidth` spaces.
    static func width(of character: Character, tabWidth: Int) -> Int {
        character == "\t" ? tabWidth : 1
    }

    /// The part of the line that fits in `columns` screen columns, scrolled so the cursor stays visible,
    /// and the cursor's column within it. Tabs are shown as spaces.
    func window(columns: Int, tabWidth: Int = 4) -> (text: String, cursorColumn: Int) {
        let columns = max(1, columns)
        // Scroll right just enough that the cursor (and one column for it) fits.
        var start = 0
        var beforeCursor = characters[..<cursor].reduce(0) { $0 + Self.width(of: $1, tabWidth: tabWidth) }
        while beforeCursor >= columns, start < cursor {
            beforeCursor -= Self.width(of: characters[start], tabWidth: tabWidth)
            start += 1
        }
        var shown = ""
        var used = 0
        for character in characters[start...] {
            let width = Self.width(of: character, tabWidth: tabWidth)
            if used + width > columns { break }
            shown += character == "\t" ? String(repeating: " ", count: tabWidth) : String(character)
            used += width
        }
        return (shown, beforeCursor)
    }
}
