import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum AtomicWriteError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
        }
    }
}

/// Replaces a file's content all at once: the new text goes to a hidden temporary file in the same
/// folder (same file system, so the rename is atomic), is flushed to disk, takes the original's
/// permissions, and is renamed over the target. A crash at any point leaves either the old file or the
/// new one, never half of one.
public enum AtomicFileWriter {
    /// The hidden temporary file used for `path`.
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let name = ".\(url.lastPathComponent).sosecure-\(getpid()).tmp"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// - Parameter beforeRename: called after the temporary file is complete and before the rename
    ///   (tests pause the process here to prove a kill leaves the original intact).
    public static func write(_ text: String, to path: String, beforeRename: ((String) -> Void)? = nil) throws {
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw AtomicWriteError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        var failure: String?
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
                break
            }
            written += result
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        var info = stat()
        if failure == nil, stat(path, &info) == 0 { _ = fchmod(descriptor, info.st_mode & 0o7777) }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw AtomicWriteError.cannotWrite(path: path, reason: failure)
        }
        beforeRename?(temporary)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw AtomicWriteError.cannotWrite(path: path, reason: reason)
        }
    }
}

/// The POSIX `write`, named apart from `AtomicFileWriter.write`.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, buffer, count)
    #else
    return Darwin.write(descriptor, buffer, count)
    #endif
}
