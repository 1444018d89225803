import Testing
@testable import CHNative

/// The rows of `DelimitedRows` written through `CellPlan`s against the same rows written by
/// `ValueText`'s cell writers alone (the server-compared reference), for every type the plans
/// cover, composites of them, types they leave to `ValueText`, and the settings that change the
/// text. (The CLI tests compare both with the server.)
@Suite struct DelimitedRowsTests {
    struct Numbers {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func values<T: FixedWidthInteger>(_ n: Int, _: T.Type, edges: [T] = [T.min, T.max, 0]) -> [T] {
            (0..<n).map { i in i < edges.count ? edges[i] : T(truncatingIfNeeded: next()) }
        }
    }

    static func column<T: BitwiseCopyable & Sendable>(_ type: CHType, _ values: [T]) throws -> any Column {
        try FixedWidthColumn(type: type, values: values, defaultTimezone: "Asia/Kolkata")
    }

    /// A block of `n` rows with a column of every planned type and a few others.
    static func block(rows n: Int, seed: UInt64) throws -> Block {
        var r = Numbers(state: seed)
        let strings = (0..<n).map { i -> String in
            ["", "plain", "tab\there", "new\nline", "back\\slash", "quote'single", "quote\"double", "nul\u{0}ctl\u{1}\u{8}\u{c}\r", "é ü", "a,b;c"][i % 10]
                + String(r.next() % 1000)
        }
        let doubles: [Double] = (0..<n).map { i in
            [0.0, -0.0, .nan, .infinity, -.infinity, 1e21, 1e-7, 0.1, .leastNonzeroMagnitude, 1.7976931348623157e308][safe: i] ?? Double(bitPattern: r.next())
        }
        let floats: [Float] = (0..<n).map { i in [Float(0.1), -.infinity, .nan, 3.4e38][safe: i] ?? Float(bitPattern: UInt32(truncatingIfNeeded: r.next())) }
        let nulls: [UInt8] = (0..<n).map { UInt8($0 % 3 == 0 ? 1 : 0) }
        let arrayOffsets: [UInt64] = (0..<n).reduce(into: []) { o, i in o.append((o.last ?? 0) + UInt64(i % 4)) }
        let elementCount = Int(arrayOffsets.last ?? 0)
        let elementStrings = StringColumn((0..<elementCount).map { strings[$0 % n] })
        let lcStrings = try LowCardinalityColumn(strings: (0..<n).map { $0 % 4 == 0 ? nil : "cat'\($0 % 7)" }, nullable: true)
        let decimals32 = r.values(n, Int32.self, edges: [Int32.min + 1, 999_999_999, -5, 0, 100, -100])
        let decimals64 = r.values(n, Int64.self, edges: [Int64.min + 1, Int64.max, -1, 0, 1_000_000, -10])

        var columns: [(String, any Column)] = [
            ("u8", try column(.uint8, r.values(n, UInt8.self))), ("u16", try column(.uint16, r.values(n, UInt16.self))),
            ("u32", try column(.uint32, r.values(n, UInt32.self))), ("u64", try column(.uint64, r.values(n, UInt64.self))),
            ("i8", try column(.int8, r.values(n, Int8.self))), ("i16", try column(.int16, r.values(n, Int16.self))),
            ("i32", try column(.int32, r.values(n, Int32.self))), ("i64", try column(.int64, r.values(n, Int64.self))),
            ("f32", try column(.float32, floats)), ("f64", try column(.float64, doubles)),
            ("b", try column(.bool, (0..<n).map { UInt8($0 % 2) })),
            ("d", try column(.date, r.values(n, UInt16.self))),
            ("d32", try column(.date32, (0..<n).map { _ in Int32(truncatingIfNeeded: r.next() % 6_000_000) - 3_000_000 })),
            ("dt", try column(.dateTime(timezone: "UTC"), r.values(n, UInt32.self))),
            // Spans of few days (written from a table of the block's days).
            ("dNarrow", try column(.date, (0..<n).map { UInt16(19_000 + $0 % 50) })),
            ("d32Narrow", try column(.date32, (0..<n).map { Int32(-800_000 + $0 % 40 * 7) })),
            ("dtNarrow", try column(.dateTime(timezone: "UTC"), (0..<n).map { UInt32(1_700_000_000 + $0 * 977) })),
            ("dtNarrowEnd", try column(.dateTime(timezone: "Etc/UTC"), (0..<n).map { UInt32.max - UInt32($0 * 3) })),
            ("dtDefault", try column(.dateTime(timezone: nil), r.values(n, UInt32.self))),
            ("dtZone", try column(.dateTime(timezone: "America/New_York"), r.values(n, UInt32.self))),
            ("dt64", try column(.dateTime64(precision: 3, timezone: "UTC"), (0..<n).map { _ in Int64(truncatingIfNeeded: r.next() % 1 << 45) - 1 << 44 })),
            ("dt64Zone", try column(.dateTime64(precision: 6, timezone: "Europe/Berlin"), (0..<n).map { _ in Int64(truncatingIfNeeded: r.next() % 1 << 50) })),
            ("dec9", try column(.decimal(precision: 9, scale: 4), decimals32)),
            ("dec9s0", try column(.decimal(precision: 9, scale: 0), decimals32)),
            ("dec18", try column(.decimal(precision: 18, scale: 18), decimals64)),
            ("dec18s6", try column(.decimal(precision: 18, scale: 6), decimals64)),
            ("s", StringColumn(strings)),
            ("ns", try NullableColumn(nullMap: nulls, nested: StringColumn(strings))),
            ("nu64", try NullableColumn(nullMap: nulls, nested: try column(.uint64, r.values(n, UInt64.self)))),
            ("lc", lcStrings),
            ("lcPlain", try LowCardinalityColumn(strings: (0..<n).map { "v\($0 % 5)" })),
            ("as", try ArrayColumn(offsets: arrayOffsets, elements: elementStrings)),
            ("af", try ArrayColumn(offsets: arrayOffsets, elements: try column(.float64, (0..<elementCount).map { Double($0) / 7 }))),
            ("ab", try ArrayColumn(offsets: arrayOffsets, elements: try column(.bool, (0..<elementCount).map { UInt8($0 % 2) }))),
            ("ad", try ArrayColumn(offsets: arrayOffsets, elements: try column(.date, (0..<elementCount).map { UInt16($0 * 37 % 65536) }))),
            ("an", try ArrayColumn(offsets: arrayOffsets, elements: try NullableColumn(nullMap: (0..<elementCount).map { UInt8($0 % 2) },
                                                                                        nested: StringColumn((0..<elementCount).map { "x'\($0)" })))),
            ("aa", try ArrayColumn(offsets: arrayOffsets, elements: try ArrayColumn(offsets: (0..<elementCount).map { UInt64($0 + 1) },
                                                                                    elements: try column(.int32, (0..<elementCount).map { Int32($0) - 5 })))),
            // Left to ValueText: enums, UUIDs, 128-bit integers, tuples, maps.
            ("e", try column(.enum8([.init(name: "a'b", value: 1), .init(name: "c", value: 2)]), (0..<n).map { Int8($0 % 2 + 1) })),
            ("uuid", try column(.uuid, (0..<n).map { UInt128($0) << 70 | UInt128(r.next()) })),
            ("i128", try column(.int128, (0..<n).map { _ in Int128(Int64(bitPattern: r.next())) * 1_000_003 })),
        ]
        columns.append(("ae", try ArrayColumn(offsets: arrayOffsets,
                                              elements: try column(.enum8([.init(name: "x", value: 1)]), [Int8](repeating: 1, count: elementCount)))))
        return try Block(columns)
    }

