/// A qualified name for an expression (`subprocess.run`, `dbapi.Cursor.execute`, `flask.request.args`).
public struct ResolvedName: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    /// True when the name rests on a guess about code the snippet left out (a missing import, a variable
    /// named `cursor`). Findings built on a guess get a lower confidence.
    public let guessed: Bool

    public init(_ name: String, guessed: Bool = false) {
        self.name = name
        self.guessed = guessed
    }

    public var description: String { guessed ? "\(name) (guessed)" : name }

    func appending(_ attribute: String) -> ResolvedName { ResolvedName("\(name).\(attribute)", guessed: guessed) }
}
