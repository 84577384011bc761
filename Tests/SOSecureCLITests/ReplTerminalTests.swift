import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `sosecure repl` on a pseudo-terminal: keys are edited in raw mode, history is written, pasted blank
/// lines stay in the entry, and the terminal is back in its normal mode afterwards.
@Suite struct ReplTerminalTests {
    /// Reads what the terminal shows until `done` holds or `seconds` pass.
    static func read(_ master: Int32, seconds: Double, into output: inout String, until done: (String) -> Bool) {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while Date() < deadline {
            if done(output) { return }
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let count = Glibc.read(master, &buffer, buffer.count)
            if count <= 0 { return }
            output += String(decoding: buffer[..<count], as: UTF8.self)
        }
    }

    /// A pseudo-terminal pair: glibc declares posix_openpt and friends only under feature macros the Swift
    /// importer does not set, so they are looked up in libc at run time.
    static func openPseudoTerminal() -> (master: Int32, slavePath: String)? {
        typealias OpenFunction = @convention(c) (Int32) -> Int32
        typealias FDFunction = @convention(c) (Int32) -> Int32
        typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        guard let library = dlopen(nil, RTLD_NOW),
              let openSymbol = dlsym(library, "posix_openpt"), let grantSymbol = dlsym(library, "grantpt"),
              let unlockSymbol = dlsym(library, "unlockpt"), let nameSymbol = dlsym(library, "ptsname") else { return nil }
        let master = unsafeBitCast(openSymbol, to: OpenFunction.self)(O_RDWR | O_NOCTTY)
        guard master >= 0, unsafeBitCast(grantSymbol, to: FDFunction.self)(master) == 0,
              unsafeBitCast(unlockSymbol, to: FDFunction.self)(master) == 0,
              let name = unsafeBitCast(nameSymbol, to: NameFunction.self)(master) else { return nil }
        return (master, String(cString: name))
    }

    @Test func editingKeysHistoryPasteAndRestoredTerminal() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sosecure-repl-tty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }

        let (master, slavePath) = try #require(Self.openPseudoTerminal())
        defer { close(master) }
        let slave = open(slavePath, O_RDWR | O_NOCTTY)
        try #require(slave >= 0)
        defer { close(slave) }

        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["repl", "--no-llm", "--k", "1", "--db", home.appendingPathComponent("kb.sqlite").path]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment.removeValue(forKey: "XDG_CACHE_HOME")
        environment["NO_COLOR"] = "1"
        process.environment = environment
        process.currentDirectoryURL = home
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()

        var output = ""
        Self.read(master, seconds: 20, into: &output) { $0.contains(">>> ") }
        #expect(output.contains("sosecure repl (python; no model"))
        let keys = [
            "imort yaml" + String(repeating: "\u{1B}[D", count: 8) + "p\r",       // back to "im|ort", insert the missing p
            "junk\u{15}config = yaml.load(open(\"c.yml\"))\r",                      // Ctrl-U drops "junk"
            "\r",
            "\u{1B}[200~import pickle\r\r\rdef f(b):\r    return pickle.loads(b)\r\u{1B}[201~\r",
            "\u{1B}[A\u{1B}[A\u{01}# \r",                                            // up twice, Ctrl-A, comment it out
            "\u{03}",                                                                // Ctrl-C drops that entry
            "\u{04}",                                                                // Ctrl-D leaves
        ].joined()
        _ = keys.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
        Self.read(master, seconds: 20, into: &output) { _ in !process.isRunning }
        process.waitUntilExit()
        Self.read(master, seconds: 0.2, into: &output) { _ in false }

        #expect(process.terminationStatus == 0)
        #expect(output.contains("entry-1.py: 2 lines, 1 finding"), "output: \(output)")
        #expect(!output.contains("invalid syntax"), "the typo was fixed by editing")
        #expect(output.contains("entry-2.py: 5 lines, 1 finding"), "pasted blank lines stay in the entry")
        #expect(!output.contains("entry-3.py"), "Ctrl-C dropped the third entry")
        let history = try String(contentsOf: home.appendingPathComponent(".cache/sosecure/repl_history"), encoding: .utf8)
        #expect(history == "import yaml\nconfig = yaml.load(open(\"c.yml\"))\n# import yaml\n")

        var settings = termios()
        #expect(tcgetattr(slave, &settings) == 0)
        #expect(settings.c_lflag & tcflag_t(ICANON) != 0 && settings.c_lflag & tcflag_t(ECHO) != 0, "the terminal is back in canonical mode with echo")
    }
}
