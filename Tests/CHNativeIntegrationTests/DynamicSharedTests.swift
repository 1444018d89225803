import CHNative
import Foundation
import Testing

/// Values in a `Dynamic`'s shared variant and in a `JSON`'s shared data (binary type +
/// RowBinary value) decode from the real 26.9 server, print exactly as it prints them, box and
/// decode to Swift, and re-insert byte for byte.
@Suite(.serialized) struct DynamicSharedTests {
    static let settings = ["enable_time_time64_type": "1", "flatten_nested": "0", "allow_suspicious_low_cardinality_types": "1",
                           "allow_experimental_variant_type": "1"]

    static func connect(_ compression: CompressionMethod = .lz4) throws -> Connection {
        try TestServers.ch26.connect(compression: compression, settings: settings)
    }

    /// Composite and special values, each forced into the shared variant with `Dynamic(max_types=0)`.
    static let composites: [(String, String)] = [
        ("Array(UInt8)", "[1, 2, 255]::Array(UInt8)"),
        ("Array(Nullable(String))", "['a\\tb', NULL, '', 'x\\'y']::Array(Nullable(String))"),
        ("Array(Array(Int64))", "[[1, -2], [], [9223372036854775807]]::Array(Array(Int64))"),
        ("Tuple named", "(1, 'x', [1.5, nan])::Tuple(a Int8, `b c` String, d Array(Float64))"),
        ("Tuple unnamed", "(toDate('2020-01-01'), NULL)::Tuple(Date, Nullable(UInt8))"),
        ("Map", "map('k', [NULL, 2], 'l', [])::Map(String, Array(Nullable(Int32)))"),
        ("Map(UInt8, Tuple)", "map(1, (2, 'z'))::Map(UInt8, Tuple(UInt16, String))"),
        ("LowCardinality(String)", "'lc'::LowCardinality(String)"),
        ("LowCardinality(Nullable(String))", "[NULL, 'a', 'a']::Array(LowCardinality(Nullable(String)))"),
        ("Variant", "[1::Variant(UInt8, String), 'q', NULL]::Array(Variant(UInt8, String))"),
        ("Nested Dynamic", "[1::Dynamic, 'a'::Dynamic, NULL::Dynamic, [2]::Dynamic]::Array(Dynamic)"),
        ("Enum8", "'b'::Enum8('a' = -1, 'b' = 2)"),
        ("Enum16", "['x', 'y']::Array(Enum16('x' = 1000, 'y' = -1000))"),
        ("Decimal32", "toDecimal32(-1.25, 4)"),
        ("Decimal256", "toDecimal256('-12345678901234567890.123456789', 30)"),
        ("DateTime", "toDateTime(1700000000)"),
        ("DateTime tz", "toDateTime(1700000000, 'Asia/Kathmandu')"),
        ("DateTime64 tz", "toDateTime64('2020-01-02 03:04:05.678', 3, 'America/St_Johns')"),
        ("DateTime64", "toDateTime64('2020-01-02 03:04:05.678901', 6)"),
        ("Time", "'-12:34:56'::Time"),
        ("Time64", "'999:59:59.999'::Time64(3)"),
        ("IntervalDay", "toIntervalDay(-5)"),
        ("IntervalQuarter", "toIntervalQuarter(3)"),
        ("UUID", "toUUID('61f0c404-5cb3-11e7-907b-a6006ad3dba0')"),
        ("IPv4", "toIPv4('1.2.3.4')"),
        ("IPv6", "toIPv6('2001:db8::ff00:42:8329')"),
        ("FixedString", "toFixedString('a\\0b', 4)"),
        ("Bool", "[true, false]"),
        ("BFloat16", "toBFloat16(1.5)"),
        ("Int256", "toInt256('-57896044618658097711785492504343953926634992332820282019728792003956564819968')"),
        ("UInt128", "toUInt128('340282366920938463463374607431768211455')"),
        ("Point", "(1.5, -2)::Point"),
        ("MultiPolygon", "[[[(0, 0), (1, 0), (1, 1)]]]::MultiPolygon"),
        ("Nested", "[(1, 'a\\tb')]::Nested(x UInt8, y String)"),
        ("JSON", "'{\"a\":1,\"b\":{\"c\":\"x\",\"d\":[1,2]},\"e\":null}'::JSON"),
        ("JSON typed", "'{\"a\":7,\"b\":{\"c\":\"x\"},\"z\":[]}'::JSON(a UInt32, b.c String, max_dynamic_paths=1)"),
        ("String", "'a\\tb\\\\c\\nd'"),
        ("Float32", "toFloat32(0.1)"),
        ("NULL", "NULL"),
    ]

