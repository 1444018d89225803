import CHNative
import Foundation
import Testing

/// `insert(into:rows:)` of `Encodable` values into `Variant`, `Dynamic` and `JSON` columns of
/// the real 26.9 server: the server reads back what was inserted, with the types chosen as
/// documented; values that fit nowhere are refused naming column, row and value.
@Suite(.serialized) struct CodableDynamicInsertTests {
    static let settings = ["allow_experimental_variant_type": "1", "allow_experimental_dynamic_type": "1",
                           "allow_experimental_json_type": "1", "enable_time_time64_type": "1",
                           "allow_suspicious_variant_types": "1"]

    /// A value of one of several Swift types, encoded as that type.
    enum Value: Encodable {
        case int(Int), uint(UInt64), string(String), double(Double), strings([String]), date(Date), bool(Bool)
        case uuid(UUID), decimal(Decimal), ints([Int?]), pair(Pair), none

        struct Pair: Encodable { var x: Int; var label: String }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .int(let v): try c.encode(v)
            case .uint(let v): try c.encode(v)
            case .string(let v): try c.encode(v)
            case .double(let v): try c.encode(v)
            case .strings(let v): try c.encode(v)
            case .date(let v): try c.encode(v)
            case .bool(let v): try c.encode(v)
            case .uuid(let v): try c.encode(v)
            case .decimal(let v): try c.encode(v)
            case .ints(let v): try c.encode(v)
            case .pair(let v): try c.encode(v)
            case .none: try c.encodeNil()
            }
        }
    }

    struct Row: Encodable { var id: UInt32; var v: Value }

    static func text(_ c: Connection, _ sql: String) throws -> String { tsvText(try c.queryAll(sql)) }

    @Test func variantMembersAreChosenByKindAndRange() throws {
        let c = try TestServers.ch26.connect(settings: CodableDynamicInsertTests.settings)
        defer { c.close() }
        let table = uniqueTable("chn_codable_variant")
        try c.execute("""
            CREATE TABLE \(table) (id UInt32, v Variant(Int8, UInt64, String, Float64, Array(String), DateTime64(3, 'UTC'), Bool))
            ENGINE = MergeTree ORDER BY id
            """)
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        let values: [Value] = [.int(5), .int(300), .int(-300), .string("a\tb"), .double(1.5), .strings(["p", "q"]),
                               .date(Date(timeIntervalSince1970: 1_600_000_000.25)), .bool(true), .none, .uint(18_446_744_073_709_551_615)]
        try c.insert(into: table, rows: values.enumerated().map { Row(id: UInt32($0), v: $1) })
        #expect(try CodableDynamicInsertTests.text(c, "SELECT variantType(v), v FROM \(table) ORDER BY id") == """
            Int8\t5
            UInt64\t300
            Float64\t-300
            String\ta\\tb
            Float64\t1.5
            Array(String)\t['p','q']
            DateTime64(3, \\'UTC\\')\t2020-09-13 12:26:40.250
            Bool\ttrue
            None\t\\N
            UInt64\t18446744073709551615

            """)
        // Nothing holds a Double in Variant(Int8, String): refused before anything is sent.
        let narrow = uniqueTable("chn_codable_variant_narrow")
        try c.execute("CREATE TABLE \(narrow) (id UInt32, v Variant(Int8, String)) ENGINE = Memory")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(narrow)") }
        do {
            try c.insert(into: narrow, rows: [Row(id: 0, v: .int(1)), Row(id: 1, v: .double(1.5))])
            Issue.record("1.5 was accepted into Variant(Int8, String)")
        } catch let ClickHouseError.invalidInput(message) {
            #expect(message == "column 'v' row 1: cannot store floating-point 1.5 in Variant(Int8, String) (no variant holds it)")
        }
        #expect(try CodableDynamicInsertTests.text(c, "SELECT count() FROM \(narrow)") == "0\n")
    }

    @Test func dynamicTypesComeFromTheSwiftValues() throws {
        let c = try TestServers.ch26.connect(settings: CodableDynamicInsertTests.settings)
        defer { c.close() }
        let table = uniqueTable("chn_codable_dynamic")
        try c.execute("CREATE TABLE \(table) (id UInt32, v Dynamic) ENGINE = MergeTree ORDER BY id")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        let values: [Value] = [.int(-7), .uint(18_446_744_073_709_551_615), .double(0.1), .string("x'y"), .bool(false),
                               .date(Date(timeIntervalSince1970: 1_600_000_000.5)), .uuid(UUID(uuidString: "61F0C404-5CB3-11E7-907B-A6006AD3DBA0") ?? UUID()),
                               .decimal(Decimal(string: "-12.345") ?? 0), .decimal(Decimal(string: "7.5") ?? 0), .ints([1, nil, 3]), .ints([]),
                               .strings(["a"]), .pair(.init(x: 1, label: "one")), .none]
        try c.insert(into: table, rows: values.enumerated().map { Row(id: UInt32($0), v: $1) })
        #expect(try CodableDynamicInsertTests.text(c, "SELECT dynamicType(v), v FROM \(table) ORDER BY id SETTINGS session_timezone = 'UTC'") == """
            Int64\t-7
            UInt64\t18446744073709551615
            Float64\t0.1
            String\tx\\'y
            Bool\tfalse
            DateTime64(6)\t2020-09-13 12:26:40.500000
            UUID\t61f0c404-5cb3-11e7-907b-a6006ad3dba0
            Decimal(38, 3)\t-12.345
            Decimal(38, 3)\t7.5
            Array(Nullable(Int64))\t[1,NULL,3]
            Array(Nothing)\t[]
            Array(String)\t['a']
            Tuple(x Int64, label String)\t(1,'one')
            None\t\\N

            """)
        // And back into Swift through the decoder.
        struct Back: Decodable { var v: [Int?] }
        #expect(try c.query("SELECT v FROM \(table) WHERE id = 9", as: Back.self).first?.v == [1, nil, 3])
        // Elements of different kinds have no common type.
        do {
            struct Mixed: Encodable { var id: UInt32; var v: [Value] }
            try c.insert(into: table, rows: [Mixed(id: 99, v: [.int(1), .string("a")])])
            Issue.record("a mixed array was accepted")
        } catch let ClickHouseError.invalidInput(message) {
            #expect(message.hasPrefix("column 'v' row 0: cannot store array of 2 in Dynamic (array elements of different kinds (Int64, String)"))
        }
    }

    struct Doc: Codable, Equatable {
        struct A: Codable, Equatable { var b: UInt32; var c: String? }
        struct Deep: Codable, Equatable { var y: Bool }
        var a: A
        var tags: [String]
        var n: Double?
        var deep: [String: Deep]?
    }

    struct JSONRow: Codable, Equatable { var id: UInt32; var j: Doc }

    @Test func jsonObjectsFromStructsAndDictionaries() throws {
        let c = try TestServers.ch26.connect(settings: CodableDynamicInsertTests.settings)
        defer { c.close() }
        let table = uniqueTable("chn_codable_json")
        try c.execute("CREATE TABLE \(table) (id UInt32, j JSON(a.b UInt32, max_dynamic_paths = 8)) ENGINE = MergeTree ORDER BY id")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        let rows = [JSONRow(id: 0, j: Doc(a: .init(b: 7, c: "x\ty"), tags: ["p", "q"], n: 1.5, deep: ["x": .init(y: true)])),
                    JSONRow(id: 1, j: Doc(a: .init(b: 4_000_000_000, c: nil), tags: [], n: nil, deep: nil))]
        try c.insert(into: table, rows: rows)
        #expect(try CodableDynamicInsertTests.text(c, "SELECT j FROM \(table) ORDER BY id") == """
            {"a":{"b":7,"c":"x\\\\ty"},"deep":{"x":{"y":true}},"n":1.5,"tags":["p","q"]}
            {"a":{"b":4000000000},"tags":[]}

            """)
        #expect(try CodableDynamicInsertTests.text(c, "SELECT JSONAllPathsWithTypes(j) FROM \(table) ORDER BY id") == """
            {'a.b':'UInt32','a.c':'String','deep.x.y':'Bool','n':'Float64','tags':'Array(String)'}
            {'a.b':'UInt32','tags':'Array(Nothing)'}

            """)
        #expect(try c.query("SELECT * FROM \(table) ORDER BY id", as: JSONRow.self) == rows)
        // A dictionary is an object too; a plain value is not.
        struct DictRow: Encodable { var id: UInt32; var j: [String: Int] }
        try c.insert(into: table, rows: [DictRow(id: 2, j: ["a.b": 1, "z": -1])])
        #expect(try CodableDynamicInsertTests.text(c, "SELECT j FROM \(table) WHERE id = 2") == "{\"a\":{\"b\":1},\"z\":-1}\n")
        struct Plain: Encodable { var id: UInt32; var j: Int }
        do {
            try c.insert(into: table, rows: [Plain(id: 3, j: 1)])
            Issue.record("an integer was accepted as a JSON object")
        } catch let ClickHouseError.invalidInput(message) {
            #expect(message == "column 'j' row 0: cannot store integer 1 in JSON(max_dynamic_paths=8, `a.b` UInt32) (a JSON value is a struct or a dictionary with String keys)")
        }
        // More paths than max_dynamic_paths: the most used ones get columns, the rest go to the
        // shared data as binary type + RowBinary value.
        let small = uniqueTable("chn_codable_json_small")
        try c.execute("CREATE TABLE \(small) (id UInt32, j JSON(max_dynamic_paths = 1)) ENGINE = MergeTree ORDER BY id")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(small)") }
        try c.insert(into: small, rows: [JSONRow(id: 0, j: Doc(a: .init(b: 1, c: "s"), tags: ["t"], n: -2.5, deep: ["k": .init(y: false)])),
                                         JSONRow(id: 1, j: Doc(a: .init(b: 2, c: nil), tags: [], n: nil, deep: nil))])
        #expect(try CodableDynamicInsertTests.text(c, "SELECT j, JSONDynamicPaths(j), JSONSharedDataPaths(j) FROM \(small) ORDER BY id") == """
            {"a":{"b":1,"c":"s"},"deep":{"k":{"y":false}},"n":-2.5,"tags":["t"]}\t['a.b']\t['a.c','deep.k.y','n','tags']
            {"a":{"b":2},"tags":[]}\t['a.b']\t['tags']

            """)
        #expect(try c.query("SELECT * FROM \(small) ORDER BY id", as: JSONRow.self).map(\.j.a.c) == ["s", nil])
    }

    @Test func dynamicTypesBeyondMaxTypesGoToTheSharedVariant() throws {
        let c = try TestServers.ch26.connect(settings: CodableDynamicInsertTests.settings)
        defer { c.close() }
        let table = uniqueTable("chn_codable_dynamic_shared")
        try c.execute("CREATE TABLE \(table) (id UInt32, v Dynamic(max_types = 1)) ENGINE = MergeTree ORDER BY id")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        let values: [Value] = [.int(1), .string("s"), .int(2), .ints([3, nil]), .pair(.init(x: 4, label: "four")), .none, .decimal(Decimal(string: "0.25") ?? 0)]
        try c.insert(into: table, rows: values.enumerated().map { Row(id: UInt32($0), v: $1) })
        #expect(try CodableDynamicInsertTests.text(c, "SELECT dynamicType(v), isDynamicElementInSharedData(v), v FROM \(table) ORDER BY id") == """
            Int64\tfalse\t1
            String\ttrue\ts
            Int64\tfalse\t2
            Array(Nullable(Int64))\ttrue\t[3,NULL]
            Tuple(x Int64, label String)\ttrue\t(4,'four')
            None\tfalse\t\\N
            Decimal(38, 2)\ttrue\t0.25

            """)
        // Dynamic(max_types = 0): everything shared, read back through CHNative's decoder.
        let none = uniqueTable("chn_codable_dynamic_none")
        try c.execute("CREATE TABLE \(none) (id UInt32, v Dynamic(max_types = 0)) ENGINE = Memory")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(none)") }
        try c.insert(into: none, rows: values.enumerated().map { Row(id: UInt32($0), v: $1) })
        var server = ""
        for b in try c.queryAll("SELECT CAST(formatRow('TabSeparated', v) AS String) AS r FROM \(none) ORDER BY id") {
            let r = try b.column(named: "r", as: StringColumn.self)
            for i in 0..<b.rowCount { server += r.string(at: i) }
        }
        let mine = try CodableDynamicInsertTests.text(c, "SELECT v FROM \(none) ORDER BY id")
        #expect(mine == "1\ns\n2\n[3,NULL]\n(4,'four')\n\\N\n0.25\n")
        #expect(server == mine)
    }
}
