import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a sandboxed child ended.
public struct SandboxResult: Sendable, Equatable {
    /// Exit status when the child exited.
    public var exitStatus: Int?
    /// The signal that ended the child, when one did.
    public var signal: Int?
    /// Killed by us at the wall-clock timeout.
    public var timedOut: Bool
    public var seconds: Double
    /// The end of the combined standard output and error.
    public var output: String
}

/// Runs a command in a child process with resource limits, its own process group, a scrubbed environment,
/// optionally its own network namespace, and its output captured in a file.
///
/// The limits are set between fork and exec by a tiny `/bin/sh` wrapper (`ulimit -t/-v/-f`, then
/// `exec`), inside the namespace: `unshare -n -- /bin/sh -c 'ulimit …; cd DIR; exec "$@"' sh … COMMAND`.
/// `unshare` and `sh` replace themselves with the command, so the spawned pid is the command's. The whole
/// process group is killed at the wall-clock timeout and again after a normal exit, so nothing the code
/// started in the background survives it.
public enum SandboxedProcess {
    /// Output kept from the end of the log, enough for a pytest summary and traceback.
    static let keptOutputBytes = 8 * 1024

    /// The CPU hard limit sits a second above the soft one: at the soft limit the kernel sends SIGXCPU (which
    /// names the cause); only a child that ignores it is killed at the hard limit.
    static let limitScript = #"ulimit -S -t "$1" && ulimit -H -t $(($1 + 1)) && ulimit -v "$2" && ulimit -f "$3" && cd "$4" && shift 4 && exec "$@""#

    public static func run(_ command: [String], directory: String, limits: SandboxLimits, isolation: NetworkIsolation,
                           environment: [String: String], outputPath: String) async -> SandboxResult {
        await withCheckedContinuation { continuation in
            // The wait loop blocks; keep it off the cooperative pool.
            let thread = Thread {
                continuation.resume(returning: runBlocking(command, directory: directory, limits: limits, isolation: isolation,
                                                           environment: environment, outputPath: outputPath))
            }
            thread.name = "SandboxedProcess"
            thread.start()
        }
    }

    /// The full argument vector: namespace prefix, limit wrapper, command.
    static func argumentVector(_ command: [String], directory: String, limits: SandboxLimits, isolation: NetworkIsolation) -> [String] {
        let addressSpaceKiB = max(1, limits.addressSpaceBytes / 1024)
        let fileSizeBlocks = max(1, limits.fileSizeBytes / 512) // sh's ulimit -f counts 512-byte blocks
        return isolation.prefix + ["/bin/sh", "-c", limitScript, "sosecure-sandbox", String(max(1, limits.cpuSeconds)),
                                   String(addressSpaceKiB), String(fileSizeBlocks), directory] + command
    }

    static func runBlocking(_ command: [String], directory: String, limits: SandboxLimits, isolation: NetworkIsolation,
                            environment: [String: String], outputPath: String) -> SandboxResult {
        let argv = argumentVector(command, directory: directory, limits: limits, isolation: isolation)
        let started = Date()
        let pid: pid_t
        do {
            pid = try spawn(argv, environment: environment, outputPath: outputPath)
        } catch {
            return SandboxResult(exitStatus: nil, signal: nil, timedOut: false, seconds: 0, output: "could not start \(argv[0]): \(error)")
        }
        var timedOut = false
        let deadline = started.addingTimeInterval(limits.wallSeconds)
        // Wait without reaping (WNOWAIT): while the leader is an unreaped zombie its group id cannot be reused,
        // so killing the group afterwards cannot hit an unrelated process.
        while !hasExited(pid) {
            if Date() >= deadline {
                timedOut = true
                break
            }
            usleep(10_000)
        }
        let seconds = Date().timeIntervalSince(started)
        // At the timeout, and after a normal exit for whatever the code left running in its group.
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(pid, &status, 0) } while reaped < 0 && errno == EINTR
        guard reaped == pid else {
            // Someone else reaped the child: its status is unknown, which must never read as a pass.
            return SandboxResult(exitStatus: nil, signal: nil, timedOut: timedOut, seconds: seconds,
                                 output: tail(of: outputPath) + "\n[sosecure: the exit status of the test process was lost]\n")
        }
        let exited = status & 0x7f == 0
        return SandboxResult(exitStatus: exited ? Int((status >> 8) & 0xff) : nil, signal: exited ? nil : Int(status & 0x7f),
                             timedOut: timedOut, seconds: seconds, output: tail(of: outputPath))
    }

    /// The child has ended (it stays a zombie until `waitpid`).
    private static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        while true {
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 { break }
            if errno != EINTR { return true }
        }
        return info._sifields._kill.si_pid == pid
    }

    struct SpawnError: Error, CustomStringConvertible {
        let code: Int32
        var description: String { String(cString: strerror(code)) }
    }

    private static func spawn(_ argv: [String], environment: [String: String], outputPath: String) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new process group (to kill everything at once) with default signal handling and no blocked
        // signals, whatever the parent ignores or blocks (SIGPIPE, SIGXFSZ…).
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGXFSZ, SIGXCPU, SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGSEGV] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigmask(&attributes, &noMask)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
        guard code == 0 else { throw SpawnError(code: code) }
        return pid
    }

    /// The last `keptOutputBytes` of the output file, cut at a line start when possible.
    static func tail(of path: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > UInt64(keptOutputBytes) ? size - UInt64(keptOutputBytes) : 0
        try? handle.seek(toOffset: start)
        var data = (try? handle.readToEnd()) ?? Data()
        if start > 0, let newline = data.firstIndex(of: UInt8(ascii: "\n")) {
            data = data[data.index(after: newline)...]
        }
        return String(decoding: data, as: UTF8.self)
    }
}
