import CHNative
import Foundation
import Testing

/// `Connection.insert(sql:settings:blocks:)`: blocks sent one at a time as the producer makes
/// them, with what was inserted when the producer or the server stops the insert part-way.
@Suite(.serialized) struct InsertStreamTests {
    func block(from start: Int, rows: Int) throws -> Block {
        let ids = try FixedWidthColumn<UInt64>(type: .uint64, values: (start..<(start + rows)).map { UInt64($0) })
        return try Block([("id", ids), ("s", StringColumn((start..<(start + rows)).map { "row \($0)" }))])
    }

    func count(_ c: Connection, _ table: String) throws -> String {
        tsvText(try c.queryAll("SELECT count(), sum(id) FROM \(table)"))
    }

    /// 20,000 blocks in one insert: the ProfileEvents packet 26.9 sends after each block is
    /// read between blocks, so neither side ends up waiting for the other. (Without that, this
    /// insert stops: the client's write times out after 60 s, both socket buffers full.)
    @Test(arguments: TestServers.all)
    func manyBlocksStreamInOneInsert(server: TestServers.Server) throws {
        let c = try server.connect(compression: .lz4)
        defer { c.close() }
        let table = uniqueTable("chn_stream")
        try c.execute("CREATE TABLE \(table) (id UInt64, s String) ENGINE = MergeTree ORDER BY id")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        var calls = 0
        var sample: [String] = []
        try c.insert(sql: "INSERT INTO \(table) (id, s) VALUES") { target in
            sample = target.sample.names
            calls += 1
            return calls > 20000 ? nil : try block(from: (calls - 1) * 100, rows: 100)
        }
        #expect(sample == ["id", "s"])
        #expect(try count(c, table) == "2000000\t1999999000000\n")
    }

    /// A producer that throws ends the insert with the end of the data: the blocks it returned
    /// before are inserted, the error reaches the caller, the connection goes on.
    @Test(arguments: TestServers.all)
    func aProducerErrorInsertsTheBlocksSentBeforeIt(server: TestServers.Server) throws {
        struct Stop: Error {}
        let c = try server.connect()
        defer { c.close() }
        let table = uniqueTable("chn_stream_stop")
        try c.execute("CREATE TABLE \(table) (id UInt64, s String) ENGINE = MergeTree ORDER BY id")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        var calls = 0
        #expect(throws: Stop.self) {
            try c.insert(sql: "INSERT INTO \(table) VALUES") { _ in
                calls += 1
                if calls == 4 { throw Stop() }
                return try block(from: (calls - 1) * 10_000, rows: 10_000)
            }
        }
        #expect(try count(c, table) == "30000\t449985000\n")
    }

    /// The server refusing the data part-way: its exception is thrown as soon as it arrives,
    /// the producer is not asked for more, and the connection serves the next query.
    @Test(arguments: TestServers.all)
    func aServerRefusalStopsTheProducer(server: TestServers.Server) throws {
        let c = try server.connect()
        defer { c.close() }
        let table = uniqueTable("chn_stream_refused"), sink = table + "_sink", view = table + "_mv"
        try c.execute("CREATE TABLE \(table) (id UInt64, s String) ENGINE = MergeTree ORDER BY id")
        try c.execute("CREATE TABLE \(sink) (x UInt8) ENGINE = Memory")
        try c.execute("CREATE MATERIALIZED VIEW \(view) TO \(sink) AS SELECT throwIf(id >= 25000) AS x FROM \(table)")
        defer { for t in [view, sink, table] { _ = try? c.execute("DROP TABLE IF EXISTS \(t)") } }
        var calls = 0
        // Small squashing thresholds make the server push each block through the view at once.
        let settings = server.modern ? ["min_insert_block_size_rows": "1", "min_insert_block_size_bytes": "1"] : [:]
        do {
            try c.insert(sql: "INSERT INTO \(table) VALUES", settings: settings) { _ in
                calls += 1
                if calls > 1 { Thread.sleep(forTimeInterval: 0.05) }
                return calls > 200 ? nil : try block(from: (calls - 1) * (server.modern ? 10_000 : 1_100_000), rows: server.modern ? 10_000 : 1_100_000)
            }
            Issue.record("the insert succeeded")
        } catch let ClickHouseError.server(e) {
            #expect(e.code == 395, "\(e)")
        }
        #expect(calls < 200)
        #expect(tsvText(try c.queryAll("SELECT 1")) == "1\n")
    }
}
