import CHNative
import Testing

/// A generated corpus — at least 200 values per type plus edge cases — stored on the real 26.9
/// server; every value is printed by CHNative and compared byte for byte with the server's own
/// `formatRow('TabSeparated', v)` of the same row.
@Suite(.serialized) struct FidelityCorpusTests {
    /// One type of the corpus: `generator` is an expression of `number`, `h` and `h2` (two
    /// hashes of the row number); `edges` are SQL literals cast to the type; `nullable` adds
    /// NULL as the first and the last row; `storable` is false for types no table can hold.
    struct Entry: Sendable {
        var type: String
        var generator: String
        var edges: [String] = []
        var nullable = false
        var storable = true
    }

    static let rows = 220
    static let bytes = "substring(unhex(concat(hex(h), hex(h2), hex(h * h2), '09000A5C27FF80C3')), 1 + number % 7, number % 37)"
    static let float64Edges = ["0", "-0.", "nan", "-nan", "inf", "-inf", "5e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "-1.7976931348623157e308",
                               "1e21", "1e20", "1e-7", "1e-6", "0.1", "123456.789", "9007199254740993"]
    static let zones = ["UTC", "Asia/Kathmandu", "Australia/Eucla", "America/St_Johns", "Europe/Berlin", "Pacific/Chatham"]

