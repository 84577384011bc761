/// One hop of a taint path, from where untrusted data enters to where it is used.
public struct DataflowStep: Hashable, Sendable, Codable {
    public enum Role: String, Sendable, Codable { case source, propagation, sanitizer, sink }

    public let role: Role
    public let range: TextRange
    public let location: SourceLocation
    /// What happens at this step, e.g. "request.args flows into `cmd`".
    public let message: String

    public init(role: Role, range: TextRange, location: SourceLocation, message: String) {
        self.role = role
        self.range = range
        self.location = location
        self.message = message
    }
}
