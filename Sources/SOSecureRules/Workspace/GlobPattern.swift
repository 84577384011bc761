/// A path pattern with `.gitignore` semantics, shared by `.gitignore` files, the config's `exclude`
/// globs and its per-path ignores.
///
/// - `*` matches within one path component, `?` one character, `[abc]`/`[a-z]`/`[!a]` a class,
///   `\x` the character `x`;
/// - `**` as a whole component matches any number of components (`a/**` only what is inside `a`);
/// - a pattern without an inner or leading `/` matches the name at any depth;
///   with one it is anchored at the base folder (a leading `/` only anchors);
/// - a trailing `/` restricts the pattern to folders.
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written (after `!` and escapes of `#`/`!` were handled by the caller).
    public let source: String
    public let directoryOnly: Bool
    let anchored: Bool
    let segments: [Segment]

    enum Segment: Sendable, Hashable {
        case anyDepth
        case component([Character])
    }

    /// Nil for an empty pattern.
    public init?(_ pattern: String) {
        source = pattern
        var body = pattern
        var directoryOnly = false
        while body.hasSuffix("/"), !body.hasSuffix("\\/") {
            body.removeLast()
            directoryOnly = true
        }
        var anchored = false
        if body.hasPrefix("/") {
            anchored = true
            body.removeFirst()
        }
        if body.isEmpty { return nil }
        let parts = body.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.count > 1 { anchored = true }
        self.directoryOnly = directoryOnly
        self.anchored = anchored
        segments = parts.map { $0 == "**" ? .anyDepth : .component(Array($0)) }
    }

    public var description: String { source }

    /// Whether the pattern matches `components` (a path relative to the base folder, split at `/`).
    public func matches(_ components: [Substring], isDirectory: Bool) -> Bool {
        if directoryOnly, !isDirectory { return false }
        guard !components.isEmpty else { return false }
        if !anchored {
            // A bare name (or `**`-free single component) matches the last component at any depth.
            if segments.count == 1, case let .component(chars) = segments[0] {
                return Self.matchComponent(chars, Array(components[components.count - 1]))
            }
        }
        return Self.match(segments[...], components[...])
    }

    /// Whether the pattern matches the path or one of the folders that contain it, which is
    /// what "this path is excluded" means when a folder pattern covers it.
    public func matchesPathOrAncestor(_ components: [Substring], isDirectory: Bool) -> Bool {
        if matches(components, isDirectory: isDirectory) { return true }
        var prefixLength = components.count - 1
        while prefixLength > 0 {
            if matches(Array(components[..<prefixLength]), isDirectory: true) { return true }
            prefixLength -= 1
        }
        return false
    }

    private static func match(_ segments: ArraySlice<Segment>, _ components: ArraySlice<Substring>) -> Bool {
        guard let first = segments.first else { return components.isEmpty }
        switch first {
        case .anyDepth:
            let rest = segments.dropFirst()
            // A trailing `**` matches what is inside, not the folder itself.
            if rest.isEmpty { return !components.isEmpty }
            var remaining = components
            while true {
                if match(rest, remaining) { return true }
                if remaining.isEmpty { return false }
                remaining = remaining.dropFirst()
            }
        case let .component(chars):
            guard let component = components.first, matchComponent(chars, Array(component)) else { return false }
            return match(segments.dropFirst(), components.dropFirst())
        }
    }

    /// fnmatch on one component: `*`, `?`, `[...]`, `\x`. Iterative with one backtrack point for `*`.
    static func matchComponent(_ pattern: [Character], _ name: [Character]) -> Bool {
        var p = 0
        var n = 0
        var starP = -1
        var starN = 0
        while n < name.count {
            if p < pattern.count {
                switch pattern[p] {
                case "*":
                    starP = p
                    starN = n
                    p += 1
                    continue
                case "?":
                    p += 1
                    n += 1
                    continue
                case "[":
                    if let (matched, next) = matchClass(pattern, p, name[n]) {
                        if matched {
                            p = next
                            n += 1
                            continue
                        }
                    } else if name[n] == "[" {
                        // An unterminated `[` is a literal.
                        p += 1
                        n += 1
                        continue
                    }
                case "\\" where p + 1 < pattern.count:
                    if pattern[p + 1] == name[n] {
                        p += 2
                        n += 1
                        continue
                    }
                default:
                    if pattern[p] == name[n] {
                        p += 1
                        n += 1
                        continue
                    }
                }
            }
            guard starP >= 0 else { return false }
            p = starP + 1
            starN += 1
            n = starN
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// Matches `character` against the class starting at `pattern[start] == "["`.
    /// Returns nil when the class is not closed.
    private static func matchClass(_ pattern: [Character], _ start: Int, _ character: Character) -> (Bool, Int)? {
        var index = start + 1
        var negated = false
        if index < pattern.count, pattern[index] == "!" || pattern[index] == "^" {
            negated = true
            index += 1
        }
        var matched = false
        var first = true
        while index < pattern.count {
            var low = pattern[index]
            if low == "]", !first { return (matched != negated, index + 1) }
            first = false
            if low == "\\", index + 1 < pattern.count {
                index += 1
                low = pattern[index]
            }
            if index + 2 < pattern.count, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                var high = pattern[index + 2]
                index += 2
                if high == "\\", index + 1 < pattern.count {
                    index += 1
                    high = pattern[index]
                }
                if low <= character, character <= high { matched = true }
            } else if low == character {
                matched = true
            }
            index += 1
        }
        return nil
    }
}
