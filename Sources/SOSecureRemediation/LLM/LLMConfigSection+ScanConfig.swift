import SOSecureRules

extension ScanConfig {
    /// The config file's `[llm]` table, if it has one.
    public var llmSection: LLMConfigSection? { llm }
}