    /// Server text and CHNative text of `SELECT expr AS v`.
    static func texts(_ c: Connection, _ expr: String) throws -> (mine: String, server: String) {
        let mine = tsvText(try c.queryAll("SELECT \(expr) AS v"))
        var server = ""
        for b in try c.queryAll("SELECT CAST(formatRow('TabSeparated', v) AS String) AS r FROM (SELECT \(expr) AS v)") {
            let s = try b.column(named: "r", as: StringColumn.self)
            for i in 0..<b.rowCount { server += String(decoding: s.bytes(at: i), as: UTF8.self) }
        }
        return (mine, server)
    }

    @Test(arguments: composites.map(\.0))
    func sharedVariantValuePrintsLikeTheServer(name: String) throws {
        let expr = DynamicSharedTests.composites.first { $0.0 == name }?.1 ?? ""
        let c = try DynamicSharedTests.connect()
        defer { c.close() }
        // Really in the shared variant (the server says so).
        if name != "NULL" {
            let inShared = try c.queryAll("SELECT isDynamicElementInSharedData(CAST(\(expr) AS Dynamic(max_types=0))) AS s")
            #expect(try inShared.first?.column(named: "s", as: FixedWidthColumn<UInt8>.self).values == [1])
        }
        let (mine, server) = try DynamicSharedTests.texts(c, "CAST(\(expr) AS Dynamic(max_types=0))")
        #expect(!server.isEmpty)
        #expect(mine == server)
        // Inside composites and JSON: the same value through Array(Dynamic) and a JSON shared path.
        let (mineArray, serverArray) = try DynamicSharedTests.texts(c, "[CAST(\(expr) AS Dynamic(max_types=0)), 1::Dynamic(max_types=0)]")
        #expect(mineArray == serverArray)
    }

    @Test func everyCorpusTypeInTheSharedVariantPrintsLikeTheServer() throws {
        let c = try DynamicSharedTests.connect()
        defer { c.close() }
        let source = "SELECT number, cityHash64(number) AS h, cityHash64(number, 1) AS h2 FROM numbers(\(FidelityCorpusTests.rows))"
        var values = 0
        for entry in FidelityCorpusTests.entries {
            let t = entry.type
            let edges = entry.edges.isEmpty ? "" : """
                UNION ALL SELECT 1000000 + number, CAST(CAST(arrayElement([\(entry.edges.map { "CAST(\($0) AS \(t))" }.joined(separator: ", "))], number + 1) AS \(t)) AS Dynamic(max_types=0)) FROM numbers(\(entry.edges.count))
                """
            let sql = """
                SELECT v, CAST(formatRow('TabSeparated', v) AS String) AS r FROM (
                    SELECT number, CAST(CAST(\(entry.generator) AS \(t)) AS Dynamic(max_types=0)) AS v FROM (\(source))
                    \(edges))
                ORDER BY number
                """
            do {
                let n = try FidelityCorpusTests.compare(c, sql, type: "Dynamic shared \(t)")
                #expect(n >= 200, "\(t): only \(n) values")
                values += n
            } catch {
                Issue.record("\(t): \(error)")
            }
        }
        print("Dynamic shared variant: \(values) values of \(FidelityCorpusTests.entries.count) types compared with ClickHouse 26.9's TabSeparated text")
    }

    /// Every corpus type as the value of two paths (one nested) of a `JSON(max_dynamic_paths=0)`:
    /// all in the shared data, printed as JSON like the server. Types whose corpus values the
    /// server cannot cast from a Map into JSON (non-UTF-8 strings) are skipped and listed.
    @Test func everyCorpusTypeInJSONSharedDataPrintsLikeTheServer() throws {
        let c = try DynamicSharedTests.connect()
        defer { c.close() }
        let source = "SELECT number, cityHash64(number) AS h, cityHash64(number, 1) AS h2 FROM numbers(\(FidelityCorpusTests.rows))"
        var values = 0
        var types = 0
        var skipped: [String] = []
        for entry in FidelityCorpusTests.entries {
            let t = entry.type
            let value = "CAST(\(entry.generator) AS \(t))"
            let sql = """
                SELECT v, CAST(formatRow('TabSeparated', v) AS String) AS r FROM (
                    SELECT number, CAST(map('k', \(value), 'a.b', \(value)) AS JSON(max_dynamic_paths=0)) AS v FROM (\(source)))
                ORDER BY number
                """
            do {
                let n = try FidelityCorpusTests.compare(c, sql, type: "JSON shared \(t)")
                #expect(n >= 200, "\(t): only \(n) values")
                values += n
                types += 1
            } catch ClickHouseError.server {
                // E.g. strings that are not UTF-8: the server's cast goes through JSON text.
                skipped.append(t)
            } catch {
                Issue.record("\(t): \(error)")
            }
        }
        #expect(types >= 40)
        print("JSON shared data: \(values) values of \(types) types compared with ClickHouse 26.9's TabSeparated text; the server cannot cast the values of \(skipped.count) types into JSON: \(skipped.joined(separator: ", "))")
    }

