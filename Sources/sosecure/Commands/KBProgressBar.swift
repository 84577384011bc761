import Foundation
import SOSecureKnowledge
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on standard error, drawn only when it is a terminal:
/// bytes read, rows per second and the time left.
final class KBProgressBar: @unchecked Sendable {
    let enabled = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var drawn = false

    func update(_ progress: IngestProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        let rate = progress.seconds > 0 ? Double(progress.rows) / progress.seconds : 0
        var line = "\(progress.phase): \(KBProgressBar.bytes(progress.bytesDone))"
        if let total = progress.bytesTotal, total > 0 {
            let fraction = min(1, Double(progress.bytesDone) / Double(total))
            let width = 24
            let filled = Int(fraction * Double(width))
            line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + line
            line += " / \(KBProgressBar.bytes(total))"
            if fraction > 0.001, progress.phase != "entries" {
                let remaining = progress.seconds * (1 - fraction) / fraction
                line += String(format: "  ETA %d:%02d", Int(remaining) / 60, Int(remaining) % 60)
            }
        }
        line += String(format: "  %.0f rows/s", rate)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        drawn = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }

    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f ", value) + units[unit]
    }
}
