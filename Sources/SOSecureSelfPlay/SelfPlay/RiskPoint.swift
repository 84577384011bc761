/// A line where code calls a sensitive API — safely or not. Self-play lets the model write the code
/// from here on, because this is where a secure program and a vulnerable one part ways.
public struct RiskPoint: Sendable, Equatable, Codable {
    /// 1-based first line of the statement that makes the call (the model continues from this line).
    public let line: Int
    /// The call's resolved qualified name (`subprocess.run`, `?.execute` for an untyped receiver).
    public let callee: String

    public init(line: Int, callee: String) {
        self.line = line
        self.callee = callee
    }
}
