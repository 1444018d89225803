import CoreMetrics

/// The metrics CHNative reports through swift-metrics, to ``ConnectionConfiguration/metricsFactory``
/// or, when that is `nil`, to the process's `MetricsSystem` (nothing, until the application
/// bootstraps one). Names follow Prometheus conventions:
///
/// | name | kind | dimensions | what |
/// |---|---|---|---|
/// | `clickhouse_queries_total` | counter | `result`: `ok`, `server_error`, `cancelled`, `failed` | queries ended |
/// | `clickhouse_query_errors_total` | counter | `code`, `name` (e.g. `60`, `UNKNOWN_TABLE`) | server exceptions |
/// | `clickhouse_query_duration_seconds` | timer | `kind`: `query`, `insert` | from sending to the end of the result |
/// | `clickhouse_query_rows_total` | counter | | result rows received |
/// | `clickhouse_query_read_bytes_total` | counter | | bytes the server read (its Progress) |
/// | `clickhouse_inserts_total` | counter | `result` | inserts ended |
/// | `clickhouse_insert_rows_total` | counter | | rows written by inserts |
/// | `clickhouse_connections_opened_total` | counter | | handshakes completed |
/// | `clickhouse_connections_broken_total` | counter | | connections closed after a transport or protocol error |
/// | `clickhouse_reconnects_total` | counter | | reconnects after an old server's exception |
/// | `clickhouse_pool_open` | gauge | | a ``Client``'s open connections |
/// | `clickhouse_pool_idle` | gauge | | a ``Client``'s idle connections |
/// | `clickhouse_pool_waiters` | gauge | | callers waiting for a connection |
/// | `clickhouse_pool_acquire_duration_seconds` | timer | | time to get a connection from the pool |
public struct ClientMetrics: Sendable {
    let factory: any MetricsFactory

    init(_ factory: (any MetricsFactory)?) {
        self.factory = factory ?? MetricsSystem.factory
    }

    func count(_ label: String, _ dimensions: [(String, String)] = [], by amount: Int = 1) {
        Counter(label: label, dimensions: dimensions, factory: factory).increment(by: amount)
    }

    func time(_ label: String, _ dimensions: [(String, String)] = [], nanoseconds: UInt64) {
        Timer(label: label, dimensions: dimensions, factory: factory).recordNanoseconds(Int64(clamping: nanoseconds))
    }

    func gauge(_ label: String, _ value: Int) {
        Gauge(label: label, factory: factory).record(value)
    }

    /// A query or insert ended, after `nanoseconds`, with `rows` received and `progress`.
    func ended(insert: Bool, error: ClickHouseError?, nanoseconds: UInt64, rows: Int, progress: Progress) {
        let result: String
        switch error {
        case nil: result = "ok"
        case .server(let e)?:
            result = "server_error"
            count("clickhouse_query_errors_total", [("code", "\(e.code)"), ("name", e.codeName ?? "")])
        case .cancelled?: result = "cancelled"
        case _?: result = "failed"
        }
        time("clickhouse_query_duration_seconds", [("kind", insert ? "insert" : "query")], nanoseconds: nanoseconds)
        if insert {
            count("clickhouse_inserts_total", [("result", result)])
            count("clickhouse_insert_rows_total", by: Int(clamping: progress.writtenRows))
        } else {
            count("clickhouse_queries_total", [("result", result)])
            count("clickhouse_query_rows_total", by: rows)
            count("clickhouse_query_read_bytes_total", by: Int(clamping: progress.bytes))
        }
    }
}
