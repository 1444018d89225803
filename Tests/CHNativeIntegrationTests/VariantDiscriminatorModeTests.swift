import CHNative
import Testing

/// Whether the 26.9 server ever sends Variant discriminators in compact mode (mode 1, one
/// granule-wise run per granule as MergeTree stores them) to a native client. CHNative refuses
/// mode 1; these tests read every place compact discriminators exist on the server — compact
/// and wide MergeTree parts written with `use_compact_variant_discriminators_serialization = 1`,
/// granules with a single variant or only NULLs, Dynamic and JSON columns, subcolumns, whole
/// granules on one thread — and check every block arrives in the basic mode.
@Suite(.serialized) struct VariantDiscriminatorModeTests {
    static let parts: [(String, String)] = [
        ("wide", "min_rows_for_wide_part = 0, min_bytes_for_wide_part = 0"),
        ("compact", "min_rows_for_wide_part = 1000000000, min_bytes_for_wide_part = 1000000000"),
    ]

    @Test(arguments: parts.map(\.0))
    func compactDiscriminatorsStoredInPartsArriveInBasicMode(part: String) throws {
        let settings = VariantDiscriminatorModeTests.parts.first { $0.0 == part }?.1 ?? ""
        let c = try TestServers.ch26.connect(compression: .lz4)
        defer { c.close() }
        let table = uniqueTable("chn_variant_compact")
        try c.execute("""
            CREATE TABLE \(table) (id UInt32, v Variant(UInt8, String), d Dynamic, j JSON, a Array(Variant(Int64, Float64)))
            ENGINE = MergeTree ORDER BY id
            SETTINGS use_compact_variant_discriminators_serialization = 1, index_granularity = 8, \(settings)
            """)
        defer { _ = try? c.execute("DROP TABLE IF EXISTS \(table)") }
        // Granules of one variant only, of NULLs only, and mixed: the cases compact mode stores as runs.
        try c.execute("""
            INSERT INTO \(table) SELECT number,
                multiIf(number < 16, number::UInt8::Variant(UInt8, String), number < 32, NULL, number % 2 = 0, toString(number), number::UInt8),
                multiIf(number < 16, number::Dynamic, number < 32, NULL, toString(number)::Dynamic),
                if(number < 16, '{"a":1}', '{"b":"x"}')::JSON,
                [number::Int64::Variant(Int64, Float64)]
            FROM numbers(64)
            """)
        try c.execute("OPTIMIZE TABLE \(table) FINAL")
        let expected = tsvText(try c.queryAll("SELECT v, d, j, a FROM \(table) ORDER BY id", settings: ["max_block_size": "8"]))
        var server = ""
        for b in try c.queryAll("SELECT CAST(formatRow('TabSeparated', v, d, j, a) AS String) AS r FROM \(table) ORDER BY id") {
            let s = try b.column(named: "r", as: StringColumn.self)
            for i in 0..<b.rowCount { server += String(decoding: s.bytes(at: i), as: UTF8.self) }
        }
        #expect(expected == server, "every block decoded (mode 1 would have been refused) and printed like the server")
        // Whole granules, subcolumns, one thread, the native output settings.
        for extra in [["max_threads": "1", "max_block_size": "65536"],
                      ["allow_experimental_variant_type": "1", "use_variant_as_common_type": "1"]] {
            let text = tsvText(try c.queryAll("SELECT v, d, j, a FROM \(table) ORDER BY id", settings: extra))
            #expect(text == expected, "\(extra)")
        }
        let sub = try c.queryAll("SELECT v.UInt8, v.String, d.Int64, a.Int64 FROM \(table) ORDER BY id")
        #expect(sub.reduce(0) { $0 + $1.rowCount } == 64)
    }

    @Test func compactModeIsOnlyAMergeTreeSetting() throws {
        let c = try TestServers.ch26.connect()
        defer { c.close() }
        // The server knows it only as a MergeTree (storage) setting, not as a query or format
        // setting, so a client cannot ask for compact discriminators on the wire.
        func count(_ sql: String) throws -> Int { try c.queryAll(sql).reduce(0) { $0 + $1.rowCount } }
        #expect(try count("SELECT name FROM system.merge_tree_settings WHERE name = 'use_compact_variant_discriminators_serialization'") == 1)
        #expect(try count("SELECT name FROM system.settings WHERE name ILIKE '%variant_discriminators%'") == 0)
        #expect(try count("SELECT name FROM system.settings WHERE name ILIKE '%compact_variant%'") == 0)
    }
}
