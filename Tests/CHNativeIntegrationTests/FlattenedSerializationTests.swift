import CHNative
import Foundation
import Testing

/// The other Native-format settings of 26.9 for `Dynamic` and `JSON`:
/// `output_format_native_use_flattened_dynamic_and_json_serialization` (Dynamic version 3 and
/// JSON version 3: one column per type / path, no shared variant or shared data),
/// `output_format_native_write_json_as_string` (JSON version 1: a String column of JSON texts)
/// and `input_format_native_decode_types_in_binary_format` (the blocks we insert name their
/// types, also inside Dynamic prefixes, in the binary type encoding).
@Suite(.serialized) struct FlattenedSerializationTests {
    static let flattened = "output_format_native_use_flattened_dynamic_and_json_serialization"
    static let jsonAsString = "output_format_native_write_json_as_string"
    static let binaryNames = "output_format_native_encode_types_in_binary_format"
    static let binaryInput = "input_format_native_decode_types_in_binary_format"

    /// Each setting alone, both output settings together, and everything with binary type names.
    static let settingSets: [[String: String]] = [
        [flattened: "1"],
        [jsonAsString: "1"],
        [flattened: "1", jsonAsString: "1"],
        [flattened: "1", binaryNames: "1"],
        [jsonAsString: "1", binaryNames: "1"],
        [flattened: "1", jsonAsString: "1", binaryNames: "1"],
    ]

    /// Queries with Dynamic and JSON in many shapes.
    static let corpus: [String] = [
        // Several types in one Dynamic, NULLs, composite and special types.
        """
        SELECT arrayJoin([toUInt8(1)::Dynamic, 'a\\tb'::Dynamic, NULL::Dynamic, toFloat64(2.5)::Dynamic, toUInt8(3)::Dynamic,
            [1, 2]::Array(UInt8)::Dynamic, toDate('2024-01-02')::Dynamic, toDecimal64(1.5, 3)::Dynamic,
            toDateTime64('2024-01-01 00:00:00.123', 3, 'Asia/Kolkata')::Dynamic, toUUID('00000000-0000-0000-0000-000000000001')::Dynamic,
            toIPv6('2001:db8::1')::Dynamic, (1, 'a')::Tuple(x Int32, y String)::Dynamic, map('a', [NULL, 1])::Dynamic,
            'x'::Enum8('x' = 1)::Dynamic, toLowCardinality('lc')::Dynamic]) AS d
        """,
        // Dynamic nested in Array, Tuple and Map.
        """
        SELECT [toUInt8(1)::Dynamic, 'ab'::Dynamic, NULL]::Array(Dynamic) AS ad,
            tuple(toUInt8(7)::Dynamic, 'q')::Tuple(a Dynamic, b String) AS t, map('k', toInt32(5)::Dynamic, 'l', NULL::Dynamic) AS m,
            [[1::Dynamic], []::Array(Dynamic), ['s'::Dynamic]]::Array(Array(Dynamic)) AS aad
        """,
        // More types than max_types: the flattened serialization sends them all as columns.
        "SELECT arrayJoin([toUInt8(1)::Dynamic, toUInt16(2)::Dynamic, toUInt32(3)::Dynamic, toUInt64(4)::Dynamic, toInt8(-5)::Dynamic, toUInt8(6)::Dynamic]::Array(Dynamic(max_types=2))) AS d",
        "SELECT number::Dynamic(max_types=0) AS d, if(number % 2 = 0, toString(number)::Dynamic, NULL) AS e FROM numbers(5)",
        // JSON: typed paths, dynamic paths, nested objects, arrays, escapes.
        """
        SELECT arrayJoin(['{"a":1,"b":"x"}', '{"a":2,"c":{"d":[1,2]}}', '{}',
            '{"a":3,"e":[{"f":1},{"f":"g"}],"h":true,"i":1.5,"s":"tab\\\\there \\\\u00e9","n":18446744073709551615}'])::JSON(a UInt32) AS j
        """,
        // More paths than max_dynamic_paths (shared data in the normal serialization).
        """
        SELECT arrayJoin(['{"a":1,"b":"x"}', '{"a":2,"c":3}', '{"b":"y","d":{"e":null,"f":[[1],[2,3]]}}'])
            ::JSON(max_dynamic_paths=1, max_dynamic_types=1) AS j
        """,
        "SELECT arrayJoin(['{\"a\":1,\"b\":\"x\"}', '{\"a\":2,\"c\":3}'])::JSON(max_dynamic_paths=0) AS j",
        "SELECT '{\"a\":\"2024-01-01\",\"b\":{\"c\":1},\"z\":5}'::JSON(a Date, b.c UInt8, SKIP z) AS j",
        // JSON inside composites.
        """
        SELECT [NULL, '{"x":1}'::JSON]::Array(Nullable(JSON)) AS a, tuple('{"y":2}'::JSON) AS t, map('k', '{"z":[1,2]}'::JSON) AS m
        """,
        // Many rows, several blocks.
        """
        SELECT if(number % 3 = 0, NULL::Dynamic, if(number % 3 = 1, number::Dynamic, toString(number)::Dynamic)) AS d,
            concat('{"n":', toString(number), if(number % 7 = 0, ',"k":{"x":"y"}', ''), '}')::JSON AS j
        FROM numbers(20000)
        """,
        // Empty results and only NULLs.
        "SELECT toUInt8(1)::Dynamic AS d, '{\"a\":1}'::JSON AS j WHERE 0",
        "SELECT NULL::Dynamic AS d, '{}'::JSON AS j",
    ]

