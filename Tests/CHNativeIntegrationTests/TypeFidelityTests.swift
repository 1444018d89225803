import CHNative
import Testing

/// Core types decoded from the real server print exactly as the server prints them, and
/// re-encode (insert) to the same values.
@Suite(.serialized) struct TypeFidelityTests {
    /// Expressions per core type, with edge cases.
    static let corpus: [(String, String)] = [
        ("UInt8", "arrayJoin([0, 1, 127, 128, 255])::UInt8"),
        ("UInt16", "arrayJoin([0, 1, 65535])::UInt16"),
        ("UInt32", "arrayJoin([0, 4294967295])::UInt32"),
        ("UInt64", "arrayJoin([0, 18446744073709551615])::UInt64"),
        ("Int8", "arrayJoin([-128, -1, 0, 127])::Int8"),
        ("Int16", "arrayJoin([-32768, 32767])::Int16"),
        ("Int32", "arrayJoin([-2147483648, 2147483647])::Int32"),
        ("Int64", "arrayJoin([-9223372036854775808, 9223372036854775807])::Int64"),
        ("Float32", "arrayJoin([0, -0., 1.5, 3.4028235e38, 1e-45, nan, inf, -inf, 0.1])::Float32"),
        ("Float64", "arrayJoin([0, -0., 0.1, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, nan, -inf, 123456.789])::Float64"),
        ("Bool", "arrayJoin([true, false])"),
        ("String", "arrayJoin(['', 'a\\tb\\nc', 'quote\\'s', 'back\\\\slash', 'ünïcødé', unhex('00FF80'), repeat('x', 10000)])"),
        ("FixedString(3)", "arrayJoin(['', 'a', 'abc'])::FixedString(3)"),
        ("Date", "arrayJoin([toDate('1970-01-01'), toDate('2149-06-06'), toDate('2024-02-29')])"),
        ("Date32", "arrayJoin([toDate32('1900-01-01'), toDate32('2299-12-31'), toDate32('1969-12-31')])"),
        ("DateTime", "arrayJoin([toDateTime(0, 'UTC'), toDateTime(4294967295, 'UTC'), toDateTime(1700000000, 'UTC')])"),
        ("DateTime tz", "arrayJoin([toDateTime('2024-03-31 01:59:59', 'Europe/Berlin'), toDateTime('2024-10-27 02:30:00', 'Europe/Berlin'), toDateTime('2020-06-01 12:00:00', 'Asia/Kathmandu')])"),
        ("DateTime64", "arrayJoin([toDateTime64('1900-01-01 00:00:00.001', 3, 'UTC'), toDateTime64('2299-12-31 23:59:59.999', 3, 'UTC'), toDateTime64(-0.5, 3, 'UTC')])"),
        ("DateTime64 tz", "arrayJoin([toDateTime64('2024-01-01 00:00:00.123456', 6, 'America/St_Johns'), toDateTime64('1999-12-31 23:59:59.999999999', 9, 'Asia/Kolkata')])"),
        ("UUID", "arrayJoin([toUUID('00000000-0000-0000-0000-000000000000'), toUUID('61f0c404-5cb3-11e7-907b-a6006ad3dba0'), toUUID('ffffffff-ffff-ffff-ffff-ffffffffffff')])"),
        ("Nullable", "arrayJoin([NULL, 1, NULL])::Nullable(Int32)"),
        ("Nullable(String)", "arrayJoin([NULL, 'x', ''])::Nullable(String)"),
        ("Array", "arrayJoin([[], [1], [1, 2, 3]])::Array(UInt8)"),
        ("Array(Array(Nullable))", "arrayJoin([[[NULL]], [], [[1, NULL], []]])::Array(Array(Nullable(Int8)))"),
        ("Array(String)", "arrayJoin([['a\\'b', ''], []])"),
        ("LowCardinality(String)", "toLowCardinality(arrayJoin(['a', 'b', 'a', '']))"),
        ("LowCardinality(Nullable(String))", "arrayJoin([NULL, 'x', 'x'])::LowCardinality(Nullable(String))"),
        ("Array(LowCardinality(String))", "arrayJoin([['a', 'b'], [], ['a']])::Array(LowCardinality(String))"),
        ("LowCardinality(FixedString)", "arrayJoin(['ab', 'cd'])::LowCardinality(FixedString(2))"),
        ("Map", "arrayJoin([map('a', 1), map(), map('x', 2, 'y', 3)])::Map(String, UInt64)"),
        ("Tuple", "arrayJoin([(1, 'a'), (2, 'b\\'')])::Tuple(UInt8, String)"),
        ("Decimal", "arrayJoin([toDecimal64(-12.34, 4), toDecimal64(0, 4), toDecimal64(99999999999999.9999, 4)])"),
        ("IPv4", "arrayJoin([toIPv4('0.0.0.0'), toIPv4('255.255.255.255'), toIPv4('10.1.2.3')])"),
        ("IPv6", "arrayJoin([toIPv6('::'), toIPv6('::1'), toIPv6('2001:db8::8a2e:370:7334'), toIPv6('::ffff:1.2.3.4')])"),
        ("Enum8", "arrayJoin(['a', 'b\\'c'])::Enum8('a' = 1, 'b\\'c' = -2)"),
        ("Int128", "arrayJoin([toInt128('-170141183460469231731687303715884105728'), toInt128(0), toInt128('170141183460469231731687303715884105727')])"),
        ("UInt256", "arrayJoin([toUInt256(0), toUInt256('115792089237316195423570985008687907853269984665640564039457584007913129639935')])"),
    ]

