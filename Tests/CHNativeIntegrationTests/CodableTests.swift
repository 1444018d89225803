import CHNative
import Foundation
import Testing

/// Encodable rows inserted into real servers and read back as Decodable structs.
@Suite(.serialized) struct CodableTests {
    enum Kind: String, Codable { case small, large = "lar'ge" }
    struct Point: Codable, Equatable { var x: Double; var y: Double }

    /// Many field types; the 26.9 table has a column of each.
    struct Modern: Codable, Equatable {
        var id: UInt64
        var i8: Int8
        var i16: Int16
        var i32: Int32
        var i64: Int64
        var u32: UInt32
        var i128: Int128
        var u128: UInt128
        var f32: Float
        var f64: Double
        var flag: Bool
        var name: String
        var day: Date
        var day32: Date
        var at: Date
        var precise: Date
        var uid: UUID
        var price: Decimal
        var big: Decimal
        var maybe: Int32?
        var note: String?
        var tags: [String]
        var matrix: [[Int16?]]
        var attrs: [String: UInt64]
        var byID: [Int32: String]
        var kind: Kind
        var city: String
        var cityOrNil: String?
        var point: Point
        var ip: String
        var ip6: String
        var payload: Data
    }

    static let modernDDL = """
        id UInt64, i8 Int8, i16 Int16, i32 Int32, i64 Int64, u32 UInt32, i128 Int128, u128 UInt128, f32 Float32, f64 Float64,
        flag Bool, name String, day Date, day32 Date32, at DateTime('Europe/Berlin'), precise DateTime64(6, 'Asia/Kathmandu'),
        uid UUID, price Decimal(18, 4), big Decimal(38, 10), maybe Nullable(Int32), note Nullable(String), tags Array(String),
        matrix Array(Array(Nullable(Int16))), attrs Map(String, UInt64), byID Map(Int32, String),
        kind Enum8('small' = 1, 'lar\\'ge' = 2), city LowCardinality(String), cityOrNil LowCardinality(Nullable(String)),
        point Tuple(x Float64, y Float64), ip IPv4, ip6 IPv6, payload String
        """

    static func modernRows(_ n: Int) -> [Modern] {
        (0..<n).map { i in
            let edge = i == 0
            return Modern(
                id: UInt64(i), i8: edge ? .min : Int8(i % 100), i16: edge ? .max : Int16(i), i32: edge ? .min : Int32(-i), i64: edge ? .max : Int64(i) * 1_000_000_007,
                u32: edge ? .max : UInt32(i), i128: edge ? .min : Int128(i) << 70, u128: edge ? .max : UInt128(i),
                f32: edge ? -.infinity : Float(i) / 8, f64: edge ? 1.7976931348623157e308 : Double(i) * 0.1, flag: i % 2 == 0,
                name: edge ? "tab\tnew\nline 'q' \\ ünï" : "row \(i)",
                day: Date(timeIntervalSince1970: Double(19_000 + i) * 86_400), day32: Date(timeIntervalSince1970: edge ? -2_208_988_800 : Double(i) * 86_400),
                at: Date(timeIntervalSince1970: 1_700_000_000 + Double(i)), precise: Date(timeIntervalSince1970: 1_700_000_000.123456 + Double(i)),
                uid: UUID(uuidString: String(format: "%08x-5cb3-11e7-907b-a6006ad3dba0", i)) ?? UUID(),
                price: Decimal(string: edge ? "-99999999999999.9999" : "\(i).25") ?? 0,
                big: Decimal(string: edge ? "9999999999999999999999999999.9999999999" : "-\(i).0000000001") ?? 0,
                maybe: i % 3 == 0 ? nil : Int32(i), note: i % 4 == 1 ? nil : "n\(i)",
                tags: (0..<(i % 3)).map { "t\($0)" }, matrix: i % 2 == 0 ? [[1, nil], []] : [],
                attrs: i % 2 == 0 ? ["a": UInt64(i), "b": 2] : [:], byID: [Int32(i): "v\(i)", -1: "minus"],
                kind: i % 2 == 0 ? .large : .small, city: ["Köln", "Bonn", ""][i % 3], cityOrNil: i % 5 == 0 ? nil : "c\(i % 4)",
                point: Point(x: Double(i), y: -0.5), ip: "10.0.\(i % 256).1", ip6: edge ? "::ffff:1.2.3.4" : "2001:db8::\(i % 9 + 1)",
                payload: Data(edge ? [0, 0xFF, 0x80] : [UInt8(i % 256)]))
        }
    }

