import CHNative
import Testing

/// The newer and alias types (BFloat16, Time, Interval, geo, Nested, SimpleAggregateFunction,
/// Variant, Dynamic, JSON) decode from the real 26.9 server and print exactly as it prints them.
@Suite(.serialized) struct ExtendedTypeTests {
    static let settings = ["enable_time_time64_type": "1", "flatten_nested": "0"]

    static let corpus: [(String, String)] = [
        ("BFloat16", "arrayJoin([toBFloat16(0.1), toBFloat16(1e38), toBFloat16(-3.3e-39), toBFloat16(nan), toBFloat16(-inf), toBFloat16(123456789), toBFloat16(0), toBFloat16(-0.)])"),
        ("Time", "arrayJoin(['12:34:56'::Time, '-999:59:59'::Time, '999:59:59'::Time, '00:00:00'::Time, '-00:00:01'::Time])"),
        ("Time64(3)", "arrayJoin(['-01:02:03.456'::Time64(3), '00:00:00.5'::Time64(3), '999:59:59.999'::Time64(3)])"),
        ("Time64(9)", "arrayJoin(['-00:00:00.5'::Time64(9), '100:00:00.000000001'::Time64(9)])"),
        ("Array(Time)", "arrayJoin([['01:00:00'::Time], []])"),
        ("IntervalDay", "arrayJoin([toIntervalDay(5), toIntervalDay(-9223372036854775808), toIntervalDay(0)])"),
        ("Intervals", "(toIntervalNanosecond(-3), toIntervalYear(1), toIntervalQuarter(2), toIntervalWeek(3), [toIntervalMinute(4)])"),
        ("Point", "arrayJoin([(1.5, 2)::Point, (-0., 1e300)::Point, (nan, -inf)::Point])"),
        ("Ring", "arrayJoin([[(1.5, 2)]::Ring, []::Ring])"),
        ("LineString", "[(0, 0), (1, 1)]::LineString"),
        ("MultiLineString", "[[(0, 0), (1, 1)], []]::MultiLineString"),
        ("Polygon", "[[(0, 0), (1, 0), (1, 1)], [(0.25, 0.25)]]::Polygon"),
        ("MultiPolygon", "arrayJoin([[[[(0, 0), (1, 0), (1, 1)]]], []]::Array(MultiPolygon))"),
        ("Nested", "arrayJoin([[(1, 'a\\tb')], []])::Nested(x UInt8, y String)"),
        ("SimpleAggregateFunction", "arrayJoin([1, 18446744073709551615])::SimpleAggregateFunction(sum, UInt64)"),
        ("SimpleAggregateFunction(anyLast, Nullable)", "arrayJoin([NULL, 'x'])::SimpleAggregateFunction(anyLast, Nullable(String))"),
        ("Variant", "arrayJoin([1::Variant(UInt8, String, Array(String)), 'a\\tb', ['x\\'y'], NULL])"),
        ("Array(Variant)", "[1::Variant(UInt8, String), 'q', NULL]"),
        ("Variant(LowCardinality)", "arrayJoin(['a'::Variant(LowCardinality(String), Int64), 5::Int64, NULL])"),
        ("Dynamic", "(arrayJoin([1::Variant(UInt8, String, Array(UInt8)), 'a', [1, 2], NULL]))::Dynamic"),
        ("Dynamic constants", "arrayJoin(['a'::Dynamic, 1::Dynamic, NULL::Dynamic, [1]::Dynamic])"),
        ("Dynamic(max_types=2)", "(arrayJoin([toDate('2020-01-01')::Variant(Date, Float64), 1.5, NULL]))::Dynamic(max_types=2)"),
        ("JSON", "arrayJoin(['{\"a\":1,\"b\":{\"c\":\"x\\\\ty/\\\\u0001\"}}', '{}', '{\"a\":2,\"d\":[1,2],\"e\":null,\"f\":1.5,\"g\":\"2020-01-01\",\"h\":[{\"k\":1}],\"i\":true,\"j\":18446744073709551615,\"k\":-1e300,\"l\":{}}'])::JSON"),
        ("JSON typed", "arrayJoin(['{\"a\":7,\"b\":{\"c\":\"x\"},\"z\":[]}', '{}'])::JSON(a UInt32, b.c String, max_dynamic_paths=8)"),
        ("Array(JSON)", "['{\"a\":{\"b\":1,\"c\":{\"d\":2}},\"a0\":3}'::JSON, '{}'::JSON]"),
    ]

