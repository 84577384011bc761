import SOSecureRules

extension LLMConfigSection {
    /// The `[llm]` table as the rules target read it (that target cannot see remediation types).
    public init(_ values: LLMConfigValues) {
        self.init(
            baseURL: values.baseURL, model: values.model, temperature: values.temperature,
            maxTokens: values.maxTokens, timeoutSeconds: values.timeoutSeconds)
    }
}

extension ScanConfig {
    /// The config file's `[llm]` table, if it has one.
    public var llmSection: LLMConfigSection? { llm.map(LLMConfigSection.init) }
}
