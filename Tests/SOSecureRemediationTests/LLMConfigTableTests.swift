import Testing

import SOSecureRemediation
import SOSecureRules

/// The `[llm]` table of `.sosecure.toml` / `[tool.sosecure.llm]` and its path into `LLMSettings`.
@Suite("LLM config table")
struct LLMConfigTableTests {
    @Test func llmTableIsReadAndFeedsSettings() throws {
        let text = """
            severity = "medium"

            [llm]
            base-url = "https://api.example.com/v1"
            model = "gpt-4o-mini"
            temperature = 0
            max-tokens = 1024
            timeout = 45.5
            """
        let config = try #require(try ConfigLoader.parse(text: text, file: "/repo/.sosecure.toml"))

        #expect(
            config.llm
                == LLMConfigValues(
                    baseURL: "https://api.example.com/v1", model: "gpt-4o-mini", temperature: 0, maxTokens: 1024,
                    timeoutSeconds: 45.5))
        let settings = LLMSettings.resolve(flags: LLMFlags(), environment: [:], config: config.llmSection)
        #expect(settings.model == "gpt-4o-mini")
        #expect(settings.baseURL == "https://api.example.com/v1")
        #expect(settings.timeoutSeconds == 45.5)
    }

    @Test func pyprojectUsesToolSosecureLLM() throws {
        let text = """
            [tool.sosecure]
            honor-nosec = true

            [tool.sosecure.llm]
            model = "qwen2.5-coder"
            """
        let config = try #require(try ConfigLoader.parse(text: text, file: "/repo/pyproject.toml"))

        #expect(config.llm == LLMConfigValues(model: "qwen2.5-coder"))
        #expect(config.honorNosec)
    }

    @Test func aConfigWithoutTheTableHasNoLLMValues() throws {
        let config = try #require(try ConfigLoader.parse(text: "severity = \"high\"\n", file: "/repo/.sosecure.toml"))
        #expect(config.llm == nil)
        #expect(config.llmSection == nil)
    }

    @Test func anAPIKeyInTheFileIsRefusedPointingAtTheEnvironment() {
        let text = """
            [llm]
            model = "gpt-4o"
            api-key = "sk-should-not-be-here"
            """
        do {
            _ = try ConfigLoader.parse(text: text, file: "/repo/.sosecure.toml")
            Issue.record("an api-key in the config file was accepted")
        } catch {
            #expect(error.line == 3)
            #expect(error.key == "llm.api-key")
            #expect(error.message.contains("SOSECURE_LLM_API_KEY"))
            #expect(!error.description.contains("sk-should-not-be-here"))
        }
    }

    @Test(arguments: [
        ("[llm]\nmodel = 3\n", "llm.model", "expected a string"),
        ("[llm]\nbase-url = \"localhost:11434\"\n", "llm.base-url", "http"),
        ("[llm]\nmax-tokens = 0\n", "llm.max-tokens", "greater than 0"),
        ("[llm]\nmax-tokens = 1.5\n", "llm.max-tokens", "integer"),
        ("[llm]\ntemperature = 3\n", "llm.temperature", "between 0 and 2"),
        ("[llm]\ntimeout = -1\n", "llm.timeout", "greater than 0"),
        ("[llm]\nmodle = \"x\"\n", "llm.modle", "unknown key"),
        ("llm = \"gpt-4o\"\n", "llm", "expected a table"),
    ])
    func invalidValuesNameTheKeyAndLine(text: String, key: String, message: String) {
        do {
            _ = try ConfigLoader.parse(text: text, file: "/repo/.sosecure.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.key == key)
            #expect(error.line == (key == "llm" ? 1 : 2))
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
