import Foundation
import SOSecureCore

/// A task file line that is not a valid task: names the file, the line and the field.
public struct TaskFileError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let field: String?
    public let message: String

    public var description: String {
        let location = "\(path):\(line)"
        if let field { return "\(location): field '\(field)': \(message)" }
        return "\(location): \(message)"
    }
}

/// Reads and validates JSONL task files. Every line is checked; the first bad one is reported.
public enum CodingTaskFile {
    public static func load(path: String) throws -> [CodingTask] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TaskFileError(path: path, line: 0, field: nil, message: "cannot read the task file (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TaskFileError(path: path, line: 0, field: nil, message: "the task file is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses JSONL text. Blank lines are skipped; ids must be unique.
    public static func parse(_ text: String, path: String) throws -> [CodingTask] {
        var tasks: [CodingTask] = []
        var firstLineOfID: [String: Int] = [:]
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let task = try parseLine(String(line), number: lineNumber, path: path)
            if let earlier = firstLineOfID[task.id] {
                throw TaskFileError(path: path, line: lineNumber, field: "id",
                                    message: "duplicate id '\(task.id)' (first used on line \(earlier))")
            }
            firstLineOfID[task.id] = lineNumber
            tasks.append(task)
        }
        if tasks.isEmpty {
            throw TaskFileError(path: path, line: lineNumber, field: nil, message: "the task file holds no tasks")
        }
        return tasks
    }

    static func parseLine(_ line: String, number: Int, path: String) throws -> CodingTask {
        func failure(_ field: String?, _ message: String) -> TaskFileError {
            TaskFileError(path: path, line: number, field: field, message: message)
        }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw failure(nil, "expected a JSON object")
            }
            object = parsed
        } catch let error as TaskFileError {
            throw error
        } catch {
            throw failure(nil, "invalid JSON (\(error.localizedDescription))")
        }
        let known: Set<String> = ["id", "language", "prompt", "reference", "cwe", "tests"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw failure(unknown, "unknown field (expected one of: \(known.sorted().joined(separator: ", ")))")
        }

        func requiredString(_ field: String) throws -> String {
            guard let value = object[field] else { throw failure(field, "missing (expected a string)") }
            guard let string = value as? String else { throw failure(field, "expected a string") }
            guard !string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw failure(field, "must not be empty")
            }
            return string
        }
        func optionalString(_ field: String) throws -> String? {
            guard let value = object[field], !(value is NSNull) else { return nil }
            guard let string = value as? String else { throw failure(field, "expected a string") }
            return string
        }

        let id = try requiredString("id")
        let languageName = try requiredString("language")
        guard let language = Language(name: languageName) else {
            let names = Language.allCases.map(\.rawValue).joined(separator: ", ")
            throw failure("language", "unknown language '\(languageName)' (expected one of: \(names))")
        }
        let prompt = try requiredString("prompt")
        let reference = try optionalString("reference")
        let tests = try optionalString("tests")
        if tests != nil && language != .python {
            throw failure("tests", "tests are supported for Python tasks only")
        }
        let cwes = try parseCWEs(object["cwe"], failure: { failure("cwe", $0) })
        return CodingTask(id: id, language: language, prompt: prompt, reference: reference,
                          cwes: cwes, tests: tests, line: number)
    }

    /// `cwe` may be 89, "CWE-89", "89", or an array of those.
    static func parseCWEs(_ value: Any?, failure: (String) -> TaskFileError) throws -> [Int] {
        guard let value, !(value is NSNull) else { return [] }
        func one(_ item: Any) throws -> Int {
            // JSON booleans arrive as NSNumber too; their class name tells them apart.
            let isBoolean = String(describing: type(of: item)).contains("Boolean")
            if !isBoolean, let number = item as? NSNumber,
               number.doubleValue == number.doubleValue.rounded(), number.intValue > 0 {
                return number.intValue
            }
            if let string = item as? String {
                let digits = string.uppercased().hasPrefix("CWE-") ? String(string.dropFirst(4)) : string
                if let id = Int(digits), id > 0 { return id }
            }
            throw failure("expected a CWE id such as 89 or \"CWE-89\", or an array of them")
        }
        if let array = value as? [Any] { return try array.map(one) }
        return [try one(value)]
    }
}
