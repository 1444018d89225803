import CHNative
import Foundation
import Synchronization
import Testing

@Suite(.serialized) struct AsyncClientTests {
    @Test(arguments: TestServers.all)
    func asyncStreamReadsBlockByBlock(server: TestServers.Server) async throws {
        let c = try await AsyncConnection.connect(server.configuration(compression: .lz4))
        var rows = 0
        var blocks = 0
        for try await block in c.stream("SELECT number FROM numbers(100000)", settings: ["max_block_size": "5000"]) {
            rows += block.rowCount
            blocks += 1
        }
        #expect(rows == 100000 && blocks == 20)
        await c.close()
    }

    /// Leaving a `for try await` early releases the result with its query still running; the
    /// next query finishes that one first (it used to fail with "a query is already running").
    @Test(arguments: TestServers.all)
    func leavingAStreamEarlyLeavesTheConnectionUsable(server: TestServers.Server) async throws {
        let c = try await AsyncConnection.connect(server.configuration(compression: .lz4))
        for _ in 0..<3 {
            for try await block in c.stream("SELECT number FROM numbers(100000000)", settings: ["max_block_size": "1000"]) {
                #expect(block.rowCount == 1000)
                break
            }
            var rows = 0
            for try await block in c.stream("SELECT 42") { rows += block.rowCount }
            #expect(rows == 1)
        }
        await c.close()
    }

    @Test(arguments: TestServers.all)
    func aResultReleasedBeforeItsEndDoesNotBlockTheNextQuery(server: TestServers.Server) throws {
        let c = try server.connect(compression: .none)
        defer { c.close() }
        var result: QueryResult? = try c.query("SELECT number FROM numbers(100000000)", settings: ["max_block_size": "1000"])
        #expect(try result?.next()?.rowCount == 1000)
        result = nil
        #expect(try c.queryAll("SELECT 7").first?.rowCount == 1)
        #expect(c.isUsable)
    }

    @Test func taskCancellationCancelsTheQuery() async throws {
        let c = try await AsyncConnection.connect(TestServers.ch26.configuration())
        let task = Task {
            try await c.execute("SELECT count() FROM numbers(100000000000)")
        }
        try await Task.sleep(nanoseconds: 300_000_000)
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("the query was not cancelled")
        } catch ClickHouseError.cancelled {}
        #expect(c.isUsable)
        #expect(tsvText(try await c.queryAll("SELECT 1")) == "1\n")
        await c.close()
    }

    @Test func poolRunsConcurrentQueriesWithinItsLimit() async throws {
        let client = Client(configuration: TestServers.ch26.configuration(compression: .lz4), pool: PoolConfiguration(maximumConnections: 4))
        let maxOpen = MaxTracker()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let blocks = try await client.query("SELECT sum(number) FROM numbers(\(100000 + i))")
                    let open = client.openConnections
                    maxOpen.record(open)
                    return Int(tsvText(blocks).dropLast()) ?? -1
                }
            }
            var results: [Int] = []
            for try await r in group { results.append(r) }
            #expect(results.count == 16)
            #expect(Set(results) == Set((0..<16).map { n in (100000 + n) * (100000 + n - 1) / 2 }))
        }
        #expect(maxOpen.value <= 4 && maxOpen.value >= 1)
        #expect(client.openConnections <= 4)
        #expect(client.idleConnections == client.openConnections)
        await client.shutdown()
        #expect(client.openConnections == 0)
    }

    @Test func brokenConnectionsAreDroppedNotReused() async throws {
        let proxy = try FaultProxy(targetHost: TestServers.ch26.host, targetPort: TestServers.ch26.port, mode: .cutAfter(bytes: 100_000))
        defer { proxy.stop() }
        let client = Client(configuration: TestServers.ch26.configuration(port: proxy.port), pool: PoolConfiguration(maximumConnections: 2))
        do {
            _ = try await client.query("SELECT number, toString(number) FROM numbers(1000000)")
            Issue.record("the cut went unnoticed")
        } catch let error as ClickHouseError {
            #expect(error.isConnectionBroken)
        }
        #expect(client.openConnections == 0)
        await client.shutdown()
    }

    @Test func serverErrorsKeepPooledConnections() async throws {
        let client = Client(configuration: TestServers.ch26.configuration(), pool: PoolConfiguration(maximumConnections: 1))
        await #expect(throws: ClickHouseError.self) { _ = try await client.query("SELECT * FROM no_such_table_1") }
        #expect(client.idleConnections == 1)
        #expect(tsvText(try await client.query("SELECT 3")) == "3\n")
        await client.shutdown()
    }
}

/// Thread-safe running maximum.
final class MaxTracker: Sendable {
    private let current = Mutex(0)
    func record(_ v: Int) { current.withLock { $0 = max($0, v) } }
    var value: Int { current.withLock { $0 } }
}
