/// Limits and checks of a ``Client``'s connection pool.
public struct PoolConfiguration: Sendable, Hashable {
    /// Most connections open at once; callers beyond it wait.
    public var maximumConnections: Int
    /// Idle connections older than this (seconds) are closed instead of reused.
    public var idleTimeout: Double
    /// A connection idle longer than this (seconds) is pinged before reuse; a failed ping
    /// discards it and another is used.
    public var healthCheckAfter: Double
    /// How long (seconds) a caller waits for a free connection before failing.
    public var acquireTimeout: Double

    /// Creates pool settings; defaults: 8 connections, 60 s idle timeout, health check after 5 s idle, 30 s acquire timeout.
    public init(maximumConnections: Int = 8, idleTimeout: Double = 60, healthCheckAfter: Double = 5, acquireTimeout: Double = 30) {
        self.maximumConnections = max(1, maximumConnections)
        self.idleTimeout = idleTimeout
        self.healthCheckAfter = healthCheckAfter
        self.acquireTimeout = acquireTimeout
    }
}
