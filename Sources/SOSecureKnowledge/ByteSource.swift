import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A forward-only stream of bytes read in large chunks: a plain file, a gzip file
/// decompressed by a `gzip -dc` child process, or standard input.
/// Memory stays at one chunk whatever the size of the input.
final class ByteSource {
    let displayPath: String
    /// Size of the file on disk (compressed size for gzip), when known.
    let totalBytes: Int64?
    private let fd: Int32
    private let ownsFD: Bool
    /// For gzip, the descriptor of the compressed file: its shared offset tells how far gzip has read.
    private let compressedFD: Int32?
    private let child: Process?
    private var finished = false

    private init(displayPath: String, fd: Int32, ownsFD: Bool, totalBytes: Int64?, compressedFD: Int32?, child: Process?) {
        self.displayPath = displayPath
        self.fd = fd
        self.ownsFD = ownsFD
        self.totalBytes = totalBytes
        self.compressedFD = compressedFD
        self.child = child
    }

    /// Opens `path` (`-` for standard input). Files ending in `.gz` or starting with the gzip
    /// magic bytes are decompressed through `gzip -dc`.
    static func open(path: String) throws -> ByteSource {
        if path == "-" {
            return ByteSource(displayPath: "<stdin>", fd: STDIN_FILENO, ownsFD: false, totalBytes: nil, compressedFD: nil, child: nil)
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw KnowledgeError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw KnowledgeError.unreadable(path: path, reason: "is a directory")
        }
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else {
            throw KnowledgeError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        var magic = [UInt8](repeating: 0, count: 2)
        let got = Glibc.read(fd, &magic, 2)
        lseek(fd, 0, SEEK_SET)
        let isGzip = path.hasSuffix(".gz") || (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        if !isGzip {
            return ByteSource(displayPath: path, fd: fd, ownsFD: true, totalBytes: Int64(info.st_size), compressedFD: nil, child: nil)
        }
        return try openGzip(path: path, compressedFD: fd, size: Int64(info.st_size))
    }

    private static func openGzip(path: String, compressedFD: Int32, size: Int64) throws -> ByteSource {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc"]
        // gzip reads our descriptor directly, so lseek on our copy reports its progress.
        process.standardInput = FileHandle(fileDescriptor: compressedFD, closeOnDealloc: false)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            close(compressedFD)
            throw KnowledgeError.unreadable(path: path, reason: "cannot start gzip to decompress it: \(error)")
        }
        let readFD = dup(pipe.fileHandleForReading.fileDescriptor)
        try? pipe.fileHandleForReading.close()
        try? pipe.fileHandleForWriting.close()
        return ByteSource(displayPath: path, fd: readFD, ownsFD: true, totalBytes: size, compressedFD: compressedFD, child: process)
    }

    /// Bytes of the underlying file consumed so far (compressed bytes for gzip), for progress display.
    func consumedFileBytes(decompressed: Int64) -> Int64 {
        if let compressedFD { return Int64(lseek(compressedFD, 0, SEEK_CUR)) }
        return decompressed
    }

    /// Moves to `offset` of the (decompressed) stream: a seek for plain files, read-and-discard otherwise.
    func skip(to offset: Int64) throws {
        guard offset > 0 else { return }
        if child == nil, ownsFD, lseek(fd, off_t(offset), SEEK_SET) == off_t(offset) { return }
        var remaining = offset
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while remaining > 0 {
            let n = try read(into: buffer, capacity: Int(min(remaining, 1 << 20)))
            if n == 0 {
                throw KnowledgeError.cannotResume("\(displayPath) is shorter than the recorded checkpoint offset \(offset)")
            }
            remaining -= Int64(n)
        }
    }

    /// Reads up to `capacity` bytes; returns 0 at end of stream.
    func read(into buffer: UnsafeMutableRawPointer, capacity: Int) throws -> Int {
        if finished { return 0 }
        while true {
            let n = Glibc.read(fd, buffer, capacity)
            if n > 0 { return n }
            if n == 0 {
                finished = true
                try checkChild()
                return 0
            }
            if errno == EINTR { continue }
            throw KnowledgeError.unreadable(path: displayPath, reason: String(cString: strerror(errno)))
        }
    }

    private func checkChild() throws {
        guard let child else { return }
        child.waitUntilExit()
        if child.terminationStatus != 0 {
            throw KnowledgeError.unreadable(path: displayPath, reason: "gzip could not decompress it (corrupt or truncated archive, exit status \(child.terminationStatus))")
        }
    }

    deinit {
        if ownsFD { close(fd) }
        if let compressedFD { close(compressedFD) }
        if let child, child.isRunning { child.terminate() }
    }
}
