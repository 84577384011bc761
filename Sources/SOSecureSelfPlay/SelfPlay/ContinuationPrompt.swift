import SOSecureCore
import SOSecureRemediation

/// The texts self-play sends to the model, and the `prompt` a preference pair records.
public enum ContinuationPrompt {
    /// The task as comment lines of its language (`#` for Python, `//` for the C family), so a
    /// text-completion prompt stays a valid source file.
    public static func header(_ task: CodingTask) -> String {
        let marker = task.language.usesCodePatterns ? "//" : "#"
        let lines = task.prompt.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { $0.isEmpty ? marker : marker + " " + $0 }.joined(separator: "\n") + "\n"
    }

    /// What a text-completion model continues, and the `prompt` of a pair: the task, then the shared code.
    public static func completion(task: CodingTask, prefix: String) -> String {
        header(task) + prefix
    }

    /// Chat fallback: the same request as an explicit instruction to continue from the prefix.
    public static func chatMessages(task: CodingTask, prefix: String) -> [ChatMessage] {
        let language = task.language
        let system = """
        You continue \(language.displayName) programs. Reply with one fenced \(language.fenceTag) code block holding only \
        the code that comes after the given code: start at its next line, keep its indentation, and do not repeat \
        the given code. Finish the function or statement you are in.
        """
        let user = """
        Task: \(task.prompt)

        The program so far (continue right after its last line):
        ```\(language.fenceTag)
        \(prefix)```
        """
        return [ChatMessage(role: .system, content: system), ChatMessage(role: .user, content: user)]
    }

    /// Asks for a whole solution, when the task has no reference.
    public static func solutionMessages(task: CodingTask) -> [ChatMessage] {
        let language = task.language
        let system = language == .python
            ? "You write complete, correct Python modules. Reply with one fenced python code block."
            : "You write complete, correct \(language.displayName) programs. Reply with one fenced \(language.fenceTag) code block."
        return [ChatMessage(role: .system, content: system), ChatMessage(role: .user, content: task.prompt)]
    }
}