    static func connect() throws -> Connection {
        try TestServers.ch26.connect(compression: .lz4, settings: ["allow_experimental_dynamic_type": "1", "allow_experimental_json_type": "1"])
    }

    /// The server's own TabSeparated text of `sql` (built by the server, sent as one String).
    static func serverText(_ c: Connection, _ sql: String) throws -> String {
        var text = ""
        for b in try c.queryAll("SELECT CAST(formatRow('TabSeparated', *) AS String) AS r FROM (\(sql)) SETTINGS max_threads = 1") {
            let s = try b.column(named: "r", as: StringColumn.self)
            for i in 0..<b.rowCount { text += String(decoding: s.bytes(at: i), as: UTF8.self) }
        }
        return text
    }

    @Test(arguments: 0..<settingSets.count)
    func corpusPrintsLikeTheServer(settingSet: Int) throws {
        let settings = Self.settingSets[settingSet].merging(["max_threads": "1"]) { $1 }
        let c = try Self.connect()
        defer { c.close() }
        for sql in Self.corpus {
            let server = try Self.serverText(c, sql)
            let mine = tsvText(try c.queryAll(sql, settings: settings))
            #expect(mine == server, "\(settings.keys.sorted()): \(sql)")
            // The same with the settings in the query's text.
            let inline = settings.map { "\($0.key) = \($0.value)" }.sorted().joined(separator: ", ")
            #expect(tsvText(try c.queryAll(sql + " SETTINGS \(inline)")) == server, "SETTINGS \(inline): \(sql)")
        }
        #expect(c.isUsable)
    }

