import AsyncHTTPClient
import Foundation
import NIOCore

/// The upstream's response body, read by a task of its own so it can be bounded and abandoned:
/// when no bytes arrive for `idleTimeout` seconds the stream ends with `UpstreamTimedOut`, and
/// `cancel()` (the client went away) stops the reading task, which makes AsyncHTTPClient cancel the
/// upstream request instead of leaving it running.
final class UpstreamBodyStream: Sendable {
    struct UpstreamTimedOut: Error {}

    let chunks: AsyncThrowingStream<ByteBuffer, any Error>
    private let reader: Task<Void, Never>
    private let watchdog: Task<Void, Never>

    init(_ body: HTTPClientResponse.Body, idleTimeout: Double) {
        let (chunks, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let progress = Progress()
        let reader = Task {
            do {
                for try await chunk in body {
                    progress.touch()
                    continuation.yield(chunk)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        let check = max(0.01, min(idleTimeout / 4, 1))
        let watchdog = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(check * 1_000_000_000))
                if progress.idleSeconds() > idleTimeout {
                    reader.cancel()
                    continuation.finish(throwing: UpstreamTimedOut())
                    return
                }
            }
        }
        continuation.onTermination = { _ in
            reader.cancel()
            watchdog.cancel()
        }
        self.chunks = chunks
        self.reader = reader
        self.watchdog = watchdog
    }

    /// Stops reading and drops the upstream request.
    func cancel() {
        reader.cancel()
        watchdog.cancel()
    }

    /// The whole body, up to `limit` bytes.
    func collect(limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in chunks {
            guard bytes.count + chunk.readableBytes <= limit else {
                cancel()
                throw ServerError.upstreamProtocol("the upstream's answer is larger than \(limit / 1_048_576) MB")
            }
            bytes += chunk.readableBytesView
        }
        return bytes
    }

    /// When bytes last arrived.
    private final class Progress: @unchecked Sendable {
        private let lock = NSLock()
        private var last = ContinuousClock.now

        func touch() {
            lock.lock()
            last = .now
            lock.unlock()
        }

        func idleSeconds() -> Double {
            lock.lock()
            let elapsed = last.duration(to: .now)
            lock.unlock()
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
    }
}