    static let entries: [Entry] = {
        var e: [Entry] = []
        for (t, bits) in [("UInt8", 8), ("UInt16", 16), ("UInt32", 32), ("UInt64", 64)] {
            e.append(Entry(type: t, generator: "to\(t)(bitShiftRight(h, number % \(bits)))", edges: ["0", "1", "to\(t)(-1)"], nullable: true))
        }
        for t in ["Int8", "Int16", "Int32", "Int64"] {
            e.append(Entry(type: t, generator: "bitShiftRight(to\(t)(h), number % 7)", edges: ["0", "-1", "1", "toNullable(0) - 1"], nullable: true))
        }
        e.append(Entry(type: "UInt128", generator: "bitShiftRight(toUInt128(h) * toUInt128(h2), number % 100)", edges: ["0", "'340282366920938463463374607431768211455'"], nullable: true))
        e.append(Entry(type: "Int128", generator: "bitShiftRight(toInt128(toInt64(h)) * toInt128(h2), number % 100)", edges: ["0", "'-170141183460469231731687303715884105728'", "'170141183460469231731687303715884105727'"], nullable: true))
        e.append(Entry(type: "UInt256", generator: "bitShiftRight(toUInt256(h) * toUInt256(h2) * toUInt256(h) * toUInt256(h2), number % 200)", edges: ["0", "'115792089237316195423570985008687907853269984665640564039457584007913129639935'"]))
        e.append(Entry(type: "Int256", generator: "bitShiftRight(toInt256(toInt64(h)) * toInt256(h2) * toInt256(h) * toInt256(h2), number % 200)", edges: ["'-57896044618658097711785492504343953926634992332820282019728792003956564819968'", "'57896044618658097711785492504343953926634992332820282019728792003956564819967'"], nullable: true))
        e.append(Entry(type: "Float32", generator: "reinterpretAsFloat32(toUInt32(h))", edges: ["0", "-0.", "nan", "inf", "-inf", "1e-45", "3.4028235e38", "0.1", "16777217"], nullable: true))
        e.append(Entry(type: "Float64", generator: "if(number % 2 = 0, reinterpretAsFloat64(h), toFloat64(toInt64(h)) / exp10(number % 30))", edges: float64Edges, nullable: true))
        e.append(Entry(type: "BFloat16", generator: "toBFloat16(reinterpretAsFloat32(toUInt32(h)))", edges: ["0", "-0.", "nan", "inf", "-inf", "0.1", "1e38", "-3.3e-39"], nullable: true))
        e.append(Entry(type: "Bool", generator: "h % 2 = 1", edges: ["true", "false"], nullable: true))
        e.append(Entry(type: "Decimal(9, 4)", generator: "toDecimal32OrZero(concat(toString(toInt32(h) % 100000), '.', toString(h2 % 10000)), 4)", edges: ["99999.9999", "-99999.9999", "0", "0.0001", "-0.0001"], nullable: true))
        e.append(Entry(type: "Decimal(18, 6)", generator: "toDecimal64OrZero(concat(toString(toInt64(h) % 1000000000000), '.', toString(h2 % 1000000)), 6)", edges: ["999999999999.999999", "-999999999999.999999", "0"], nullable: true))
        e.append(Entry(type: "Decimal(38, 20)", generator: "toDecimal128OrZero(concat(toString(toInt64(h) % 100000000000), '.', toString(h2), toString(h)), 20)", edges: ["'999999999999999999.99999999999999999999'", "'-0.00000000000000000001'", "0"]))
        e.append(Entry(type: "Decimal(76, 40)", generator: "toDecimal256OrZero(concat(toString(toInt64(h)), toString(h2), '.', toString(h2), toString(h)), 40)", edges: ["'-999999999999999999999999999999999999.9999999999999999999999999999999999999999'", "0"], nullable: true))
        e.append(Entry(type: "String", generator: bytes, edges: ["''", "'a\\tb\\nc\\rd'", "'\\\\'", "'\\''", "unhex('00')", "unhex('FF80C328')", "repeat('x', 100000)", "'ünïcødé ✓'", "'\\b\\f'"], nullable: true))
        e.append(Entry(type: "FixedString(5)", generator: "toFixedString(substring(\(bytes), 1, 5), 5)", edges: ["''", "unhex('0000000000')", "'\\t\\n\\\\\\'x'"], nullable: true))
        e.append(Entry(type: "Date", generator: "CAST(toUInt16(h) AS Date)", edges: ["toDate('1970-01-01')", "toDate('2149-06-06')", "toDate('2024-02-29')"], nullable: true))
        e.append(Entry(type: "Date32", generator: "CAST(toInt32(h % 146097) - 25567 AS Date32)", edges: ["toDate32('1900-01-01')", "toDate32('2299-12-31')", "toDate32('1969-12-31')"], nullable: true))
        e.append(Entry(type: "DateTime", generator: "CAST(toUInt32(h) AS DateTime)", edges: ["toDateTime(0)", "toDateTime(4294967295)"], nullable: true))
        for z in zones {
            e.append(Entry(type: "DateTime('\(z)')", generator: "CAST(toUInt32(h) AS DateTime('\(z)'))", edges: ["toDateTime(0, 'UTC')", "toDateTime(4294967295, 'UTC')", "toDateTime('2024-03-31 01:59:59', 'UTC')"], nullable: true))
        }
        e.append(Entry(type: "DateTime64(9, 'UTC')", generator: "fromUnixTimestamp64Nano(toInt64(h), 'UTC')",
                       edges: ["toDateTime64('1900-01-01 00:00:00', 9, 'UTC')", "toDateTime64('2262-04-11 23:47:16.854775807', 9, 'UTC')", "toDateTime64(-0.000000001, 9, 'UTC')"], nullable: true))
        for (p, z) in [(3, "Asia/Kathmandu"), (0, "Australia/Eucla"), (6, "America/St_Johns"), (1, "Pacific/Chatham")] {
            e.append(Entry(type: "DateTime64(\(p), '\(z)')", generator: "fromUnixTimestamp64Milli(toInt64(h % 12622780800000) - 2208988800000, 'UTC')",
                           edges: ["toDateTime64('1900-01-01 00:00:00', 3, 'UTC')", "toDateTime64('2299-12-31 23:59:59.999', 3, 'UTC')", "toDateTime64(-0.5, 3, 'UTC')"], nullable: true))
        }
        e.append(Entry(type: "UUID", generator: "generateUUIDv4(number)", edges: ["toUUID('00000000-0000-0000-0000-000000000000')", "toUUID('ffffffff-ffff-ffff-ffff-ffffffffffff')"], nullable: true))
        e.append(Entry(type: "IPv4", generator: "toIPv4(toUInt32(h))", edges: ["toIPv4('0.0.0.0')", "toIPv4('255.255.255.255')"], nullable: true))
        e.append(Entry(type: "IPv6", generator: "toIPv6(IPv6NumToString(toFixedString(unhex(multiIf(number % 5 = 1, concat(repeat('0', 20), 'FFFF', lpad(hex(toUInt32(h2)), 8, '0')), number % 3 = 0, concat(repeat('0', 16), lpad(hex(h2), 16, '0')), concat(lpad(hex(h), 16, '0'), lpad(hex(h2), 16, '0')))), 16)))",
                       edges: ["toIPv6('::')", "toIPv6('::1')", "toIPv6('::ffff:1.2.3.4')", "toIPv6('2001:db8::')", "toIPv6('1::')", "toIPv6('::0.0.0.2')"], nullable: true))
        let enum8 = "Enum8('a' = 1, 'b\\'c' = -128, ' sp' = 127, 'tab\\there' = 0, 'ünï' = 5)"
        e.append(Entry(type: enum8, generator: "CAST(['a', 'b\\'c', ' sp', 'tab\\there', 'ünï'][1 + h % 5] AS \(enum8))", nullable: true))
        let enum16 = "Enum16('lo' = -32768, 'hi' = 32767, 'back\\\\slash' = 0)"
        e.append(Entry(type: enum16, generator: "CAST(['lo', 'hi', 'back\\\\slash'][1 + h % 3] AS \(enum16))", nullable: true))
        e.append(Entry(type: "Time", generator: "CAST(toInt32(h % 7199999) - 3599999 AS Time)", edges: ["'-999:59:59'", "'999:59:59'", "'00:00:00'"], nullable: true))
        e.append(Entry(type: "Time64(3)", generator: "CAST(toDecimal64(toInt64(h % 7199999999) - 3599999999, 0) / 1000 AS Time64(3))", edges: ["'-999:59:59.999'", "'00:00:00.001'"], nullable: true))
        e.append(Entry(type: "Time64(9)", generator: "CAST(toDecimal64(toInt64(h % 7199999999) - 3599999999, 0) / 1000 AS Time64(9))", edges: ["'-00:00:00.5'"]))
        for u in ["Nanosecond", "Second", "Day", "Quarter", "Year"] {
            e.append(Entry(type: "Interval\(u)", generator: "toInterval\(u)(bitShiftRight(toInt64(h), number % 60))", storable: false))
        }
        e.append(Entry(type: "LowCardinality(String)", generator: "substring(\(bytes), 1, 3)", edges: ["''", "'\\t'"]))
        e.append(Entry(type: "LowCardinality(Nullable(String))", generator: "if(number % 5 = 0, NULL, substring(\(bytes), 1, 3))", edges: ["NULL", "''"]))
        e.append(Entry(type: "LowCardinality(Nullable(FixedString(4)))", generator: "if(number % 5 = 0, NULL, toFixedString(substring(\(bytes), 1, 4), 4))", edges: ["NULL"]))
        e.append(Entry(type: "Array(Nullable(Int32))", generator: "arrayMap(i -> if(i % 3 = 0, NULL, toInt32(i * h)), range(number % 5))", edges: ["[]", "[NULL]"]))
        e.append(Entry(type: "Array(String)", generator: "arrayMap(i -> substring(unhex(hex(h * i)), 1, i), range(number % 4))", edges: ["[]", "['']", "['\\'\\t\\\\']"]))
        e.append(Entry(type: "Array(Array(LowCardinality(String)))", generator: "arrayMap(i -> arrayMap(j -> toString(h % (j + 2)), range(i)), range(number % 4))", edges: ["[]", "[[]]"]))
        e.append(Entry(type: "Map(String, UInt64)", generator: "mapFromArrays(arrayMap(i -> toString(i * h % 1000), range(number % 4)), arrayMap(i -> i * h, range(number % 4)))", edges: ["map()"]))
        e.append(Entry(type: "Map(String, Array(Tuple(Int32, String)))", generator: "mapFromArrays(arrayMap(i -> hex(i), range(number % 3)), arrayMap(i -> arrayMap(j -> (bitShiftRight(toInt32(h), j), toString(j)), range(i)), range(number % 3)))", edges: ["map()", "map('', [])"]))
        e.append(Entry(type: "Tuple(a String, b Float64, c Nullable(Date))", generator: "(substring(\(bytes), 1, 4), reinterpretAsFloat64(h2), if(number % 3 = 0, NULL, CAST(toUInt16(h) AS Date)))"))
        e.append(Entry(type: "Nested(x UInt8, y String)", generator: "arrayMap(i -> (toUInt8(h * i), substring(\(bytes), 1, i)), range(number % 3))", edges: ["[]"]))
        e.append(Entry(type: "Point", generator: "(reinterpretAsFloat64(h), toFloat64(toInt32(h2)) / 1000)", edges: ["(0, -0.)", "(nan, inf)"]))
        e.append(Entry(type: "Ring", generator: "arrayMap(i -> (toFloat64(i), reinterpretAsFloat64(h * i)), range(number % 4))", edges: ["[]"]))
        e.append(Entry(type: "LineString", generator: "arrayMap(i -> (toFloat64(i) / 3, toFloat64(h % 1000)), range(number % 4))", edges: ["[]"]))
        e.append(Entry(type: "MultiLineString", generator: "arrayMap(j -> arrayMap(i -> (toFloat64(i) / 7, toFloat64(j)), range(j)), range(number % 4))", edges: ["[]", "[[]]"]))
        e.append(Entry(type: "Polygon", generator: "arrayMap(j -> arrayMap(i -> (toFloat64(h % 100) / (i + 1), toFloat64(j)), range(j + 1)), range(number % 3))", edges: ["[]"]))
        e.append(Entry(type: "MultiPolygon", generator: "arrayMap(k -> arrayMap(j -> arrayMap(i -> (toFloat64(i), toFloat64(k) / 9), range(j + 1)), range(k)), range(number % 3))", edges: ["[]"]))
        let variant = "Variant(Array(String), String, UInt64)"
        e.append(Entry(type: variant, generator: "multiIf(number % 4 = 0, CAST(substring(\(bytes), 1, 5) AS \(variant)), number % 4 = 1, CAST(h AS \(variant)), number % 4 = 2, CAST([hex(h2), ''] AS \(variant)), NULL)", edges: ["NULL", "CAST('' AS String)", "CAST([] AS Array(String))"]))
        e.append(Entry(type: "Dynamic", generator: "CAST(multiIf(number % 5 = 0, CAST(substring(\(bytes), 1, 5) AS \(variant)), number % 5 = 1, CAST(h AS \(variant)), number % 5 = 2, CAST([hex(h2)] AS \(variant)), NULL) AS Dynamic)"))
        e.append(Entry(type: "JSON", generator: "CAST(concat('{\"a\":', toString(toInt64(h)), ',\"b\":{\"c\":\"', hex(substring(\(bytes), 1, 3)), '\\\\t\"}', if(number % 3 = 0, ',\"d\":[1,2.5]', ''), if(number % 7 = 0, ',\"e\":{\"f\":true,\"g\":null}', ''), '}') AS JSON)", edges: ["'{}'"]))
        e.append(Entry(type: "JSON(a Int64, b.c String)", generator: "CAST(concat('{\"a\":', toString(toInt64(h)), ',\"b\":{\"c\":\"', hex(h2), '\"}', if(number % 2 = 0, ',\"z\":1.5', ''), '}') AS JSON(a Int64, b.c String))", edges: ["'{}'"]))
        e.append(Entry(type: "SimpleAggregateFunction(sum, UInt64)", generator: "h", edges: ["0"]))
        e.append(Entry(type: "SimpleAggregateFunction(anyLast, Nullable(String))", generator: "if(number % 4 = 0, NULL, substring(\(bytes), 1, 6))", edges: ["NULL"]))
        return e
    }()