    static func text(_ block: Block, format: OutputFormat, settings: FormatSettings, planned: Bool) -> [UInt8] {
        var rows = DelimitedRows(format: format, settings: settings)
        rows.planned = planned
        var out = TextOutput()
        rows.start(names: block.names, types: block.types, to: &out)
        rows.rows(block, to: &out)
        rows.rows(block, to: &out)
        rows.end(ResultEnd(totals: block), to: &out)
        return out.bytes
    }

    static var settingVariants: [FormatSettings] {
        var changed = FormatSettings()
        changed.tsvNull = Array("NUL".utf8)
        changed.csvNull = Array("".utf8)
        changed.boolTrue = Array("Y".utf8)
        changed.boolFalse = Array("no".utf8)
        changed.decimalTrailingZeros = true
        changed.tsvCRLF = true
        changed.csvCRLF = true
        changed.csvDelimiter = UInt8(ascii: ";")
        var quotes = FormatSettings()
        quotes.valuesEscapeQuoteWithQuote = true
        quotes.dateTimeOutput = .iso
        var unix = FormatSettings()
        unix.dateTimeOutput = .unixTimestamp
        return [FormatSettings(), changed, quotes, unix]
    }

    @Test(arguments: [OutputFormat.tabSeparated, .tabSeparatedRaw, .tabSeparatedWithNamesAndTypes, .csv, .csvWithNames])
    func plannedRowsAreTheCellWritersRows(format: OutputFormat) throws {
        let block = try Self.block(rows: 300, seed: 11)
        for settings in Self.settingVariants {
            let planned = Self.text(block, format: format, settings: settings, planned: true)
            let reference = Self.text(block, format: format, settings: settings, planned: false)
            #expect(planned.count == reference.count)
            if planned != reference {
                let a = String(decoding: planned, as: UTF8.self).split(separator: "\n")
                let b = String(decoding: reference, as: UTF8.self).split(separator: "\n")
                let first = zip(a, b).first { $0 != $1 }
                Issue.record("\(format) \(settings): first different line\n\(first?.0 ?? "")\nvs\n\(first?.1 ?? "")")
            }
        }
    }

    @Test func aValueLongerThanTheSinkAndManyRowsGoThroughWhole() throws {
        let long = String(repeating: "ab\tc'", count: 40_000)
        let block = try Block([("s", StringColumn([long, "x", long] + (0..<30_000).map { String($0) })),
                               ("n", try FixedWidthColumn(type: .uint32, values: [UInt32](0..<30_003)))])
        for format in [OutputFormat.tabSeparated, .csv] {
            #expect(Self.text(block, format: format, settings: FormatSettings(), planned: true)
                == Self.text(block, format: format, settings: FormatSettings(), planned: false))
        }
    }
}

fileprivate extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
