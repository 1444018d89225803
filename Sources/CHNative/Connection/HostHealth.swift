import Synchronization

/// Process-wide memory of servers that recently failed to connect, so the next connection
/// tries healthy servers first and retries a failed one only after ``cooldown`` (or when
/// nothing else answers).
public final class HostHealth: Sendable {
    /// The tracker every connection uses.
    public static let shared = HostHealth()

    /// Seconds a failed server stays at the end of the order.
    public let cooldown: Double
    private let failures = Mutex<[ServerAddress: UInt64]>([:])

    /// A tracker with its own memory (tests).
    public init(cooldown: Double = 10) { self.cooldown = cooldown }

    /// `addresses` in the order to try under `strategy`.
    public func order(_ addresses: [ServerAddress], strategy: FailoverStrategy) -> [ServerAddress] {
        guard addresses.count > 1 else { return addresses }
        let now = Deadline.now()
        let window = UInt64(cooldown * 1e9)
        let recent = failures.withLock { f in Set(addresses.filter { a in f[a].map { now &- $0 < window } ?? false }) }
        var healthy = addresses.filter { !recent.contains($0) }
        var failed = addresses.filter { recent.contains($0) }
        if strategy == .random {
            healthy.shuffle()
            failed.shuffle()
        }
        return healthy + failed
    }

    /// Records that `address` could not be reached.
    public func markFailed(_ address: ServerAddress) {
        let now = Deadline.now()
        failures.withLock { $0[address] = now }
    }

    /// Records that `address` answered.
    public func markHealthy(_ address: ServerAddress) {
        _ = failures.withLock { $0.removeValue(forKey: address) }
    }

    /// Whether `address` failed within the cooldown.
    public func isDown(_ address: ServerAddress) -> Bool {
        let now = Deadline.now()
        return failures.withLock { f in f[address].map { now &- $0 < UInt64(cooldown * 1e9) } ?? false }
    }
}
