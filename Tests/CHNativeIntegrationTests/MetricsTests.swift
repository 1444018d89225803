import CHNative
import MetricsTestKit
import Testing

/// swift-metrics, checked with swift-metrics' own TestMetrics factory against the live server.
@Suite(.serialized) struct MetricsTests {
    func configuration(_ metrics: TestMetrics) -> ConnectionConfiguration {
        var c = TestServers.ch26.configuration()
        c.metricsFactory = metrics
        return c
    }

    @Test func queriesErrorsAndInsertsAreCounted() throws {
        let metrics = TestMetrics()
        let c = try Connection(configuration: configuration(metrics))
        defer { c.close() }
        #expect(try metrics.expectCounter("clickhouse_connections_opened_total").totalValue == 1)
        _ = try c.queryAll("SELECT number FROM numbers(1000)")
        _ = try c.queryAll("SELECT 1")
        #expect(throws: ClickHouseError.self) { try c.execute("SELECT * FROM no_such_table_metrics") }
        #expect(try metrics.expectCounter("clickhouse_queries_total", [("result", "ok")]).totalValue == 2)
        #expect(try metrics.expectCounter("clickhouse_queries_total", [("result", "server_error")]).totalValue == 1)
        #expect(try metrics.expectCounter("clickhouse_query_errors_total", [("code", "60"), ("name", "UNKNOWN_TABLE")]).totalValue == 1)
        #expect(try metrics.expectCounter("clickhouse_query_rows_total").totalValue == 1001)
        #expect(try metrics.expectTimer("clickhouse_query_duration_seconds", [("kind", "query")]).values.count == 3)

        let table = uniqueTable("metrics_insert")
        try c.execute("CREATE TABLE \(table) (id UInt64) ENGINE = Memory")
        defer { _ = try? c.execute("DROP TABLE \(table)") }
        try c.insert(into: table, blocks: [try Block([("id", try FixedWidthColumn<UInt64>(type: .uint64, values: Array(0..<250)))])])
        #expect(try metrics.expectCounter("clickhouse_inserts_total", [("result", "ok")]).totalValue == 1)
        #expect(try metrics.expectCounter("clickhouse_insert_rows_total").totalValue == 250)
    }

    @Test func aCancelledQueryIsCountedAsCancelled() throws {
        let metrics = TestMetrics()
        let c = try Connection(configuration: configuration(metrics))
        defer { c.close() }
        let result = try c.query("SELECT number FROM system.numbers SETTINGS max_block_size = 1000")
        _ = try result.next()
        result.cancel()
        #expect(throws: ClickHouseError.self) { while try result.next() != nil {} }
        #expect(try metrics.expectCounter("clickhouse_queries_total", [("result", "cancelled")]).totalValue == 1)
    }

    @Test func thePoolReportsItsSizeAndAcquireTime() async throws {
        let metrics = TestMetrics()
        let client = Client(configuration: configuration(metrics), pool: PoolConfiguration(maximumConnections: 2))
        async let a = client.query("SELECT sleep(0.2)")
        async let b = client.query("SELECT sleep(0.2)")
        async let c = client.query("SELECT 1")
        _ = try await (a, b, c)
        #expect(try metrics.expectGauge("clickhouse_pool_open").lastValue == 2)
        #expect(try metrics.expectGauge("clickhouse_pool_idle").lastValue == 2)
        #expect(try metrics.expectGauge("clickhouse_pool_waiters").values.contains(1))
        #expect(try metrics.expectTimer("clickhouse_pool_acquire_duration_seconds").values.count == 3)
        await client.shutdown()
    }
}
