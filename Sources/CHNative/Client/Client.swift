import Synchronization

/// A ClickHouse client with a small pool of ``AsyncConnection``s: the async entry point for
/// applications.
///
/// ```swift
/// let client = Client(configuration: .init(host: "127.0.0.1", port: 9000))
/// let blocks = try await client.query("SELECT number FROM numbers(10)")
/// ```
///
/// Broken connections are dropped, never returned to the pool; idle ones are closed after
/// ``PoolConfiguration/idleTimeout`` and pinged before reuse after ``PoolConfiguration/healthCheckAfter``.
public final class Client: Sendable {
    /// Where and how to connect.
    public let configuration: ConnectionConfiguration
    /// Pool limits.
    public let pool: PoolConfiguration

    private struct Idle {
        let connection: AsyncConnection
        let since: UInt64
    }

    private struct State {
        var idle: [Idle] = []
        var open = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextWaiter: UInt64 = 0
        var closed = false
    }

    private let state = Mutex(State())

    /// Creates a client; connections are opened lazily.
    public init(configuration: ConnectionConfiguration, pool: PoolConfiguration = PoolConfiguration()) {
        self.configuration = configuration
        self.pool = pool
    }

    /// Connections currently open (idle or in use).
    public var openConnections: Int { state.withLock { $0.open } }

    /// Connections currently idle in the pool.
    public var idleConnections: Int { state.withLock { $0.idle.count } }

    /// Borrows a connection for `body` and returns it to the pool afterwards (or drops it if it broke).
    public func withConnection<R: Sendable>(_ body: (AsyncConnection) async throws -> R) async throws -> R {
        let connection = try await acquire()
        do {
            let r = try await body(connection)
            release(connection)
            return r
        } catch {
            release(connection)
            throw error
        }
    }

    /// Runs `sql` and returns all its blocks.
    public func query(_ sql: String, settings: [String: String] = [:], parameters: [String: String] = [:]) async throws -> [Block] {
        try await withConnection { try await $0.queryAll(sql, settings: settings, parameters: parameters) }
    }

    /// Runs `sql` to completion, discarding rows.
    @discardableResult
    public func execute(_ sql: String, settings: [String: String] = [:], parameters: [String: String] = [:]) async throws -> Progress {
        try await withConnection { try await $0.execute(sql, settings: settings, parameters: parameters) }
    }

    /// Inserts blocks into a table.
    @discardableResult
    public func insert(into table: String, database: String? = nil, columns: [String]? = nil, blocks: [Block],
                       settings: [String: String] = [:]) async throws -> Progress {
        try await withConnection { try await $0.insert(into: table, database: database, columns: columns, blocks: blocks, settings: settings) }
    }

    /// Closes idle connections and refuses new work.
    public func shutdown() async {
        let (idle, waiters) = state.withLock { s -> ([Idle], [CheckedContinuation<Void, any Error>]) in
            s.closed = true
            let idle = s.idle
            s.open -= idle.count
            s.idle = []
            let w = s.waiters.map(\.continuation)
            s.waiters = []
            return (idle, w)
        }
        for w in waiters { w.resume(throwing: ClickHouseError.invalidState("the client was shut down")) }
        for i in idle { await i.connection.close() }
    }

    // MARK: Pool

    private enum Step {
        case reuse(AsyncConnection, idleNanoseconds: UInt64)
        case open
        case wait
        case closed
    }

    /// Reports the pool's open, idle and waiting counts (``ClientMetrics``).
    private func reportPool() {
        let (open, idle, waiters) = state.withLock { ($0.open, $0.idle.count, $0.waiters.count) }
        let metrics = ClientMetrics(configuration.metricsFactory)
        metrics.gauge("clickhouse_pool_open", open)
        metrics.gauge("clickhouse_pool_idle", idle)
        metrics.gauge("clickhouse_pool_waiters", waiters)
    }

    func acquire() async throws -> AsyncConnection {
        let started = Deadline.now()
        let connection = try await acquireConnection()
        ClientMetrics(configuration.metricsFactory).time("clickhouse_pool_acquire_duration_seconds", nanoseconds: Deadline.now() &- started)
        reportPool()
        return connection
    }

    private func acquireConnection() async throws -> AsyncConnection {
        let deadline = Deadline(seconds: pool.acquireTimeout)
        while true {
            try Task.checkCancellation()
            let now = Deadline.now()
            var expired: [AsyncConnection] = []
            let step: Step = state.withLock { s in
                if s.closed { return .closed }
                while let last = s.idle.popLast() {
                    let idleFor = now &- last.since
                    if Double(idleFor) / 1e9 > pool.idleTimeout || !last.connection.isUsable {
                        expired.append(last.connection)
                        s.open -= 1
                        continue
                    }
                    return .reuse(last.connection, idleNanoseconds: idleFor)
                }
                if s.open < pool.maximumConnections {
                    s.open += 1
                    return .open
                }
                return .wait
            }
            for e in expired { await e.close() }
            switch step {
            case .closed:
                throw ClickHouseError.invalidState("the client was shut down")
            case .reuse(let c, let idleFor):
                if Double(idleFor) / 1e9 > pool.healthCheckAfter {
                    do {
                        try await c.ping()
                    } catch {
                        await c.close()
                        dropOpen()
                        continue
                    }
                }
                return c
            case .open:
                do {
                    return try await AsyncConnection.connect(configuration)
                } catch {
                    dropOpen()
                    throw error
                }
            case .wait:
                try await waitForRelease(deadline: deadline)
            }
        }
    }

    private func dropOpen() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, any Error>? in
            s.open -= 1
            return s.waiters.isEmpty ? nil : s.waiters.removeFirst().continuation
        }
        waiter?.resume()
        reportPool()
    }

    private func waitForRelease(deadline: Deadline) async throws {
        let ms = deadline.remainingMilliseconds
        if ms <= 0 {
            throw ClickHouseError.timeout("no pooled connection became free within \(pool.acquireTimeout) s (\(pool.maximumConnections) in use)")
        }
        let id = state.withLock { s -> UInt64 in
            s.nextWaiter += 1
            return s.nextWaiter
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                    let closed = self.state.withLock { s -> Bool in
                        if s.closed { return true }
                        s.waiters.append((id, c))
                        return false
                    }
                    if closed { c.resume(throwing: ClickHouseError.invalidState("the client was shut down")) }
                    self.reportPool()
                }
            }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(ms) * 1_000_000)
                let removed = self.state.withLock { s -> CheckedContinuation<Void, any Error>? in
                    guard let i = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return s.waiters.remove(at: i).continuation
                }
                removed?.resume()
            }
            try await group.next()
            group.cancelAll()
        }
    }

    func release(_ connection: AsyncConnection) {
        let usable = connection.isUsable
        let waiter = state.withLock { s -> CheckedContinuation<Void, any Error>? in
            if usable && !s.closed {
                s.idle.append(Idle(connection: connection, since: Deadline.now()))
            } else {
                s.open -= 1
            }
            return s.waiters.isEmpty ? nil : s.waiters.removeFirst().continuation
        }
        if !usable || state.withLock({ $0.closed }) { connection.connection.close() }
        waiter?.resume()
        reportPool()
    }
}
