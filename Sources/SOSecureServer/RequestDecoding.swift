import Foundation

/// Decodes a JSON request body, turning decoder errors into 400s that name the field at fault.
enum RequestDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from body: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch let error as ServerError {
            throw error
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw ServerError.invalidJSON("request body is not valid JSON")
        }
    }

    static func describe(_ error: DecodingError) -> ServerError {
        switch error {
        case let .typeMismatch(expected, context):
            if context.codingPath.isEmpty { return .invalidJSON("request body must be a JSON object") }
            return .invalidField("field '\(fieldPath(context.codingPath))' must be \(typeName(expected))")
        case let .valueNotFound(expected, context):
            return .invalidField("field '\(fieldPath(context.codingPath))' must be \(typeName(expected)), not null")
        case let .keyNotFound(key, context):
            return .invalidField("missing field '\(fieldPath(context.codingPath + [key]))'")
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty { return .invalidJSON("request body is not valid JSON") }
            return .invalidField("field '\(fieldPath(context.codingPath))': \(context.debugDescription)")
        @unknown default:
            return .invalidJSON("request body could not be read")
        }
    }

    /// `files[2].code`: the path a client would use to find the field in its own request.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            return "an object"
        }
    }
}

/// One piece of code in a request: `{"code", "language"?, "path"?}`.
struct CodeInput: Decodable, Sendable {
    let code: String
    let language: String?
    let path: String?
}

/// The body of `/v1/scan` and `/v1/fix`: one piece of code, or `{"files": [...]}`.
struct CodeRequest: Decodable, Sendable {
    let files: [CodeInput]
    /// True when the request used the `files` form (fix answers with an array either way).
    let batch: Bool

    enum CodingKeys: String, CodingKey { case files, code }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.files) {
            if container.contains(.code) { throw ServerError.invalidField("give either 'code' or 'files', not both") }
            files = try container.decode([CodeInput].self, forKey: .files)
            batch = true
            if files.isEmpty { throw ServerError.invalidField("field 'files' must not be empty") }
        } else {
            files = [try CodeInput(from: decoder)]
            batch = false
        }
    }
}

/// The body of `/v1/kb/search`: `{"code" | "text", "language"?, "k"?}`.
struct KnowledgeSearchRequest: Decodable, Sendable {
    let query: String
    let language: String?
    let k: Int

    static let kRange = 1...50

    enum CodingKeys: String, CodingKey { case code, text, language, k }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let code = try container.decodeIfPresent(String.self, forKey: .code)
        let text = try container.decodeIfPresent(String.self, forKey: .text)
        switch (code, text) {
        case let (code?, nil): query = code
        case let (nil, text?): query = text
        case (nil, nil): throw ServerError.invalidField("missing field 'code' (or 'text')")
        case (.some, .some): throw ServerError.invalidField("give either 'code' or 'text', not both")
        }
        language = try container.decodeIfPresent(String.self, forKey: .language)
        k = try container.decodeIfPresent(Int.self, forKey: .k) ?? 5
        guard Self.kRange.contains(k) else {
            throw ServerError.invalidField("field 'k' must be between \(Self.kRange.lowerBound) and \(Self.kRange.upperBound)")
        }
    }
}
