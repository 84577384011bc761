/// What the proxy does with a code block that has findings.
public enum ProxyMode: String, CaseIterable, Sendable {
    /// Leave the block and append a note listing its findings and the discussions that warn about them.
    case annotate
    /// Replace the block with its verified revision and note what changed; annotate when none verifies.
    case fix
    /// Replace the block with an explanation of what was found and why it was withheld.
    case block
}
