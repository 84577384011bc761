import Testing
@testable import SOSecureSelfPlay
import SOSecureCore

@Suite struct CodingTaskFileTests {
    @Test func readsEveryField() throws {
        let text = """
        {"id": "sql-1", "language": "python", "prompt": "Look up a user by name", "reference": "def f(): pass", "cwe": "CWE-89", "tests": "import solution"}

        {"id": "cmd-1", "language": "js", "prompt": "Run ping", "cwe": [78, "CWE-77"]}
        """
        let tasks = try CodingTaskFile.parse(text, path: "tasks.jsonl")
        #expect(tasks.count == 2)
        #expect(tasks[0] == CodingTask(id: "sql-1", language: .python, prompt: "Look up a user by name",
                                       reference: "def f(): pass", cwes: [89], tests: "import solution", line: 1))
        #expect(tasks[1].language == .javascript)
        #expect(tasks[1].cwes == [78, 77])
        #expect(tasks[1].line == 3)
    }

    @Test(arguments: [
        (#"{"language": "python", "prompt": "p"}"#, "id"),
        (#"{"id": 3, "language": "python", "prompt": "p"}"#, "id"),
        (#"{"id": "a", "language": "cobol", "prompt": "p"}"#, "language"),
        (#"{"id": "a", "language": "python", "prompt": ""}"#, "prompt"),
        (#"{"id": "a", "language": "python", "prompt": "p", "cwe": "SQL"}"#, "cwe"),
        (#"{"id": "a", "language": "python", "prompt": "p", "cwe": true}"#, "cwe"),
        (#"{"id": "a", "language": "go", "prompt": "p", "tests": "x"}"#, "tests"),
        (#"{"id": "a", "language": "python", "prompt": "p", "promt": "typo"}"#, "promt"),
    ])
    func badLineNamesLineAndField(line: String, field: String) {
        let text = #"{"id": "ok", "language": "python", "prompt": "fine"}"# + "\n" + line + "\n"
        #expect {
            try CodingTaskFile.parse(text, path: "t.jsonl")
        } throws: { error in
            guard let error = error as? TaskFileError else { return false }
            return error.line == 2 && error.field == field && error.description.hasPrefix("t.jsonl:2: field '\(field)'")
        }
    }

    @Test func invalidJSONAndDuplicates() {
        #expect(throws: TaskFileError(path: "t", line: 1, field: nil, message: "expected a JSON object")) {
            try CodingTaskFile.parse("[1, 2]", path: "t")
        }
        #expect {
            try CodingTaskFile.parse("{\"id\": \"a\", \"language\": \"c\", \"prompt\": \"p\"}\n{\"id\": \"a\", \"language\": \"c\", \"prompt\": \"q\"}", path: "t")
        } throws: { error in
            (error as? TaskFileError)?.description == "t:2: field 'id': duplicate id 'a' (first used on line 1)"
        }
        #expect { try CodingTaskFile.parse("{oops", path: "t") } throws: { error in
            guard let error = error as? TaskFileError else { return false }
            return error.line == 1 && error.message.hasPrefix("invalid JSON")
        }
        #expect { try CodingTaskFile.parse("\n\n", path: "t") } throws: { error in
            (error as? TaskFileError)?.message == "the task file holds no tasks"
        }
    }
}