    @Test(arguments: corpus.map(\.0))
    func textMatchesTheServer(name: String) throws {
        let expr = ExtendedTypeTests.corpus.first { $0.0 == name }?.1 ?? ""
        let c = try TestServers.ch26.connect(compression: .lz4, settings: ExtendedTypeTests.settings)
        defer { c.close() }
        let mine = tsvText(try c.queryAll("SELECT \(expr) AS v"))
        let rows = try c.queryAll("SELECT CAST(formatRow('TabSeparated', v) AS String) AS r FROM (SELECT \(expr) AS v)")
        var expected = ""
        for b in rows {
            let s = try b.column(named: "r", as: StringColumn.self)
            for i in 0..<b.rowCount { expected += String(decoding: s.bytes(at: i), as: UTF8.self) }
        }
        #expect(!expected.isEmpty)
        #expect(mine == expected)
    }

    @Test(arguments: ["BFloat16", "Time", "Time64(3)", "Point", "Ring", "Polygon", "MultiPolygon", "Nested",
                      "SimpleAggregateFunction", "Variant", "Variant(LowCardinality)", "Dynamic", "JSON", "JSON typed"])
    func decodedColumnsReinsertIdentically(name: String) throws {
        let expr = ExtendedTypeTests.corpus.first { $0.0 == name }?.1 ?? ""
        let c = try TestServers.ch26.connect(compression: .zstd, settings: ExtendedTypeTests.settings)
        defer { c.close() }
        let source = try c.queryAll("SELECT \(expr) AS v")
        guard let type = source.first?.columns[0].type else { Issue.record("no rows"); return }
        let table = uniqueTable("chn_xtypes")
        let engine = name.hasPrefix("SimpleAggregate") ? "AggregatingMergeTree" : "MergeTree"
        try c.execute("CREATE TABLE \(table) (n UInt32, v \(type.name)) ENGINE = \(engine) ORDER BY n")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        var blocks: [Block] = []
        var n: UInt32 = 0
        for b in source {
            let ids = try FixedWidthColumn<UInt32>(type: .uint32, values: (0..<UInt32(b.rowCount)).map { n + $0 })
            n += UInt32(b.rowCount)
            blocks.append(try Block([("n", ids), ("v", b.columns[0])]))
        }
        try c.insert(into: table, blocks: blocks)
        #expect(tsvText(try c.queryAll("SELECT v FROM \(table) ORDER BY n")) == tsvText(source))
    }

    @Test func aggregateFunctionStatesAreRefusedNamingTheColumn() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        let error = #expect(throws: ClickHouseError.self) {
            _ = try c.queryAll("SELECT uniqState(number) AS state FROM numbers(10)")
        }
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains("'state'"))
        #expect(text.contains("AggregateFunction(uniq, UInt64)"))
    }

    @Test func typeNamesRoundTrip() throws {
        for name in ["Time", "Time64(3)", "IntervalQuarter", "Point", "MultiPolygon", "Nested(a UInt8, `b c` String)",
                     "SimpleAggregateFunction(anyLast, Nullable(String))", "SimpleAggregateFunction(groupUniqArrayArray(10), Array(UInt8))",
                     "Variant(Array(String), String, UInt8)", "Dynamic", "Dynamic(max_types=2)", "JSON",
                     "JSON(max_dynamic_paths=2, a UInt32, `b c`.d Array(String), SKIP z, SKIP REGEXP 'q.*')",
                     "AggregateFunction(quantiles(0.5, 0.9), Float64)"] {
            #expect(try TypeParser.parse(name).name == name)
        }
        #expect(try TypeParser.parse("Variant(UInt8, String)").name == "Variant(String, UInt8)")
        guard case .json(let spec) = try TypeParser.parse("JSON(max_dynamic_paths=2, a UInt32, `b c`.d Array(String), SKIP z)") else {
            Issue.record("not JSON"); return
        }
        #expect(spec.maxDynamicPaths == 2)
        #expect(spec.typedPaths.map(\.path) == ["a", "b c.d"])
        #expect(spec.typedPaths.map(\.type) == [.uint32, .array(.string)])
    }
}
