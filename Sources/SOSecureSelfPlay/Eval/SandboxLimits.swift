/// Resource limits for running generated code under test.
public struct SandboxLimits: Sendable, Equatable {
    /// RLIMIT_CPU: the kernel sends SIGXCPU past this many CPU seconds.
    public var cpuSeconds: Int
    /// RLIMIT_AS: allocations past this address-space size fail (Python raises MemoryError).
    public var addressSpaceBytes: Int
    /// RLIMIT_FSIZE: writing a file past this size raises SIGXFSZ.
    public var fileSizeBytes: Int
    /// Wall-clock time after which the whole process group is killed (a sleeping or blocked test uses no CPU).
    public var wallSeconds: Double

    public init(cpuSeconds: Int = 20, addressSpaceBytes: Int = 1 << 30, fileSizeBytes: Int = 16 << 20, wallSeconds: Double = 60) {
        self.cpuSeconds = cpuSeconds
        self.addressSpaceBytes = addressSpaceBytes
        self.fileSizeBytes = fileSizeBytes
        self.wallSeconds = wallSeconds
    }
}
