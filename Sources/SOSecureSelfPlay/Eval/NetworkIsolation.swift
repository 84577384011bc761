import Foundation

/// How a test child is cut off from the network: a fresh network namespace (only a down loopback inside),
/// entered with util-linux `unshare`. Root can create one directly (`unshare -n`); other users need a user
/// namespace around it (`unshare -r -n`), which some kernels and containers forbid.
public enum NetworkIsolation: Sendable, Equatable, CustomStringConvertible {
    /// Prefix the command with `unshare` and these arguments.
    case namespace(unshare: String, arguments: [String])
    /// No network namespace could be created here.
    case unavailable(reason: String)

    public var isIsolated: Bool {
        if case .namespace = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .namespace(let unshare, let arguments): "network namespace (\(([unshare] + arguments).joined(separator: " ")))"
        case .unavailable(let reason): "no network isolation: \(reason)"
        }
    }

    /// The command-line prefix that runs a program in its own network namespace; empty when unavailable.
    var prefix: [String] {
        switch self {
        case .namespace(let unshare, let arguments): [unshare] + arguments + ["--"]
        case .unavailable: []
        }
    }

    /// Tries `unshare -n true`, then `unshare -r -n true`, and keeps the first that works on this machine.
    public static func probe() -> NetworkIsolation {
        guard let unshare = ExecutableLookup.find("unshare") else {
            return .unavailable(reason: "the unshare command (util-linux) is not installed")
        }
        var failures: [String] = []
        for arguments in [["-n"], ["-r", "-n"]] {
            let result = ExecutableLookup.run([unshare] + arguments + ["--", "/bin/sh", "-c", "exit 0"])
            if result.status == 0 { return .namespace(unshare: unshare, arguments: arguments) }
            let message = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
            failures.append("unshare \(arguments.joined(separator: " ")): \(message.isEmpty ? "exit status \(result.status)" : message)")
        }
        return .unavailable(reason: failures.joined(separator: "; "))
    }
}

/// Finding programs on PATH and running short trusted helper commands (probes, never generated code).
enum ExecutableLookup {
    static func find(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for directory in (path ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `arguments` to completion and returns its status and combined output.
    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return (-1, "\(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
