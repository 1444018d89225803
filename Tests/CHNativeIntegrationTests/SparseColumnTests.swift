import CHNative
import Testing

/// The 26.9 server sends sparse columns from MergeTree parts once revision 54465 is negotiated;
/// they decode to the same values and text the server prints.
@Suite(.serialized) struct SparseColumnTests {
    @Test func revision54465IsNegotiatedWithTheModernServer() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        #expect(ProtocolRevision.current == 54465)
        #expect(c.serverInfo.negotiatedRevision == 54465)
    }

    @Test(arguments: [CompressionMethod.none, .lz4])
    func sparseColumnsMatchTheServer(compression: CompressionMethod) throws {
        let c = try TestServers.ch26.connect(compression: compression)
        defer { c.close() }
        let table = uniqueTable("chn_sparse")
        try c.execute("""
            CREATE TABLE \(table) (n UInt32, a UInt64, f Float64, s String, fs FixedString(3), d Decimal(18, 4),
            dt DateTime('Asia/Kathmandu'), u UUID, t Tuple(x UInt32, y String, z Tuple(p Int8, q String)), keep String)
            ENGINE = MergeTree ORDER BY n SETTINGS ratio_of_defaults_for_sparse_serialization = 0.5, min_bytes_for_wide_part = 0
            """)
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        try c.execute("""
            INSERT INTO \(table) SELECT number, if(number % 97 = 3, number * 1000003, 0), if(number % 89 = 1, number / 7, 0),
            if(number % 101 = 7, concat('v\\t', toString(number)), ''), if(number % 83 = 2, 'abc', ''),
            if(number % 79 = 5, number / 3, 0), if(number % 73 = 1, toDateTime(number * 100000, 'Asia/Kathmandu'), toDateTime(0, 'Asia/Kathmandu')),
            if(number % 71 = 0, generateUUIDv4(number), toUUID('00000000-0000-0000-0000-000000000000')),
            (if(number % 67 = 3, number, 0), if(number % 61 = 2, 'y', ''), (if(number % 59 = 1, -1, 0), if(number % 53 = 0, 'q', ''))),
            toString(number) FROM numbers(20000)
            """)
        let kinds = try c.queryAll("SELECT column, serialization_kind FROM system.parts_columns WHERE table = '\(table)' AND active ORDER BY column")
        let kindText = tsvText(kinds)
        #expect(kindText.contains("a\tSparse"))
        #expect(kindText.contains("s\tSparse"))
        #expect(kindText.contains("keep\tDefault"))
        let mine = tsvText(try c.queryAll("SELECT a, f, s, fs, d, dt, u, t FROM \(table) ORDER BY n"))
        let theirs = try c.queryAll("SELECT CAST(formatRow('TabSeparated', a, f, s, fs, d, dt, u, t) AS String) AS r FROM \(table) ORDER BY n")
        var expected = ""
        for b in theirs {
            let r = try b.column(named: "r", as: StringColumn.self)
            for i in 0..<b.rowCount { expected += String(decoding: r.bytes(at: i), as: UTF8.self) }
        }
        #expect(expected.count > 20000)
        #expect(mine == expected)
    }
}
