import CHNative
import InMemoryTracing
import Testing
import Tracing

/// swift-distributed-tracing: a client span per query and insert with the OpenTelemetry database
/// attributes, checked with the package's own in-memory tracer against the live server.
@Suite(.serialized) struct TracingTests {
    func configuration(_ tracer: InMemoryTracer) -> ConnectionConfiguration {
        var c = TestServers.ch26.configuration()
        c.tracer = tracer
        return c
    }

    @Test func aQueryIsOneClientSpanWithTheDatabaseAttributes() throws {
        let tracer = InMemoryTracer()
        let c = try Connection(configuration: configuration(tracer))
        defer { c.close() }
        _ = try c.queryAll("/* report */ SELECT number FROM numbers({n:UInt8})", parameters: ["n": "17"])
        let spans = tracer.finishedSpans
        #expect(spans.count == 1)
        let span = try #require(spans.first)
        #expect(span.operationName == "SELECT")
        #expect(span.kind == .client)
        #expect(span.attributes["db.system.name"]?.toSpanAttribute() == "clickhouse")
        #expect(span.attributes["db.query.text"]?.toSpanAttribute() == "/* report */ SELECT number FROM numbers({n:UInt8})")
        #expect(span.attributes["server.port"]?.toSpanAttribute() == .int64(Int64(TestServers.ch26.port)))
        #expect(span.attributes["db.response.returned_rows"]?.toSpanAttribute() == .int64(17))
        #expect(span.errors.isEmpty)
    }

    @Test func aFailedQueryRecordsTheServersError() throws {
        let tracer = InMemoryTracer()
        let c = try Connection(configuration: configuration(tracer))
        defer { c.close() }
        #expect(throws: ClickHouseError.self) { try c.execute("SELECT * FROM no_such_table_traced") }
        let span = try #require(tracer.finishedSpans.first)
        #expect(span.attributes["error.type"]?.toSpanAttribute() == "UNKNOWN_TABLE")
        #expect(span.attributes["db.response.status_code"]?.toSpanAttribute() == "60")
        #expect(span.errors.count == 1)
        #expect(span.status?.code == .error)
    }

    @Test func insertsAreSpansWithTheirWrittenRows() throws {
        let tracer = InMemoryTracer()
        let c = try Connection(configuration: configuration(tracer))
        defer { c.close() }
        let table = uniqueTable("traced_insert")
        try c.execute("CREATE TABLE \(table) (id UInt64) ENGINE = Memory")
        defer { _ = try? c.execute("DROP TABLE \(table)") }
        tracer.clearFinishedSpans()
        try c.insert(into: table, blocks: [try Block([("id", try FixedWidthColumn<UInt64>(type: .uint64, values: [1, 2, 3]))])])
        #expect(throws: ClickHouseError.self) { try c.insert(into: "no_such_table_traced", blocks: [try Block([("id", try FixedWidthColumn<UInt64>(type: .uint64, values: [1]))])]) }
        let spans = tracer.finishedSpans
        #expect(spans.map(\.operationName) == ["INSERT", "INSERT"])
        #expect(spans.first?.attributes["clickhouse.written_rows"]?.toSpanAttribute() == .int64(3))
        #expect(spans.last?.status?.code == .error)
    }
}