    /// Compares every row of `sql` (columns `v` and the server's text `r`) and returns the count.
    static func compare(_ c: Connection, _ sql: String, type: String) throws -> Int {
        var compared = 0
        var mismatches = 0
        for block in try c.queryAll(sql) {
            guard let v = block.column(named: "v") else { continue }
            let r = try block.column(named: "r", as: StringColumn.self)
            for row in 0..<block.rowCount {
                var out = TextOutput()
                v.writeText(at: row, to: &out, style: .tabSeparated)
                out.append(0x0A)
                let theirs = r.bytes(at: row)
                if out.bytes != theirs {
                    mismatches += 1
                    if mismatches <= 3 {
                        Issue.record("\(type) row \(row): CHNative \(String(decoding: out.bytes, as: UTF8.self).debugDescription) server \(String(decoding: theirs, as: UTF8.self).debugDescription)")
                    }
                }
                compared += 1
            }
        }
        return compared
    }

    @Test func everyCorpusValuePrintsLikeTheServer() throws {
        let c = try TestServers.ch26.connect(compression: .lz4, settings: ["enable_time_time64_type": "1", "flatten_nested": "0",
                                                                         "allow_suspicious_low_cardinality_types": "1"])
        defer { c.close() }
        let source = "SELECT number, cityHash64(number) AS h, cityHash64(number, 1) AS h2 FROM numbers(\(FidelityCorpusTests.rows))"
        var values = 0
        var perType: [(String, Int)] = []
        for entry in FidelityCorpusTests.entries {
            let t = entry.type
            let stored = entry.nullable ? "Nullable(\(t))" : t
            var n = 0
            do {
            if entry.storable {
                let table = uniqueTable("chn_corpus")
                try c.execute("CREATE TABLE \(table) (id UInt32, v \(stored)) ENGINE = Memory")
                defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
                if entry.nullable { try c.execute("INSERT INTO \(table) SELECT 0, NULL") }
                try c.execute("INSERT INTO \(table) SELECT number + 1, CAST(\(entry.generator) AS \(t)) FROM (\(source))")
                for (i, edge) in entry.edges.enumerated() {
                    try c.execute("INSERT INTO \(table) SELECT \(100_000 + i), CAST(\(edge) AS \(t))")
                }
                if entry.nullable { try c.execute("INSERT INTO \(table) SELECT 999999, NULL") }
                n = try FidelityCorpusTests.compare(c, "SELECT v, CAST(formatRow('TabSeparated', v) AS String) AS r FROM \(table) ORDER BY id", type: t)
            } else {
                n = try FidelityCorpusTests.compare(c, "SELECT v, CAST(formatRow('TabSeparated', v) AS String) AS r FROM (SELECT number, \(entry.generator) AS v FROM (\(source))) ORDER BY number", type: t)
            }
            } catch {
                Issue.record("\(t): \(error)")
            }
            #expect(n >= 200, "\(t): only \(n) values")
            perType.append((t, n))
            values += n
        }
        print("fidelity corpus: \(perType.count) types, \(values) values compared with ClickHouse 26.9's TabSeparated text")
        for (t, n) in perType { print("  \(n)\t\(t)") }
    }
}
