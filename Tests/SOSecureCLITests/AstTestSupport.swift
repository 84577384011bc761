import Foundation
import Testing

/// Where the `ast` command's fixtures and saved outputs live, beside this file.
enum AstFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Expected")

    static func expected(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// `SOSECURE_UPDATE_EXPECTED=1 swift test --filter AstExpectedOutputTests` rewrites the saved
    /// outputs after an intended change; review the diff before committing it.
    static var updating: Bool { ProcessInfo.processInfo.environment["SOSECURE_UPDATE_EXPECTED"] == "1" }

    static func update(_ name: String, with text: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// A fresh directory for generated inputs, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sosecure-ast-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