    /// A table whose Dynamic(max_types=2) holds more types than it may keep apart.
    static func sharedTable(_ c: Connection) throws -> String {
        let table = uniqueTable("chn_dyn_shared")
        try c.execute("CREATE TABLE \(table) (n UInt32, d Dynamic(max_types=2)) ENGINE = MergeTree ORDER BY n")
        try c.execute("""
            INSERT INTO \(table) VALUES (1, 1::Int64), (2, 'a'), (3, 1.5::Float64), (4, [1,2]::Array(UInt8)), (5, '2020-01-01'::Date),
                (6, NULL), (7, (1,'x')::Tuple(a Int8, b String)), (8, map('k', [NULL, 2])::Map(String, Array(Nullable(Int32)))), (9, 2::Int64),
                (10, 'b'), (11, toDateTime64('2021-05-06 07:08:09.5', 1, 'UTC'))
            """)
        return table
    }

    @Test func valuesTypesAndSwiftDecodingOfSharedValues() throws {
        let c = try DynamicSharedTests.connect()
        defer { c.close() }
        let table = try DynamicSharedTests.sharedTable(c)
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        let blocks = try c.queryAll("SELECT d FROM \(table) ORDER BY n")
        var column: DynamicColumn?
        for b in blocks where b.rowCount > 0 { column = b.columns[0] as? DynamicColumn }
        guard let d = column, d.count == 11 else { Issue.record("expected one Dynamic column of 11 rows"); return }
        #expect(d.sharedValues.compactMap { $0 }.count >= 5, "values beyond max_types = 2 are in the shared variant")
        let typeRows = try c.queryAll("SELECT dynamicType(d) AS t FROM \(table) ORDER BY n")
        var serverTypes: [String] = []
        for b in typeRows { for i in 0..<b.rowCount { serverTypes.append(b.columns[0].value(at: i).string ?? "?") } }
        #expect((0..<d.count).map { d.valueType(at: $0)?.name ?? "None" } == serverTypes)
        #expect(d.value(at: 2) == .float(1.5))
        #expect(d.value(at: 3) == .array([.uint(1), .uint(2)]))
        #expect(d.value(at: 4) == .date(18262))
        #expect(d.value(at: 5) == .int(0), "a NULL in VALUES for Dynamic is stored as the default Int64")
        #expect(d.value(at: 6) == .tuple([.int(1), .bytes(Array("x".utf8))]))
        #expect(d.value(at: 10) == .dateTime64(16_202_848_895, precision: 1, timezone: "UTC"))

        struct Row: Decodable { var a: [UInt8]?; var t: Pair?; var m: [String: [Int32?]]?; var f: Double?; var at: Date? }
        struct Pair: Decodable { var a: Int8; var b: String }
        let rows = try c.query("""
            SELECT if(n = 4, d, NULL) AS a, if(n = 7, d, NULL) AS t, if(n = 8, d, NULL) AS m, if(n = 3, d, NULL) AS f,
                   if(n = 11, d, NULL) AS at FROM \(table) ORDER BY n
            """, as: Row.self)
        #expect(rows.count == 11)
        #expect(rows[3].a == [1, 2])
        #expect(rows[6].t?.a == 1 && rows[6].t?.b == "x")
        #expect(rows[7].m == ["k": [nil, 2]])
        #expect(rows[2].f == 1.5)
        #expect(rows[10].at == Date(timeIntervalSince1970: 1_620_284_889.5))
        #expect(rows[0].a == nil)
    }

