/// Finds which of a fixed set of words occur anywhere in a file, in one pass over its bytes (an
/// Aho–Corasick automaton over word characters). Built once per dialect from the words the rules'
/// `metavariable-regex` filters require, so a file is read once for all of them however many rules ask.
struct WordPresenceScanner: Sendable {
    /// The words, in id order (lowercase when the scanner ignores case).
    let words: [String]
    let ignoringCase: Bool
    private let ids: [String: Int]
    /// `transitions[state * classCount + class]`: the next state, failure links already folded in, with
    /// the sign bit set when a word ends there.
    private let transitions: [Int32]
    /// The ids of the words that end at each state (its own and those of its failure chain), state
    /// after state: state `s` owns `outputIDs[outputStarts[s]..<outputStarts[s + 1]]`. Flat, so the byte
    /// loop touches no nested array.
    private let outputIDs: [Int32]
    private let outputStarts: [Int32]
    private let byteClass: [UInt8]
    private let classCount: Int
    /// The longest word's length in bytes.
    private let longestWord: Int

    /// Byte classes: 0 for anything that is not a word character, then `_`, digits, lowercase letters and,
    /// unless case is ignored, uppercase letters (else they share their lowercase class).
    private static func byteClasses(ignoringCase: Bool) -> [UInt8] {
        (0...255).map { value in
            let byte = UInt8(value)
            switch byte {
            case UInt8(ascii: "_"): return 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return 2 + byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return 12 + byte - UInt8(ascii: "a")
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return (ignoringCase ? 12 : 38) + byte - UInt8(ascii: "A")
            default: return 0
            }
        }
    }

    /// `words` must be runs of word characters.
    init(words: [String], ignoringCase: Bool) {
        let unique = Array(Set(ignoringCase ? words.map { $0.lowercased() } : words)).sorted()
        self.words = unique
        self.ignoringCase = ignoringCase
        ids = Dictionary(uniqueKeysWithValues: unique.enumerated().map { ($1, $0) })
        byteClass = Self.byteClasses(ignoringCase: ignoringCase)
        longestWord = unique.map(\.utf8.count).max() ?? 0
        classCount = ignoringCase ? 38 : 64
        let width = classCount
        // The trie, with -1 for a missing edge.
        var trie: [Int32] = Array(repeating: -1, count: width)
        var ends: [[Int]] = [[]]
        for (id, word) in unique.enumerated() {
            var state = 0
            for byte in word.utf8 {
                let slot = state * width + Int(byteClass[Int(byte)])
                if trie[slot] < 0 {
                    trie[slot] = Int32(ends.count)
                    trie += Array(repeating: -1, count: width)
                    ends.append([])
                }
                state = Int(trie[slot])
            }
            ends[state].append(id)
        }
        // Breadth first, so a state's failure target is complete before the state is.
        var failure = Array(repeating: 0, count: ends.count)
        var queue: [Int] = []
        for symbol in 0..<width {
            if trie[symbol] < 0 { trie[symbol] = 0 } else { queue.append(Int(trie[symbol])) }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            ends[state] += ends[failure[state]]
            for symbol in 0..<width {
                let slot = state * width + symbol
                let fallback = trie[failure[state] * width + symbol]
                if trie[slot] < 0 {
                    trie[slot] = fallback
                } else {
                    failure[Int(trie[slot])] = Int(fallback)
                    queue.append(Int(trie[slot]))
                }
            }
        }
        outputIDs = ends.flatMap { $0.map(Int32.init) }
        var starts: [Int32] = [0]
        for end in ends { starts.append(starts[starts.count - 1] + Int32(end.count)) }
        outputStarts = starts
        // A transition into a state where words end carries the sign bit, so the byte loop needs no
        // second table to know when to look.
        transitions = trie.map { target in ends[Int(target)].isEmpty ? target : target | Int32.min }
    }

    /// The id of `word`, if it is one of the scanner's words.
    func id(of word: String) -> Int? { ids[ignoringCase ? word.lowercased() : word] }

