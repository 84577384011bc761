import Foundation
import Testing

/// Runs the built `sosecure` binary the way a user would.
enum CLI {
    static var binary: URL {
        // The test bundle sits beside the products in the build directory.
        let bundle = Bundle.main.bundleURL
        var directory = bundle
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("sosecure")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return bundle.deletingLastPathComponent().appendingPathComponent("sosecure")
    }

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil, currentDirectory: URL? = nil) throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

@Suite struct HelpTests {
    @Test func helpNamesTheTool() throws {
        let output = try CLI.run(["--help"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("sosecure"))
    }
}