    /// The decoded columns are the usual ones: flattened `Dynamic` and `JSON` become
    /// ``DynamicColumn`` / ``JSONColumn`` (types beyond `max_types` and paths beyond
    /// `max_dynamic_paths` in the shared variant / shared data), JSON text a ``JSONStringColumn``.
    @Test func decodedColumnsBoxLikeTheNormalSerialization() throws {
        let c = try Self.connect()
        defer { c.close() }
        let sql = """
            SELECT arrayJoin([toUInt8(1)::Dynamic, toUInt16(2)::Dynamic, toUInt32(3)::Dynamic, toUInt8(4)::Dynamic]::Array(Dynamic(max_types=2))) AS d,
                '{"a":1,"b":{"c":"x"},"e":[1,2]}'::JSON(a UInt32, max_dynamic_paths=1) AS j
            """
        let normal = try c.queryAll(sql).filter { $0.rowCount > 0 }
        let flat = try c.queryAll(sql, settings: [Self.flattened: "1"]).filter { $0.rowCount > 0 }
        let text = try c.queryAll(sql, settings: [Self.jsonAsString: "1"]).filter { $0.rowCount > 0 }
        guard let n = normal.first, let f = flat.first, let t = text.first else {
            Issue.record("no rows")
            return
        }
        guard let nd = n.columns[0] as? DynamicColumn, let fd = f.columns[0] as? DynamicColumn,
              let fj = f.columns[1] as? JSONColumn, let tj = t.columns[1] as? JSONStringColumn else {
            Issue.record("unexpected column kinds: \(f.columns.map { type(of: $0) }), \(t.columns.map { type(of: $0) })")
            return
        }
        #expect(fd.values == nd.values)
        #expect((0..<fd.count).map { fd.valueType(at: $0)?.name } == ["UInt8", "UInt16", "UInt32", "UInt8"])
        #expect(fd.typeNames.count == 2 && fd.sharedValues.count == 1, "the least used of 3 types beyond max_types = 2 is shared")
        #expect(fj.dynamicPaths.count == 1 && !fj.shared.isEmpty, "paths beyond max_dynamic_paths = 1 are in the shared data")
        #expect(fj.values == n.columns[1].values)
        #expect(tj.text(at: 0) == "{\"a\":1,\"b\":{\"c\":\"x\"},\"e\":[1,2]}")
        #expect(tj.value(at: 0) == .map([.bytes(Array("a".utf8)), .bytes(Array("b.c".utf8)), .bytes(Array("e".utf8))],
                                         [.uint(1), .bytes(Array("x".utf8)), .array([.int(1), .int(2)])]))
    }

    struct Inner: Decodable, Equatable { var c: String }
    struct Object: Decodable, Equatable { var a: UInt32; var b: Inner; var e: [Int64]? }
    struct Row: Decodable, Equatable { var n: UInt64; var d: Int64?; var s: String?; var j: Object; var text: String }

    @Test(arguments: [[String: String](), [flattened: "1"], [jsonAsString: "1"], [flattened: "1", jsonAsString: "1", binaryNames: "1"]])
    func rowsDecodeThroughCodable(settings: [String: String]) throws {
        let c = try Self.connect()
        defer { c.close() }
        let sql = """
            SELECT number AS n, if(number = 1, NULL, number::Int64::Dynamic) AS d, if(number = 0, 'zero'::Dynamic, NULL) AS s,
                concat('{"a":', toString(number), ',"b":{"c":"x', toString(number), '"}', if(number = 2, ',"e":[1,2]', ''), '}')::JSON(a UInt32) AS j,
                j AS text
            FROM numbers(3)
            """
        let rows = try c.query(sql, as: Row.self, settings: settings)
        #expect(rows == [
            Row(n: 0, d: 0, s: "zero", j: Object(a: 0, b: Inner(c: "x0"), e: nil), text: "{\"a\":0,\"b\":{\"c\":\"x0\"}}"),
            Row(n: 1, d: nil, s: nil, j: Object(a: 1, b: Inner(c: "x1"), e: nil), text: "{\"a\":1,\"b\":{\"c\":\"x1\"}}"),
            Row(n: 2, d: 2, s: nil, j: Object(a: 2, b: Inner(c: "x2"), e: [1, 2]), text: "{\"a\":2,\"b\":{\"c\":\"x2\"},\"e\":[1,2]}"),
        ])
    }

    /// A column decoded from either serialization re-inserts (a flattened one in the normal
    /// serialization, JSON text in the string serialization) and reads back the same.
    @Test(arguments: [[flattened: "1"], [jsonAsString: "1"], [flattened: "1", jsonAsString: "1", binaryNames: "1"]])
    func decodedColumnsReinsert(settings: [String: String]) throws {
        let c = try Self.connect()
        defer { c.close() }
        let table = uniqueTable("chn_flat_reinsert")
        try c.execute("""
            CREATE TABLE \(table) (n UInt32, d Dynamic(max_types=2), j JSON(a UInt32, max_dynamic_paths=1), a Array(Dynamic)) ENGINE = Memory
            """)
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        let source = """
            SELECT number::UInt32 AS n,
                multiIf(number % 4 = 0, number::Dynamic, number % 4 = 1, toString(number)::Dynamic, number % 4 = 2, NULL::Dynamic,
                        [number]::Dynamic)::Dynamic(max_types=2) AS d,
                concat('{"a":', toString(number), ',"b":"x","c":{"d":', toString(number % 3), '}}')::JSON(a UInt32, max_dynamic_paths=1) AS j,
                [number::Dynamic, 'q'::Dynamic, NULL]::Array(Dynamic) AS a
            FROM numbers(50)
            """
        let expected = try Self.serverText(c, source)
        let blocks = try c.queryAll(source, settings: settings).filter { $0.rowCount > 0 }
        try c.insert(into: table, blocks: blocks)
        #expect(tsvText(try c.queryAll("SELECT * FROM \(table) ORDER BY n")) == expected)
    }

    /// With `input_format_native_decode_types_in_binary_format = 1` the server reads the types in
    /// our blocks (header and Dynamic prefixes) in the binary encoding; inserts follow the
    /// setting from the connection's settings, the query's settings, its text, and `SET`.
    @Test func insertsFollowTheBinaryTypeNamesInputSetting() throws {
        let table = uniqueTable("chn_bin_input")
        let setup = try Self.connect()
        defer {
            _ = try? setup.execute("DROP TABLE IF EXISTS \(table)")
            setup.close()
        }
        try setup.execute("""
            CREATE TABLE \(table) (n UInt32, s LowCardinality(Nullable(String)), d Dynamic, j JSON(a UInt32),
                t Tuple(x Decimal(10, 2), y DateTime64(3, 'UTC')), m Map(String, Array(Dynamic))) ENGINE = Memory
            """)
        func source(_ k: Int) -> String {
            """
            SELECT (number + \(k * 100))::UInt32 AS n, if(number % 2 = 0, NULL, toString(number)) AS s,
                if(number % 3 = 0, number::Dynamic, toString(number)::Dynamic) AS d,
                concat('{"a":', toString(number), ',"b":[', toString(number), ']}')::JSON(a UInt32) AS j,
                (number / 4, toDateTime64(number, 3, 'UTC'))::Tuple(x Decimal(10, 2), y DateTime64(3, 'UTC')) AS t,
                map('k', [number::Dynamic, 'v'::Dynamic]) AS m
            FROM numbers(6)
            """
        }
        func insert(_ c: Connection, _ k: Int, sqlSuffix: String = "", settings: [String: String] = [:]) throws {
            let blocks = try c.queryAll(source(k)).filter { $0.rowCount > 0 }
            try c.insert(sql: "INSERT INTO \(table) (n, s, d, j, t, m) \(sqlSuffix) VALUES", blocks: blocks, settings: settings)
        }
        let plain = try Self.connect()
        defer { plain.close() }
        // From the connection's settings.
        let configured = try TestServers.ch26.connect(settings: [Self.binaryInput: "1", "allow_experimental_dynamic_type": "1"])
        defer { configured.close() }
        try insert(configured, 1)
        // Per query, in the settings and in the text.
        try insert(plain, 2, settings: [Self.binaryInput: "1"])
        try insert(plain, 3, sqlSuffix: "SETTINGS \(Self.binaryInput) = 1")
        // A SET on the session, then off again.
        try plain.execute("SET \(Self.binaryInput) = 1")
        try insert(plain, 4)
        try plain.execute("SET \(Self.binaryInput) = 0")
        try insert(plain, 5)
        #expect(plain.isUsable && configured.isUsable)
        var expected = ""
        for k in 1...5 { expected += try Self.serverText(setup, source(k)) }
        #expect(tsvText(try setup.queryAll("SELECT * FROM \(table) WHERE n < 900 ORDER BY n")) == expected)
    }
}
