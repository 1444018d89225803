import CHNative
import Foundation
import Testing

/// `Time`, `Time64` and `Interval*` as typed values: boxed as ``CHValue/time(_:precision:)``
/// and ``CHValue/interval(_:unit:)``, printed like the server (also inside composites), decoded
/// to `Duration`/`TimeInterval`/integer counts and inserted from them.
@Suite(.serialized) struct TimeIntervalValueTests {
    static let settings = ["enable_time_time64_type": "1"]

    @Test func boxedValuesAreTyped() throws {
        let c = try TestServers.ch26.connect(settings: TimeIntervalValueTests.settings)
        defer { c.close() }
        let blocks = try c.queryAll("""
            SELECT '-12:34:56'::Time AS t, '-00:00:00.5'::Time64(3) AS t3, '100:00:00.000000001'::Time64(9) AS t9,
                   toIntervalDay(-5) AS d, toIntervalQuarter(3) AS q, toIntervalNanosecond(9223372036854775807) AS n
            """)
        guard let b = blocks.first(where: { $0.rowCount == 1 }) else { Issue.record("no row"); return }
        #expect(b.column(named: "t")?.value(at: 0) == .time(-45_296, precision: 0))
        #expect(b.column(named: "t3")?.value(at: 0) == .time(-500, precision: 3))
        #expect(b.column(named: "t9")?.value(at: 0) == .time(360_000_000_000_001, precision: 9))
        #expect(b.column(named: "d")?.value(at: 0) == .interval(-5, unit: .day))
        #expect(b.column(named: "q")?.value(at: 0) == .interval(3, unit: .quarter))
        #expect(b.column(named: "n")?.value(at: 0) == .interval(.max, unit: .nanosecond))
    }

    static let composites: [String] = [
        "[toIntervalDay(1), toIntervalDay(-2)]",
        "(toIntervalSecond(1), '1:00:00'::Time, '-0:00:01.25'::Time64(2))",
        "map('a', '12:00:00'::Time)",
        "[NULL, '-999:59:59'::Time]::Array(Nullable(Time))",
        "CAST(toIntervalWeek(3) AS Dynamic)",
        "[('1:02:03'::Time64(6))::Variant(Time64(6), String), 'x']",
    ]

    @Test(arguments: composites)
    func compositesPrintLikeTheServer(expr: String) throws {
        let c = try TestServers.ch26.connect(settings: TimeIntervalValueTests.settings)
        defer { c.close() }
        let (mine, server) = try DynamicSharedTests.texts(c, expr)
        #expect(!server.isEmpty)
        #expect(mine == server)
    }

    @Test func decodeAsDurationsSecondsAndCounts() throws {
        struct Row: Decodable {
            var t: Duration; var t3: TimeInterval; var t9: Duration; var tInt: Int32
            var days: Int64; var daysDuration: Duration; var months: Int; var text: String
        }
        let c = try TestServers.ch26.connect(settings: TimeIntervalValueTests.settings)
        defer { c.close() }
        let rows = try c.query("""
            SELECT '-12:34:56'::Time AS t, '-00:00:00.5'::Time64(3) AS t3, '100:00:00.000000001'::Time64(9) AS t9,
                   '01:00:00'::Time AS tInt, toIntervalDay(-5) AS days, toIntervalDay(2) AS daysDuration,
                   toIntervalMonth(7) AS months, '-01:02:03.5'::Time64(1) AS text
            """, as: Row.self)
        #expect(rows.count == 1)
        guard let r = rows.first else { return }
        #expect(r.t == .seconds(-45_296))
        #expect(r.t3 == -0.5)
        #expect(r.t9 == .seconds(360_000) + .nanoseconds(1))
        #expect(r.tInt == 3600)
        #expect(r.days == -5)
        #expect(r.daysDuration == .seconds(172_800))
        #expect(r.months == 7)
        #expect(r.text == "-01:02:03.5")
        // A month has no fixed length: refused, naming the column.
        struct Bad: Decodable { var m: Duration }
        let error = #expect(throws: DecodingError.self) {
            _ = try c.query("SELECT toIntervalMonth(1) AS m", as: Bad.self)
        }
        #expect(String(describing: error).contains("column 'm'"))
    }

    @Test func insertFromDurationsAndSeconds() throws {
        struct Row: Codable, Equatable { var id: UInt32; var t: Duration; var t3: TimeInterval; var t6: Duration }
        let c = try TestServers.ch26.connect(settings: TimeIntervalValueTests.settings)
        defer { c.close() }
        let table = uniqueTable("chn_time_codable")
        try c.execute("CREATE TABLE \(table) (id UInt32, t Time, t3 Time64(3), t6 Time64(6)) ENGINE = Memory")
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        let rows = [Row(id: 1, t: .seconds(-3600), t3: 86_399.999, t6: .seconds(1) + .microseconds(5)),
                    Row(id: 2, t: .seconds(3_599_999), t3: -0.001, t6: .zero)]
        try c.insert(into: table, rows: rows)
        #expect(tsvText(try c.queryAll("SELECT t, t3, t6 FROM \(table) ORDER BY id"))
                == "-01:00:00\t23:59:59.999\t00:00:01.000005\n999:59:59\t-00:00:00.001\t00:00:00.000000\n")
        #expect(try c.query("SELECT * FROM \(table) ORDER BY id", as: Row.self) == rows)
        // A Duration finer than the column's precision is refused before anything is sent.
        do {
            try c.insert(into: table, rows: [Row(id: 3, t: .milliseconds(1500), t3: 0, t6: .zero)])
            Issue.record("1.5 s was accepted into Time")
        } catch let ClickHouseError.invalidInput(message) {
            #expect(message.contains("column 't' row 0"))
            #expect(message.contains("Time"))
        }
        #expect(tsvText(try c.queryAll("SELECT count() FROM \(table)")) == "2\n")
    }
}