    @Test(arguments: corpus.map(\.0))
    func textMatchesTheServer(name: String) throws {
        let expr = TypeFidelityTests.corpus.first { $0.0 == name }?.1 ?? ""
        let c = try TestServers.ch26.connect(compression: .lz4)
        defer { c.close() }
        let mine = tsvText(try c.queryAll("SELECT \(expr) AS v"))
        // formatRow gives the server's own TabSeparated text of each row.
        let rows = try c.queryAll("SELECT CAST(formatRow('TabSeparated', v) AS String) AS r FROM (SELECT \(expr) AS v)")
        var expected = ""
        for b in rows {
            let s = try b.column(named: "r", as: StringColumn.self)
            for i in 0..<b.rowCount { expected += String(decoding: s.bytes(at: i), as: UTF8.self) }
        }
        #expect(!expected.isEmpty)
        #expect(mine == expected)
    }

    @Test(arguments: ["UInt8", "Int64", "Float64", "String", "FixedString(3)", "Date", "Date32", "DateTime", "DateTime64",
                      "UUID", "Nullable(String)", "Array(Array(Nullable))", "LowCardinality(String)",
                      "LowCardinality(Nullable(String))", "Array(LowCardinality(String))", "Map", "Tuple", "Decimal",
                      "IPv4", "IPv6", "Enum8", "Int128", "UInt256"])
    func decodedColumnsReinsertIdentically(name: String) throws {
        let expr = TypeFidelityTests.corpus.first { $0.0 == name }?.1 ?? ""
        let c = try TestServers.ch26.connect(compression: .zstd)
        defer { c.close() }
        let source = try c.queryAll("SELECT \(expr) AS v")
        guard let type = source.first?.columns[0].type else { Issue.record("no rows"); return }
        let table = uniqueTable("chn_types")
        try c.execute("CREATE TABLE \(table) (n UInt32, v \(type.name)) ENGINE = MergeTree ORDER BY n")
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

    @Test func coreTypesOnTheOldServer() throws {
        let c = try TestServers.ch18.connect(compression: .lz4)
        defer { c.close() }
        let sql = """
            SELECT toUInt64(18446744073709551615), toInt8(-128), toFloat64(0.1), 'a\\tb', toFixedString('ab', 3),
            toDate('2019-01-01'), toDateTime('2019-01-01 10:00:00', 'Asia/Kolkata'), toUUID('61f0c404-5cb3-11e7-907b-a6006ad3dba0'),
            CAST(NULL AS Nullable(String)), [[1, 2], []], toLowCardinality('x'), (1, 'a')
            """
        #expect(tsvText(try c.queryAll(sql)) == "18446744073709551615\t-128\t0.1\ta\\tb\tab\\0\t2019-01-01\t2019-01-01 10:00:00\t61f0c404-5cb3-11e7-907b-a6006ad3dba0\t\\N\t[[1,2],[]]\tx\t(1,'a')\n")
    }
}
