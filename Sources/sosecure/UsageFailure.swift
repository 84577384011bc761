import ArgumentParser
import Foundation

/// How every command reports a bad flag: in ArgumentParser's own layout (the error, the usage line and
/// where to find help) and with exit status 2, for checks ArgumentParser cannot make itself.
enum UsageFailure {
    /// Does nothing when `problem` is nil; otherwise prints it and ends `sosecure <command>`.
    /// `arguments` is the usage line after the command name, e.g. `[<options>] <paths> ...`.
    static func check(_ problem: String?, command: String, arguments: String) throws {
        guard let problem else { return }
        FileHandle.standardError.write(Data("error: \(problem)\nUsage: sosecure \(command) \(arguments)\n  See 'sosecure \(command) --help' for more information.\n".utf8))
        throw ExitCode(2)
    }
}