    @Test func roundTripsManyTypesOn26() throws {
        let c = try TestServers.ch26.connect(compression: .lz4)
        defer { c.close() }
        let table = uniqueTable("chn_codable")
        try c.execute("CREATE TABLE \(table) (\(CodableTests.modernDDL)) ENGINE = MergeTree ORDER BY id")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        let rows = CodableTests.modernRows(1000)
        let progress = try c.insert(into: table, rows: rows, blockSize: 300)
        #expect(progress.writtenRows == 1000)
        let back = try c.query("SELECT * FROM \(table) ORDER BY id", as: Modern.self)
        #expect(back.count == rows.count)
        for (a, b) in zip(back, rows) where a != b {
            Issue.record("row \(b.id) differs:\nread  \(a)\nwrote \(b)")
            break
        }
        // The server sees the exact values, not rounded ones.
        #expect(tsvText(try c.queryAll("SELECT toString(precise), toString(big), toString(price), toString(i128), toString(at) FROM \(table) WHERE id = 0"))
                == "2023-11-15 03:58:20.123456\t9999999999999999999999999999.9999999999\t-99999999999999.9999\t-170141183460469231731687303715884105728\t2023-11-14 23:13:20\n")
    }

    /// 18.16 has no Bool, Int128, Date32, DateTime64, Map, LowCardinality, IPv4/IPv6 or named tuples.
    struct Classic: Codable, Equatable {
        var id: UInt64
        var small: Int8
        var flag: Bool
        var name: String
        var code: String
        var day: Date
        var at: Date
        var uid: UUID
        var price: Decimal
        var maybe: Double?
        var tags: [String?]
        var kind: Kind
        var pair: [Int64]
    }

    @Test func roundTripsOn18() throws {
        let c = try TestServers.ch18.connect()
        defer { c.close() }
        let table = uniqueTable("chn_codable18")
        try c.execute("""
            CREATE TABLE \(table) (id UInt64, small Int8, flag UInt8, name String, code FixedString(2), day Date, at DateTime,
            uid UUID, price Decimal(18, 4), maybe Nullable(Float64), tags Array(Nullable(String)),
            kind Enum8('small' = 1, 'lar\\'ge' = 2), pair Tuple(Int64, Int64)) ENGINE = Memory
            """)
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        let rows: [Classic] = (0..<50).map { (i: Int) -> Classic in
            let uid = UUID(uuidString: String(format: "%08x-0000-4000-8000-000000000000", i)) ?? UUID()
            let maybe: Double? = i % 2 == 0 ? nil : Double(i) / 3
            let kind: Kind = i % 2 == 0 ? .small : .large
            return Classic(id: UInt64(i), small: Int8(i - 25), flag: i % 2 == 1, name: "n\t\(i)", code: i == 0 ? "ab" : "x\(i % 10)",
                    day: Date(timeIntervalSince1970: Double(17_000 + i) * 86_400), at: Date(timeIntervalSince1970: 1_500_000_000 + Double(i)),
                    uid: uid, price: Decimal(i) / 4, maybe: maybe, tags: [nil, "t\(i)"], kind: kind, pair: [Int64(i), -Int64(i)])
        }
        try c.insert(into: table, rows: rows)
        let back = try c.query("SELECT * FROM \(table) ORDER BY id", as: Classic.self)
        #expect(back == rows)
    }

    @Test func newerTypesRoundTripOn26() throws {
        struct Shape: Codable, Equatable {
            var id: UInt32
            var bf: Float
            var t: Int32
            var t64: Int64
            var at: [Double]
            var area: [[[Double]]]
            var top: UInt64
            var doc: Doc
            struct Doc: Codable, Equatable { var name: String; var size: Meta?; struct Meta: Codable, Equatable { var w: Int64 } }
        }
        let c = try TestServers.ch26.connect(settings: ["enable_time_time64_type": "1"])
        defer { c.close() }
        let table = uniqueTable("chn_codable_new")
        try c.execute("""
            CREATE TABLE \(table) (id UInt32, bf BFloat16, t Time, t64 Time64(3), at Point, area Polygon,
            top SimpleAggregateFunction(max, UInt64), doc Tuple(name String, size Nullable(Tuple(w Int64)))) ENGINE = Memory
            """)
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        let rows = [Shape(id: 1, bf: 1.5, t: -3600, t64: 86_399_999, at: [1, -2], area: [[[0, 0], [1, 0], [1, 1]]], top: 7,
                          doc: .init(name: "a", size: .init(w: 3))),
                    Shape(id: 2, bf: -0.25, t: 0, t64: 0, at: [0, 0], area: [], top: .max, doc: .init(name: "", size: nil))]
        try c.insert(into: table, rows: rows)
        #expect(try c.query("SELECT * FROM \(table) ORDER BY id", as: Shape.self) == rows)
        #expect(tsvText(try c.queryAll("SELECT bf, t, t64, at, area FROM \(table) ORDER BY id"))
                == "1.5\t-01:00:00\t23:59:59.999\t(1,-2)\t[[(0,0),(1,0),(1,1)]]\n-0.25\t00:00:00\t00:00:00.000\t(0,0)\t[]\n")
    }

    @Test func wrongRowsInsertNothingAndNameTheColumn() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        let table = uniqueTable("chn_codable_bad")
        try c.execute("CREATE TABLE \(table) (id UInt8, name String) ENGINE = Memory")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        struct Row: Encodable { var id: Int; var name: String }
        do {
            try c.insert(into: table, rows: [Row(id: 1, name: "a"), Row(id: 256, name: "b")])
            Issue.record("256 was accepted into UInt8")
        } catch let ClickHouseError.invalidInput(message) {
            #expect(message == "column 'id' row 1: cannot store integer 256 in UInt8 (out of range)")
        }
        struct Extra: Encodable { var id: Int; var name: String; var nope: Int }
        #expect(throws: ClickHouseError.self) { try c.insert(into: table, rows: [Extra(id: 1, name: "a", nope: 1)]) }
        #expect(c.isUsable)
        #expect(tsvText(try c.queryAll("SELECT count() FROM \(table)")) == "0\n")
    }

    @Test func asyncClientInsertsAndDecodes() async throws {
        let client = Client(configuration: TestServers.ch26.configuration())
        let table = uniqueTable("chn_codable_async")
        try await client.execute("CREATE TABLE \(table) (\(CodableTests.modernDDL)) ENGINE = Memory")
        let rows = CodableTests.modernRows(20)
        try await client.insert(into: table, rows: rows)
        let back = try await client.query("SELECT * FROM \(table) ORDER BY id", as: Modern.self)
        #expect(back == rows)
        let counts = try await client.withConnection { c in try await c.query("SELECT count() AS n FROM \(table)", as: UInt64.self) }
        #expect(counts == [20])
        try await client.execute("DROP TABLE \(table)")
        await client.shutdown()
    }
}