    @Test func sharedValuesReinsertByteForByte() throws {
        let c = try DynamicSharedTests.connect(.zstd)
        defer { c.close() }
        let table = try DynamicSharedTests.sharedTable(c)
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        let source = try c.queryAll("SELECT n, d FROM \(table) ORDER BY n")
        let copy = uniqueTable("chn_dyn_shared_copy")
        try c.execute("CREATE TABLE \(copy) (n UInt32, d Dynamic(max_types=2)) ENGINE = MergeTree ORDER BY n")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(copy)") }
        try c.insert(into: copy, blocks: source.filter { $0.rowCount > 0 })
        func check(_ t: String) throws -> String {
            tsvText(try c.queryAll("SELECT n, toString(d), dynamicType(d), isDynamicElementInSharedData(d) FROM \(t) ORDER BY n"))
        }
        #expect(try check(copy) == check(table))
        #expect(try check(table).contains("true"))
        // JSON with shared data too.
        let json = uniqueTable("chn_json_shared")
        try c.execute("CREATE TABLE \(json) (n UInt32, j JSON(max_dynamic_paths=1)) ENGINE = MergeTree ORDER BY n")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(json)") }
        try c.execute("INSERT INTO \(json) VALUES (1, '{\"a\":1,\"b\":{\"c\":[1,2]},\"d\":\"x\"}'), (2, '{\"z\":true,\"a\":2}'), (3, '{}')")
        let jsonSource = try c.queryAll("SELECT n, j FROM \(json) ORDER BY n")
        let jsonCopy = uniqueTable("chn_json_shared_copy")
        try c.execute("CREATE TABLE \(jsonCopy) (n UInt32, j JSON(max_dynamic_paths=1)) ENGINE = MergeTree ORDER BY n")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(jsonCopy)") }
        try c.insert(into: jsonCopy, blocks: jsonSource.filter { $0.rowCount > 0 })
        func jsonCheck(_ t: String) throws -> String {
            tsvText(try c.queryAll("SELECT n, toString(j), JSONSharedDataPaths(j) FROM \(t) ORDER BY n"))
        }
        #expect(try jsonCheck(jsonCopy) == jsonCheck(json))
        #expect(try jsonCheck(json).contains("['b.c','d']"))
    }

    /// JSON values whose paths go to the shared data (`max_dynamic_paths` 0 and 1), printed as
    /// the server prints them.
    static let jsonCases: [(String, String)] = [
        ("max_dynamic_paths=0", "JSON(max_dynamic_paths=0)"),
        ("max_dynamic_paths=1", "JSON(max_dynamic_paths=1)"),
        ("typed + shared", "JSON(a.b UInt32, max_dynamic_paths=1)"),
        ("max_dynamic_types=1", "JSON(max_dynamic_paths=2, max_dynamic_types=1)"),
    ]

    static let jsonDocuments = [
        "{\"a\":{\"b\":1,\"c\":\"x\\ty\"},\"a0\":[1,2,3],\"d\":null,\"e\":1.5,\"f\":{\"g\":{\"h\":[{\"k\":1},{\"k\":\"s\"}]}}}",
        "{}",
        "{\"z\":true,\"y\":-1e300,\"x\":\"2020-01-01\",\"w\":18446744073709551615,\"v\":[],\"u\":[null,1],\"a\":{\"c\":\"q\"}}",
        "{\"a.b\":5,\"a-b\":6,\"a\":{\"b0\":7},\"\":8,\"ü\":\"ö\"}",
        "{\"arr\":[[1,2],[3]],\"mixed\":[1,\"a\",1.5],\"obj\":{\"e\":{}}}",
    ]

    @Test(arguments: jsonCases.map(\.0))
    func jsonSharedDataPrintsLikeTheServer(name: String) throws {
        let type = DynamicSharedTests.jsonCases.first { $0.0 == name }?.1 ?? ""
        let c = try DynamicSharedTests.connect()
        defer { c.close() }
        let table = uniqueTable("chn_json_sd")
        try c.execute("CREATE TABLE \(table) (n UInt32, j \(type)) ENGINE = MergeTree ORDER BY n")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        for (i, doc) in DynamicSharedTests.jsonDocuments.enumerated() {
            try c.execute("INSERT INTO \(table) SELECT \(i), \(DynamicSharedTests.literal(doc))")
        }
        let expr = "j"
        let mine = tsvText(try c.queryAll("SELECT \(expr) AS v FROM \(table) ORDER BY n"))
        var server = ""
        for b in try c.queryAll("SELECT CAST(formatRow('TabSeparated', \(expr)) AS String) AS r FROM \(table) ORDER BY n") {
            let s = try b.column(named: "r", as: StringColumn.self)
            for i in 0..<b.rowCount { server += String(decoding: s.bytes(at: i), as: UTF8.self) }
        }
        #expect(server.split(separator: "\n").count == DynamicSharedTests.jsonDocuments.count)
        #expect(mine == server)
        // The shared data really was used.
        let sharedPaths = try c.queryAll("SELECT arrayJoin(JSONSharedDataPaths(j)) AS p FROM \(table)")
        #expect(sharedPaths.reduce(0) { $0 + $1.rowCount } > 0)
        // Boxed values and Codable see the shared paths.
        struct Doc: Decodable { struct A: Decodable { var c: String? }; var a: A?; var z: Bool?; var w: UInt64? }
        struct Row: Decodable { var j: Doc }
        let docs = try c.query("SELECT j FROM \(table) ORDER BY n", as: Row.self).map(\.j)
        #expect(docs.count == DynamicSharedTests.jsonDocuments.count)
        #expect(docs[0].a?.c == "x\ty")
        #expect(docs[2].z == true)
        #expect(docs[2].w == 18_446_744_073_709_551_615)
    }

    /// A SQL string literal.
    static func literal(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}