    /// For each word id, whether the word occurs in `bytes`.
    func presence(in bytes: [UInt8]) -> [Bool] {
        bytes.withUnsafeBufferPointer { presence(in: $0) }
    }

    /// Runs the automaton over four stretches of the buffer side by side: each step waits on the
    /// previous state's table entry, and four independent chains keep the processor busy while one
    /// waits. A stretch starts a word's length minus one before its own part, so a word that ends in
    /// the part is seen whole; presence is an "or", so overlap counts nothing twice.
    private func presence(in buffer: UnsafeBufferPointer<UInt8>) -> [Bool] {
        var present = Array(repeating: false, count: words.count)
        guard !words.isEmpty, !buffer.isEmpty else { return present }
        let width = classCount
        let overlap = longestWord - 1
        present.withUnsafeMutableBufferPointer { present in
            transitions.withUnsafeBufferPointer { table in
                byteClass.withUnsafeBufferPointer { classes in
                    outputIDs.withUnsafeBufferPointer { ids in
                        outputStarts.withUnsafeBufferPointer { starts in
                            @inline(__always) func step(_ state: inout Int, _ byte: UInt8) {
                                let next = table[state &* width &+ Int(classes[Int(byte)])]
                                state = Int(next & Int32.max)
                                guard next < 0 else { return }
                                for slot in Int(starts[state])..<Int(starts[state + 1]) { present[Int(ids[slot])] = true }
                            }
                            let count = buffer.count
                            let part = (count + 3) / 4
                            // Small inputs, or words long against the parts: one pass.
                            guard count >= 4096, overlap < part else {
                                var state = 0
                                for byte in buffer { step(&state, byte) }
                                return
                            }
                            let begins = [0, part - overlap, 2 * part - overlap, 3 * part - overlap]
                            let ends = [part, 2 * part, 3 * part, count]
                            let common = zip(begins, ends).map { $1 - $0 }.min() ?? 0
                            var states = (0, 0, 0, 0)
                            for offset in 0..<common {
                                step(&states.0, buffer[begins[0] &+ offset])
                                step(&states.1, buffer[begins[1] &+ offset])
                                step(&states.2, buffer[begins[2] &+ offset])
                                step(&states.3, buffer[begins[3] &+ offset])
                            }
                            for offset in (begins[0] + common)..<ends[0] { step(&states.0, buffer[offset]) }
                            for offset in (begins[1] + common)..<ends[1] { step(&states.1, buffer[offset]) }
                            for offset in (begins[2] + common)..<ends[2] { step(&states.2, buffer[offset]) }
                            for offset in (begins[3] + common)..<ends[3] { step(&states.3, buffer[offset]) }
                        }
                    }
                }
            }
        }
        return present
    }
}

/// The words a dialect's regex filters require, and which of them a file holds. One caseless pass
/// serves every filter: a word that must match exactly is then only looked for more loosely, which can
/// let a file through but never keeps one out. Only ASCII letters are folded: a file that spells a
/// required word with a letter the regex engine folds to ASCII (the long s, the Kelvin sign) is skipped.
struct RequiredWordIndex: Sendable {
    private let scanner: WordPresenceScanner

    init(_ requirements: [RegexRequiredWords]) {
        scanner = WordPresenceScanner(words: requirements.flatMap(\.words), ignoringCase: true)
    }

    /// Whether the file may satisfy `requirement`: a word of every clause is present. `presence` holds
    /// what the one pass over `bytes` found, made on the first question. A word the index was not built
    /// with cannot be ruled out.
    func mayHold(_ requirement: RegexRequiredWords, in bytes: [UInt8], _ presence: inout [Bool]?) -> Bool {
        for clause in requirement.clauses {
            var holds = false
            for word in clause {
                guard let id = scanner.id(of: word) else { return true }
                let present = presence ?? scanner.presence(in: bytes)
                presence = present
                if present[id] { holds = true; break }
            }
            if !holds { return false }
        }
        return true
    }
}
